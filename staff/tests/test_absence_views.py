"""The manager's absence pages and the leaving move, through the real views (staff/absence_views.py): who may
open them, setting and ending an absence, the move with its confirmation, and the case page's history."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import Event
from cases.models import Assignment, AssignmentReason
from cases.tests.handling_helpers import register
from organisations.absence import absence_set
from organisations.models import Absence, Role, RoleAssignment
from organisations.testing import grant, make_user

pytestmark = pytest.mark.django_db

LIST = reverse("absence:list")
NEW = reverse("absence:new")
CHOOSE = reverse("absence:handover_choose")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dora(tree):
    user = make_user("testby-dora", "Dora", "Ersättarsson")
    grant(user, tree.care_home, Role.CONTACT_STAFF)
    return user


def away(tree, deputy, *, person=None, days=14):
    today = timezone.localdate()
    return absence_set(
        organisation=tree.organisation,
        person=person or tree.contact_staff,
        deputy=deputy,
        starts_on=today,
        ends_on=today + timedelta(days=days - 1),
        acting_user=tree.unit_manager,
    )


def date_fields(prefix, day):
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def handover_url(person):
    return reverse("absence:handover", args=[person.pk])


# --- who may open the pages ---------------------------------------------------------------------------------


def test_only_managers_may_open_the_pages(tree, dora):
    absence = away(tree, dora)
    for person in (tree.contact_staff, tree.registrar, tree.quality_developer, tree.administrator):
        client = client_for(person)
        for url in (
            LIST,
            NEW,
            CHOOSE,
            reverse("absence:end", args=[absence.pk]),
            handover_url(tree.contact_staff),
        ):
            assert client.get(url).status_code == 403, (person.username, url)
    for person in (tree.unit_manager, tree.deputy_head, tree.head_of_operations, tree.other_unit_manager):
        assert client_for(person).get(LIST).status_code == 200


def test_the_pages_ask_for_a_log_in(client, tree):
    response = client.get(LIST)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_manager_sees_the_absences_of_their_part_only(tree, dora):
    away(tree, dora)
    body = client_for(tree.unit_manager).get(LIST).content.decode()
    assert "Anna Kontaktsson" in body and "Dora Ersättarsson" in body
    assert "Avsluta frånvaron" in body
    other = client_for(tree.other_unit_manager).get(LIST).content.decode()
    assert "Anna Kontaktsson" not in other
    assert "Ingen i din del av organisationen är borta" in other


def test_the_list_says_who_receives_new_cases_now_and_how_many_cases_the_person_holds(tree, dora):
    register(tree)
    register(tree)
    away(tree, dora)
    away(tree, tree.unit_manager, person=dora)
    body = client_for(tree.unit_manager).get(LIST).content.decode()
    # Anna → Dora, who is away too → Bertil.
    assert re.search(r"Bertil Enhetsson \(borta också: Dora Ersättarsson\)", body)
    assert f'href="{handover_url(tree.contact_staff)}"' in body


# --- setting and ending -------------------------------------------------------------------------------------


def test_a_manager_sets_an_absence(tree, dora):
    client = client_for(tree.unit_manager)
    page = client.get(NEW).content.decode()
    assert "Anna Kontaktsson" in page and "Charlie" not in page
    today = timezone.localdate()
    response = client.post(
        NEW,
        {
            "person": tree.contact_staff.pk,
            "deputy": dora.pk,
            **date_fields("starts_on", today),
            **date_fields("ends_on", today + timedelta(days=6)),
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    absence = Absence.objects.get()
    assert (absence.person, absence.deputy, absence.set_by) == (tree.contact_staff, dora, tree.unit_manager)
    assert absence.ends_on == today + timedelta(days=6)
    assert Event.objects.filter(action=Action.ABSENCE_SET, actor=tree.unit_manager).count() == 1
    body = client.get(LIST).content.decode()
    assert "Anna Kontaktsson är borta" in body  # the confirmation


def test_an_open_ended_absence_can_be_set(tree, dora):
    client = client_for(tree.unit_manager)
    response = client.post(
        NEW,
        {
            "person": tree.contact_staff.pk,
            "deputy": dora.pk,
            **date_fields("starts_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Absence.objects.get().ends_on is None
    assert "tills vidare" in client.get(LIST).content.decode()


def test_errors_are_listed_and_what_was_typed_is_kept(tree, dora):
    client = client_for(tree.unit_manager)
    body = client.post(
        NEW, {"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2026"}
    ).content.decode()
    assert "<title>Fel:" in body
    assert "Välj vem som ska vara borta" in body and "Välj ersättaren" in body
    assert 'value="31"' in body
    body = client.post(
        NEW,
        {
            "person": tree.contact_staff.pk,
            "deputy": tree.contact_staff.pk,
            **date_fields("starts_on", timezone.localdate()),
        },
    ).content.decode()
    assert "kan inte vara sin egen ersättare" in body
    assert not Absence.objects.exists()


def test_a_refusal_of_the_service_is_shown_on_its_field(tree, dora):
    # Anna also works at the group home, outside Bertil's part.
    grant(tree.contact_staff, tree.group_home, Role.CONTACT_STAFF)
    body = (
        client_for(tree.unit_manager)
        .post(
            NEW,
            {
                "person": tree.contact_staff.pk,
                "deputy": dora.pk,
                **date_fields("starts_on", timezone.localdate()),
            },
        )
        .content.decode()
    )
    assert "<title>Fel:" in body and "Gruppbostad Björken" in body
    assert 'href="#id_person"' in body
    assert not Absence.objects.exists()


def test_a_person_outside_the_managers_part_cannot_be_chosen(tree, dora):
    body = (
        client_for(tree.unit_manager)
        .post(
            NEW,
            {
                "person": tree.other_unit_staff.pk,
                "deputy": dora.pk,
                **date_fields("starts_on", timezone.localdate()),
            },
        )
        .content.decode()
    )
    assert "<title>Fel:" in body
    assert not Absence.objects.exists()


def test_a_manager_ends_an_absence_after_confirming(tree, dora):
    absence = away(tree, dora)
    url = reverse("absence:end", args=[absence.pk])
    client = client_for(tree.deputy_head)
    assert "Avsluta frånvaron för Anna Kontaktsson?" in client.get(url).content.decode()
    absence.refresh_from_db()
    assert absence.ended_at is None  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.ended_by == tree.deputy_head
    assert Event.objects.filter(action=Action.ABSENCE_ENDED).count() == 1
    assert register(tree).holder == tree.contact_staff


def test_a_manager_outside_cannot_end_it(tree, dora):
    absence = away(tree, dora)
    url = reverse("absence:end", args=[absence.pk])
    client = client_for(tree.other_unit_manager)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    absence.refresh_from_db()
    assert absence.ended_at is None


def test_the_case_page_says_the_deputy_took_the_case_for_someone_away(tree, dora):
    away(tree, dora)
    case = register(tree)
    body = client_for(dora).get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert re.search(r"<dt>Ersättare för</dt>\s*<dd>Anna Kontaktsson, som är borta</dd>", body)
    log = client_for(dora).get(reverse("staff:case_log", args=[case.pk])).content.decode()
    assert "till ersättaren för en handläggare som är borta" in log


# --- the leaving move ---------------------------------------------------------------------------------------


def review(client, person, data):
    return client.post(handover_url(person), {**data, "step": "review"})


def confirmed_from(body):
    return re.findall(r'name="confirmed" value="(\d+)"', body)


def test_the_leaving_move_counts_confirms_and_moves_with_audit_rows(tree, dora):
    cases = [register(tree) for _ in range(3)]
    client = client_for(tree.unit_manager)
    response = client.get(CHOOSE, {"person": tree.contact_staff.pk})
    assert response.status_code == 302 and response["Location"] == handover_url(tree.contact_staff)
    page = client.get(handover_url(tree.contact_staff)).content.decode()
    for case in cases:
        assert case.reference_number in page
    body = review(client, tree.contact_staff, {"receiver": dora.pk}).content.decode()
    assert "Flytta 3 ärenden från Anna Kontaktsson?" in body
    assert sorted(confirmed_from(body)) == sorted(str(case.pk) for case in cases)
    for case in cases:
        case.refresh_from_db()
        assert case.holder == tree.contact_staff  # nothing moves before confirming
    response = client.post(
        handover_url(tree.contact_staff),
        {"receiver": dora.pk, "end_roles": "False", "confirmed": confirmed_from(body), "step": "confirm"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    for case in cases:
        case.refresh_from_db()
        assert case.holder == dora
        assert Assignment.objects.filter(case=case).last().reason == AssignmentReason.HANDED_OVER
    assert Event.objects.filter(action=Action.CASE_HANDED_OVER).count() == 3
    assert Event.objects.filter(action=Action.CASES_HANDED_OVER).count() == 1
    assert "3 ärenden från Anna Kontaktsson flyttades." in client.get(LIST).content.decode()
    after = client.get(handover_url(tree.contact_staff)).content.decode()
    assert "har inga öppna ärenden i din del" in after


def test_cases_that_cannot_be_moved_are_listed_before_and_after(tree, dora):
    grant(tree.contact_staff, tree.home_care, Role.CONTACT_STAFF)
    here = register(tree)
    there = register(tree, unit=tree.home_care)
    client = client_for(tree.unit_manager)
    body = review(client, tree.contact_staff, {"receiver": dora.pk}).content.decode()
    assert "Flytta 1 ärende från Anna Kontaktsson?" in body
    assert "1 ärende kan inte flyttas" in body
    refused = body[body.index("kan inte flyttas") :]
    assert there.reference_number in refused and "Hemtjänst Norr" in refused
    client.post(
        handover_url(tree.contact_staff),
        {"receiver": dora.pk, "end_roles": "False", "confirmed": confirmed_from(body), "step": "confirm"},
    )
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.holder, there.holder) == (dora, tree.contact_staff)
    after = client.get(handover_url(tree.contact_staff)).content.decode()
    assert "1 ärende kunde inte flyttas" in after and there.reference_number in after
    # Chosen for itself, the case at home care can go to its unit manager.
    body = review(
        client, tree.contact_staff, {"receiver": "", f"case_{there.pk}": tree.unit_manager.pk}
    ).content.decode()
    assert "Flytta 1 ärende från Anna Kontaktsson?" in body and "kan inte flyttas" not in body


def test_a_receiver_is_required_unless_each_case_has_one(tree, dora):
    register(tree)
    body = review(client_for(tree.unit_manager), tree.contact_staff, {"receiver": ""}).content.decode()
    assert "<title>Fel:" in body and "Välj vem som tar emot ärendena" in body


def test_the_move_asks_again_when_the_cases_changed_since_confirming(tree, dora):
    first = register(tree)
    client = client_for(tree.unit_manager)
    body = review(client, tree.contact_staff, {"receiver": dora.pk}).content.decode()
    register(tree)  # a new case came in meanwhile
    body = client.post(
        handover_url(tree.contact_staff),
        {"receiver": dora.pk, "end_roles": "False", "confirmed": confirmed_from(body), "step": "confirm"},
    ).content.decode()
    assert "Ärendena har ändrats sedan du valde" in body
    first.refresh_from_db()
    assert first.holder == tree.contact_staff
    assert not Event.objects.filter(action=Action.CASES_HANDED_OVER).exists()


def test_edit_goes_back_to_the_choices_with_them_kept(tree, dora):
    register(tree)
    client = client_for(tree.unit_manager)
    body = client.post(
        handover_url(tree.contact_staff), {"receiver": dora.pk, "end_roles": "True", "step": "edit"}
    ).content.decode()
    assert re.search(rf'<option value="{dora.pk}" selected>', body)
    assert re.search(r'<input type="checkbox" name="end_roles"[^>]*checked', body)


def test_the_move_can_end_the_persons_roles(tree, dora):
    case = register(tree)
    client = client_for(tree.unit_manager)
    body = review(client, tree.contact_staff, {"receiver": dora.pk, "end_roles": "on"}).content.decode()
    assert "Roller som avslutas" in body
    response = client.post(
        handover_url(tree.contact_staff),
        {"receiver": dora.pk, "end_roles": "True", "confirmed": confirmed_from(body), "step": "confirm"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    case.refresh_from_db()
    assert case.holder == dora
    assert not RoleAssignment.objects.filter(user=tree.contact_staff).exists()


def test_a_manager_outside_cannot_open_someone_elses_move(tree, dora):
    case = register(tree)
    client = client_for(tree.other_unit_manager)
    assert client.get(handover_url(tree.contact_staff)).status_code == 404
    response = client.post(
        handover_url(tree.contact_staff),
        {"receiver": tree.other_unit_staff.pk, "confirmed": [case.pk], "step": "confirm"},
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.holder == tree.contact_staff


def test_a_person_who_also_works_elsewhere_is_explained_not_hidden(tree, dora):
    grant(tree.contact_staff, tree.group_home, Role.CONTACT_STAFF)
    body = client_for(tree.unit_manager).get(handover_url(tree.contact_staff)).content.decode()
    assert "Gruppbostad Björken" in body and 'name="step"' not in body


def test_no_case_content_reaches_a_url(tree, dora):
    case = register(tree)
    client = client_for(tree.unit_manager)
    body = review(client, tree.contact_staff, {"receiver": dora.pk}).content.decode()
    for href in re.findall(r'(?:href|action)="([^"]+)"', body):
        assert case.reference_number not in href and "Personalen" not in href


def test_cases_of_someone_who_has_left_can_still_be_moved(tree, dora):
    from organisations.services import role_revoke

    case = register(tree)
    role_revoke(assignment=tree.contact_staff.roles.get(), acting_user=tree.administrator)
    client = client_for(tree.unit_manager)
    assert "Anna Kontaktsson – ingen roll längre" in client.get(CHOOSE).content.decode()
    body = review(client, tree.contact_staff, {"receiver": dora.pk}).content.decode()
    assert "Flytta 1 ärende från Anna Kontaktsson?" in body
    client.post(
        handover_url(tree.contact_staff),
        {"receiver": dora.pk, "end_roles": "False", "confirmed": confirmed_from(body), "step": "confirm"},
    )
    case.refresh_from_db()
    assert case.holder == dora
    # A manager who cannot reach the case sees nobody to choose.
    assert client_for(tree.other_unit_manager).get(handover_url(tree.contact_staff)).status_code == 404
