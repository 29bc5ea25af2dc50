"""The related-cases pages: the list on the case page, the page that links and unlinks, who may use it."""

from django.test import Client
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from cases.models import CaseRelation, RelationReason
from cases.relations import case_relate
from cases.tests.handling_helpers import register


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def relate_url(case) -> str:
    return reverse("staff:relate", args=[case.pk])


def unrelate_url(case, other) -> str:
    return reverse("staff:unrelate", args=[case.pk, other.pk])


def case_url(case) -> str:
    return reverse("staff:case_detail", args=[case.pk])


def test_its_urls_are_named(tree):
    case, other = register(tree), register(tree)
    assert relate_url(case) == f"/personal/handlaggning/{case.pk}/relaterade/"
    assert unrelate_url(case, other) == f"/personal/handlaggning/{case.pk}/relaterade/{other.pk}/ta-bort/"


def test_the_holder_links_a_case_by_its_reference_number(tree):
    case, other = register(tree), register(tree)
    client = client_for(tree.contact_staff)
    page = client.get(relate_url(case))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    assert "Inga relaterade ärenden är kopplade till det här ärendet." in page.content.decode()
    response = client.post(
        relate_url(case),
        {"reference": other.reference_number.lower(), "reason": RelationReason.SAME_MATTER_TWO_SENDERS},
    )
    assert response.status_code == 302
    assert response["Location"] == case_url(case) + "#handling"
    relation = CaseRelation.objects.get()
    assert {relation.case_a, relation.case_b} == {case, other}
    assert relation.reason == RelationReason.SAME_MATTER_TWO_SENDERS
    assert Event.objects.filter(action=Action.CASE_RELATED).count() == 2


def test_the_case_page_lists_the_linked_cases_both_ways(tree):
    case, other = register(tree), register(tree)
    case_relate(
        case=case, other=other, reason=RelationReason.SAME_MATTER_TWICE, acting_user=tree.unit_manager
    )
    client = client_for(tree.contact_staff)
    for here, there in ((case, other), (other, case)):
        html = client.get(case_url(here)).content.decode()
        assert f'<a class="ds-link" href="{case_url(there)}">{there.reference_number}</a>' in html
        assert "Samma sak, skriven två gånger" in html
        assert "kopplat av Bertil Enhetsson" in html
        assert f'href="{relate_url(here)}"' in html


def test_a_reader_who_may_not_change_the_case_sees_the_list_but_no_way_to_link(tree):
    case, other = register(tree), register(tree)
    case_relate(
        case=case, other=other, reason=RelationReason.SAME_MATTER_TWICE, acting_user=tree.unit_manager
    )
    client = client_for(tree.quality_developer)
    html = client.get(case_url(case)).content.decode()
    assert other.reference_number in html
    assert relate_url(case) not in html
    assert client.get(relate_url(case)).status_code == 404
    assert client.post(unrelate_url(case, other)).status_code == 404
    assert CaseRelation.objects.count() == 1


def test_staff_outside_the_case_get_404_and_change_nothing(tree):
    case, other = register(tree), register(tree)
    for user in (tree.other_unit_staff, tree.other_unit_manager, tree.administrator):
        client = client_for(user)
        assert client.get(relate_url(case)).status_code == 404
        data = {"reference": other.reference_number, "reason": RelationReason.OTHER}
        assert client.post(relate_url(case), data).status_code == 404
    assert not CaseRelation.objects.exists()


def test_a_case_outside_the_tree_is_not_found_and_what_was_typed_is_kept(tree):
    case = register(tree)
    theirs = register(tree, unit=tree.group_home)
    response = client_for(tree.unit_manager).post(
        relate_url(case), {"reference": theirs.reference_number, "reason": RelationReason.SAME_MATTER_TWICE}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in html
    assert "Det finns inget ärende med det diarienumret som du får se i den här organisationen." in html
    assert f'value="{theirs.reference_number}"' in html
    assert not CaseRelation.objects.exists()


def test_the_own_reference_number_and_a_missing_reason_are_refused(tree):
    case = register(tree)
    html = (
        client_for(tree.contact_staff)
        .post(relate_url(case), {"reference": case.reference_number})
        .content.decode()
    )
    assert "Det är det här ärendets eget diarienummer." in html
    assert "Det finns 2 fel" in html


def test_a_link_is_removed_with_a_post(tree):
    case, other = register(tree), register(tree)
    case_relate(
        case=case, other=other, reason=RelationReason.SAME_MATTER_TWICE, acting_user=tree.unit_manager
    )
    client = client_for(tree.contact_staff)
    page = client.get(relate_url(case)).content.decode()
    assert f'action="{unrelate_url(case, other)}"' in page
    assert client.get(unrelate_url(case, other)).status_code == 405
    response = client.post(unrelate_url(case, other), follow=True)
    assert not CaseRelation.objects.exists()
    assert f"Kopplingen till ärende {other.reference_number} är borttagen." in response.content.decode()
    assert Event.objects.filter(action=Action.CASE_UNRELATED).count() == 2
    again = client.post(unrelate_url(case, other), follow=True)
    assert "Ärendena är inte kopplade." in again.content.decode()


def test_the_case_log_names_the_link(tree):
    case, other = register(tree), register(tree)
    case_relate(
        case=case, other=other, reason=RelationReason.SAME_MATTER_TWICE, acting_user=tree.unit_manager
    )
    html = client_for(tree.unit_manager).get(reverse("staff:case_log", args=[case.pk])).content.decode()
    assert "Kopplade ett relaterat ärende" in html
