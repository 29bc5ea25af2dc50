"""The log review page: administrators see who read which cases; nobody else; the review is logged."""

import pytest
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from audit.services import audit_record
from cases.services import CaseSubmission, case_register

pytestmark = pytest.mark.django_db
URL = "/konto/granskning/"


def table(response) -> str:
    body = response.content.decode()
    return body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""


@pytest.fixture
def case(tree):
    return case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Hemligt innehåll",
            unit=tree.care_home,
        )
    ).case


def test_the_url_is_the_one_in_the_brief():
    assert reverse("accounts:audit_review") == URL


def test_an_administrator_sees_who_read_which_case(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference_number in body
    assert "Anna Kontaktsson" in body
    assert "Läste ärendet" in body
    assert "Hemligt innehåll" not in body
    assert Event.objects.filter(action=Action.LOG_REVIEWED, actor=tree.administrator).count() == 1


def test_it_filters_by_staff_member_reference_and_date(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.unit_manager)
    client.force_login(tree.administrator)
    rows = table(client.get(URL, {"staff": tree.unit_manager.pk}))
    assert "Bertil Enhetsson" in rows and "Anna Kontaktsson" not in rows
    assert "Anna Kontaktsson" not in table(client.get(URL, {"reference": "SN 1999/00001"}))
    assert "Anna Kontaktsson" in table(client.get(URL, {"reference": case.reference_number.lower()}))
    assert table(client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-01-02"})) == ""


def test_a_bad_date_range_gets_a_message(client, tree):
    client.force_login(tree.administrator)
    response = client.get(URL, {"date_from": "2026-02-02", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Till-datumet måste" in response.content.decode()


def test_it_pages(client, tree, case):
    for _ in range(55):
        audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    body = client.get(URL).content.decode()
    assert "Sida 1 av 2" in body
    assert client.get(URL, {"sida": 2}).status_code == 200


@pytest.mark.parametrize("persona", ["contact_staff", "unit_manager", "head_of_operations", "registrar"])
def test_other_staff_may_not_review_the_log(client, tree, persona):
    client.force_login(getattr(tree, persona))
    assert client.get(URL).status_code == 403


def test_a_superuser_may_review_the_log(client, tree):
    tree.contact_staff.is_superuser = True
    tree.contact_staff.save()
    client.force_login(tree.contact_staff)
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def other_tree(tree):
    from organisations.testing import build_tree

    return build_tree(slug="grannby", prefix="GB")


def other_case(other_tree):
    return case_register(
        submission=CaseSubmission(
            organisation=other_tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Grannbyns hemliga innehåll",
            unit=other_tree.care_home,
        )
    ).case


def test_an_administrator_sees_only_the_log_of_their_own_organisation(client, tree, case, other_tree):
    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    audit_record(action=Action.SIGNED_IN, actor=other_tree.unit_manager)
    client.force_login(tree.administrator)
    rows = table(client.get(URL, {"all_actions": "on"}))
    assert case.reference_number in rows and "Anna Kontaktsson" in rows
    assert theirs.reference_number not in rows
    from audit.selectors import events_for_review

    seen = events_for_review(reviewer=tree.administrator, all_actions=True)
    assert not seen.filter(actor=other_tree.unit_manager).exists()  # the other organisation's log-in
    assert not seen.filter(case=theirs).exists()
    assert seen.filter(case=case).exists()
    # Nothing of the other organisation's people in the filter either.
    body = client.get(URL).content.decode()
    assert f'value="{tree.contact_staff.pk}"' in body
    for person in (other_tree.contact_staff, other_tree.unit_manager, other_tree.administrator):
        assert f'value="{person.pk}"' not in body
    assert table(client.get(URL, {"reference": theirs.reference_number})) == ""
    # Choosing a person of the other organisation is refused by the form (not a choice), so shows nothing of them.
    response = client.get(URL, {"staff": other_tree.contact_staff.pk})
    assert "Grannbyns" not in response.content.decode()
    assert theirs.reference_number not in table(response)
    # And the other way round.
    client.force_login(other_tree.administrator)
    rows = table(client.get(URL))
    assert theirs.reference_number in rows and case.reference_number not in rows


def test_a_superuser_sees_every_organisations_log(client, tree, case, other_tree):
    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    tree.quality_developer.is_superuser = True
    tree.quality_developer.save()
    client.force_login(tree.quality_developer)
    rows = table(client.get(URL))
    assert case.reference_number in rows and theirs.reference_number in rows


def test_an_administrator_of_both_sees_both(client, tree, case, other_tree):
    from organisations.models import Role, RoleAssignment

    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    RoleAssignment.objects.create(user=tree.administrator, node=other_tree.root, role=Role.ADMINISTRATOR)
    client.force_login(tree.administrator)
    rows = table(client.get(URL))
    assert case.reference_number in rows and theirs.reference_number in rows
