"""The Lex Sarah pages through the real views: who sees what, every read and change audited, the link to the
case both ways, and nothing of a record anywhere else (the case page, its log, the inbox's search, the API)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import Event
from cases.services import case_flag_serious_deficiency
from documents.tests.pdfcheck import is_tagged, text_of
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState
from lexsarah.tests.conftest import WHAT_HAPPENED, assessed, detail_url, investigated, report, step_url
from organisations.models import Role
from organisations.testing import grant, make_user
from staff.tests.conftest import register, signed_in_client

LIST_URL = reverse("lexsarah:list")
REPORT_URL = reverse("lexsarah:report")


def case_url(case) -> str:
    return reverse("staff:case_detail", args=[case.pk])


def from_case_url(case) -> str:
    return reverse("lexsarah:report_from_case", args=[case.pk])


def reads(record):
    return Event.objects.filter(action=Action.LEX_SARAH_VIEWED, data__lex_sarah=record.pk)


def test_its_urls_are_named_in_swedish(people):
    record = report(people.tree)
    assert LIST_URL == "/personal/lex-sarah/"
    assert REPORT_URL == "/personal/lex-sarah/rapportera/"
    assert detail_url(record) == f"/personal/lex-sarah/{record.pk}/"
    assert step_url(record, "assess") == f"/personal/lex-sarah/{record.pk}/bedomning/"
    assert from_case_url(register(people.tree)).startswith("/personal/lex-sarah/fran-arende/")


# --- Who sees what ------------------------------------------------------------------------------------------------


def test_the_list_shows_the_records_of_my_part_of_the_tree_only(people):
    tree = people.tree
    at_care_home = report(tree)
    at_group_home = report(tree, node=tree.group_home, by=tree.other_unit_staff)
    html = signed_in_client(people.officer).get(LIST_URL).content.decode()
    assert at_care_home.reference_number in html and at_group_home.reference_number not in html
    html = signed_in_client(people.lss_officer).get(LIST_URL).content.decode()
    assert at_group_home.reference_number in html and at_care_home.reference_number not in html
    html = signed_in_client(people.root_officer).get(LIST_URL).content.decode()
    assert at_care_home.reference_number in html and at_group_home.reference_number in html


@pytest.mark.parametrize(
    "who",
    [
        "contact_staff",
        "unit_manager",
        "deputy_head",
        "head_of_operations",
        "quality_developer",
        "administrator",
    ],
)
def test_the_list_is_refused_to_everyone_without_the_role(people, who):
    report(people.tree)
    response = signed_in_client(getattr(people.tree, who)).get(LIST_URL)
    assert response.status_code == 403


def test_a_superuser_without_the_role_sees_no_record(people):
    record = report(people.tree)
    boss = make_user("testby-root", "Root", "Admin")
    boss.is_superuser = boss.is_staff = True
    boss.save()
    client = signed_in_client(boss)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(record)).status_code == 404


def test_the_list_filters_by_state_and_pages(people):
    tree = people.tree
    records = [report(tree) for _ in range(27)]
    started = records[0]
    investigated(started, people.officer)
    client = signed_in_client(people.officer)
    first = client.get(LIST_URL).content.decode()
    assert "27 ärenden" in first
    assert "Sida 1 av 2" in first
    assert len(re.findall(r'href="/personal/lex-sarah/\d+/"', first)) == 25
    second = client.get(LIST_URL + "?sida=2").content.decode()
    assert len(re.findall(r'href="/personal/lex-sarah/\d+/"', second)) == 2
    only = client.get(LIST_URL + f"?state={LexSarahState.INVESTIGATING}").content.decode()
    assert started.reference_number in only and records[1].reference_number not in only


def test_the_record_page_is_read_by_the_people_responsible_and_each_read_is_logged(people):
    record = report(people.tree)
    client = signed_in_client(people.officer)
    response = client.get(detail_url(record))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    html = response.content.decode()
    assert record.reference_number in html and WHAT_HAPPENED in html
    assert '<dd class="case-text__body" dir="auto">' in html
    assert "<bdi>Boende i rum 4</bdi>" in html
    client.get(detail_url(record))
    read = reads(record)
    assert read.count() == 2
    assert {event.actor for event in read} == {people.officer}
    assert read.first().case_id is None


@pytest.mark.parametrize(
    "who",
    [
        "contact_staff",
        "unit_manager",
        "deputy_head",
        "head_of_operations",
        "quality_developer",
        "administrator",
    ],
)
def test_the_record_is_a_404_to_everyone_else_even_the_one_who_reported_it(people, who):
    record = report(people.tree)  # reported by the contact staff
    client = signed_in_client(getattr(people.tree, who))
    assert client.get(detail_url(record)).status_code == 404
    assert client.get(reverse("lexsarah:ivo_report_pdf", args=[record.pk])).status_code == 404
    assert client.post(step_url(record, "start_investigation")).status_code == 404
    assert not reads(record).exists()
    assert LexSarahRecord.objects.get(pk=record.pk).state == LexSarahState.REPORTED


def test_the_record_is_a_404_to_the_people_responsible_for_another_part(people):
    record = report(people.tree)
    client = signed_in_client(people.lss_officer)
    assert client.get(detail_url(record)).status_code == 404
    assert client.post(step_url(record, "start_investigation")).status_code == 404
    assert not reads(record).exists()


# --- Reporting ----------------------------------------------------------------------------------------------------


def test_anyone_with_a_role_reports_about_their_part_and_then_sees_only_the_number(people):
    tree = people.tree
    client = signed_in_client(tree.contact_staff)
    form = client.get(REPORT_URL).content.decode()
    assert "Solgårdens äldreboende" in form and "Gruppbostad Björken" not in form
    response = client.post(
        REPORT_URL,
        {
            "node": tree.care_home.pk,
            "what_happened": WHAT_HAPPENED,
            "occurred_on_day": "1",
            "occurred_on_month": "3",
            "occurred_on_year": "2026",
            "person_concerned": "Boende i rum 4",
            "immediate_actions": "",
        },
    )
    record = LexSarahRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("lexsarah:report_done")
    done = client.get(response["Location"]).content.decode()
    assert record.reference_number in done
    assert record.reported_by == tree.contact_staff and record.occurred_on.isoformat() == "2026-03-01"
    assert client.get(detail_url(record)).status_code == 404
    assert client.get(LIST_URL).status_code == 403


def test_the_people_responsible_go_from_their_own_report_to_the_record(people):
    tree = people.tree
    response = signed_in_client(people.officer).post(
        REPORT_URL, {"node": tree.home_care.pk, "what_happened": WHAT_HAPPENED}
    )
    record = LexSarahRecord.objects.get()
    assert response["Location"] == detail_url(record)


def test_a_report_with_errors_says_so_and_keeps_what_was_typed(people):
    tree = people.tree
    response = signed_in_client(tree.contact_staff).post(
        REPORT_URL,
        {
            "node": tree.group_home.pk,
            "what_happened": "",
            "person_concerned": "Initialer AB",
            "occurred_on_day": "40",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel:" in html
    assert 'id="error-summary"' in html
    assert "Skriv vad som hände" in html
    assert 'value="Initialer AB"' in html
    assert not LexSarahRecord.objects.exists()


def test_someone_without_any_role_cannot_report(people):
    nobody = make_user("testby-nobody", "No", "Body")
    assert signed_in_client(nobody).get(REPORT_URL).status_code == 403


# --- The steps through the pages -----------------------------------------------------------------------------------


def test_the_officer_takes_a_record_from_report_to_closure_through_the_pages(people):
    record = report(people.tree)
    client = signed_in_client(people.officer)
    page = client.get(detail_url(record)).content.decode()
    assert "Starta utredningen" in page

    response = client.post(step_url(record, "start_investigation"))
    assert response.status_code == 302 and response["Location"] == detail_url(record) + "#investigation"

    incomplete = client.post(
        step_url(record, "assess"), {"assessment": "serious", "reasoning": "Allvarligt."}
    )
    assert incomplete.status_code == 200
    assert "Skriv först in utredningen" in incomplete.content.decode()

    client.post(
        step_url(record, "record_investigation"),
        {"findings": "Vad", "consequences": "Följder", "causes": "Orsaker", "actions": "Åtgärder"},
    )
    client.post(step_url(record, "assess"), {"assessment": "serious", "reasoning": "Allvarligt."})
    record.refresh_from_db()
    assert record.state == LexSarahState.ASSESSED and record.assessment == Assessment.SERIOUS
    page = client.get(detail_url(record)).content.decode()
    assert "Anmälan till IVO" in page and "Registrera anmälan till IVO" in page

    today = timezone.localdate(record.assessed_at)  # the day in Sweden, as the form means it
    client.post(
        step_url(record, "report_to_ivo"),
        {
            "sent_on_day": today.day,
            "sent_on_month": today.month,
            "sent_on_year": today.year,
            "ivo_reference": "",
        },
    )
    client.post(step_url(record, "record_ivo_reference"), {"ivo_reference": "3.5.1-999/2026"})
    client.post(step_url(record, "close"), {"note": "Följs upp i maj."})
    record.refresh_from_db()
    assert record.state == LexSarahState.CLOSED
    assert record.ivo_reference == "3.5.1-999/2026" and record.ivo_reported_on == today
    timeline = client.get(detail_url(record)).content.decode()
    for label in (
        "Startade Lex Sarah-utredningen",
        "Gjorde Lex Sarah-bedömningen",
        "Avslutade Lex Sarah-ärendet",
    ):
        assert label in timeline
    changes = Event.objects.filter(data__lex_sarah=record.pk).exclude(action=Action.LEX_SARAH_VIEWED)
    assert changes.count() == 7
    assert all(event.actor == people.officer for event in changes.exclude(action=Action.LEX_SARAH_REPORTED))


def test_a_step_the_state_does_not_allow_is_refused_in_words(people):
    record = report(people.tree)
    response = signed_in_client(people.officer).post(step_url(record, "close"), {"note": ""})
    assert response.status_code == 200
    assert "Det här kan inte göras i ärendets nuvarande läge." in response.content.decode()
    assert LexSarahRecord.objects.get(pk=record.pk).state == LexSarahState.REPORTED


def test_a_step_is_post_only(people):
    record = report(people.tree)
    assert signed_in_client(people.officer).get(step_url(record, "start_investigation")).status_code == 405


# --- The link to the case, both ways, and no leak -------------------------------------------------------------------


def test_the_officer_starts_an_investigation_from_a_flagged_case_and_the_two_link_to_each_other(people):
    tree = people.tree
    case = register(tree)
    case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager)
    client = signed_in_client(people.officer)
    page = client.get(case_url(case)).content.decode()
    assert "Starta Lex Sarah-utredning" in page and from_case_url(case) in page

    form = client.get(from_case_url(case))
    assert form.status_code == 200 and case.reference_number in form.content.decode()
    response = client.post(from_case_url(case), {"what_happened": "Fall efter larm."})
    record = LexSarahRecord.objects.get()
    assert response["Location"] == detail_url(record)
    assert record.case == case and record.state == LexSarahState.INVESTIGATING

    record_page = client.get(detail_url(record)).content.decode()
    assert case_url(case) in record_page and case.reference_number in record_page
    case_page = client.get(case_url(case)).content.decode()
    assert detail_url(record) in case_page and record.reference_number in case_page
    link = Event.objects.get(action=Action.LEX_SARAH_CASE_LINKED)
    assert link.data["case"] == case.pk and link.case_id is None


def test_the_case_page_and_its_log_show_nothing_of_a_record_to_anyone_else(people):
    tree = people.tree
    case = register(tree)
    record = services_start(people, case)
    for person in (tree.contact_staff, tree.unit_manager, tree.head_of_operations, tree.quality_developer):
        client = signed_in_client(person)
        for url in (case_url(case), reverse("staff:case_log", args=[case.pk])):
            html = client.get(url).content.decode()
            assert record.reference_number not in html, (person, url)
            assert detail_url(record) not in html, (person, url)
            assert "Starta Lex Sarah-utredning" not in html, (person, url)
    # The LSS officer may not read the case at all.
    assert signed_in_client(people.lss_officer).get(case_url(case)).status_code == 404


def test_another_reader_of_a_flagged_case_may_report_from_it_without_learning_of_a_record(people):
    tree = people.tree
    case = register(tree)
    case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager)
    services_start(people, case)
    client = signed_in_client(tree.contact_staff)
    page = client.get(case_url(case)).content.decode()
    assert "Rapportera missförhållande (Lex Sarah) från ärendet" in page
    assert "Starta Lex Sarah-utredning" not in page
    response = client.post(from_case_url(case), {"what_happened": "Jag såg fallet."})
    assert response["Location"] == reverse("lexsarah:report_done")
    assert LexSarahRecord.objects.filter(case=case).count() == 2
    assert (
        LexSarahRecord.objects.filter(case=case, state=LexSarahState.REPORTED).get().reported_by
        == tree.contact_staff
    )


def test_a_case_out_of_reach_is_a_404_for_starting_from_it(people):
    case = register(people.tree)
    assert signed_in_client(people.tree.other_unit_staff).get(from_case_url(case)).status_code == 404
    assert (
        signed_in_client(people.lss_officer).post(from_case_url(case), {"what_happened": "x"}).status_code
        == 404
    )
    assert not LexSarahRecord.objects.exists()


def test_the_officer_links_a_record_to_a_case_by_its_reference_number(people):
    tree = people.tree
    record = report(tree)
    case = register(tree)
    client = signed_in_client(people.officer)
    wrong = client.post(step_url(record, "link_case"), {"reference": "SN 1999/99999"})
    assert "Det finns inget ärende med det diarienumret" in wrong.content.decode()
    client.post(step_url(record, "link_case"), {"reference": case.reference_number.lower()})
    assert LexSarahRecord.objects.get(pk=record.pk).case == case


def test_the_inbox_search_and_the_api_know_nothing_of_records(people):
    tree = people.tree
    case = register(tree)
    services_start(people, case, what_happened="Zebrarandig händelse i matsalen.")
    client = signed_in_client(tree.contact_staff)
    response = client.post(reverse("staff:inbox"), {"q": "zebrarandig", "tab": "scope"}, follow=True)
    assert case.reference_number not in response.content.decode()
    api = client.get(f"/api/cases/{case.pk}").json()
    assert not any("lex" in key for key in api)
    assert "lex" not in client.get("/api/openapi.json").content.decode().lower()


def test_the_ivo_report_pdf_is_for_serious_records_and_each_print_is_a_read(people):
    record = report(people.tree)
    client = signed_in_client(people.officer)
    pdf_url = reverse("lexsarah:ivo_report_pdf", args=[record.pk])
    assert client.get(pdf_url).status_code == 404
    assessed(record, people.officer)
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="lex-sarah-{record.reference_number}.pdf"'
    )
    assert reads(record).filter(data__document="ivo_report").count() == 1
    pdf = response.content
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    for words in (
        "Anmälan till IVO enligt lex Sarah",
        record.reference_number,
        "Testby kommun",
        "Ett allvarligt missförhållande",
        "Ingen signeringslista vid skiftbyte.",
        "Avdelning nord, Umeå",
    ):
        assert words in text, words


def test_the_navigation_offers_lex_sarah_to_the_people_responsible_and_reporting_to_all_staff(people):
    tree = people.tree
    officer_page = signed_in_client(people.officer).get(reverse("staff:inbox")).content.decode()
    assert f'href="{LIST_URL}"' in officer_page and f'href="{REPORT_URL}"' in officer_page
    staff_page = signed_in_client(tree.contact_staff).get(reverse("staff:inbox")).content.decode()
    assert f'href="{LIST_URL}"' not in staff_page and f'href="{REPORT_URL}"' in staff_page
    assert "Rapportera missförhållande" in staff_page


def test_a_role_on_a_node_is_enough_to_handle_its_records(people):
    tree = people.tree
    record = report(tree)
    grant(tree.unit_manager, tree.care_home, Role.LEX_SARAH)
    assert signed_in_client(tree.unit_manager).get(detail_url(record)).status_code == 200


def services_start(people, case, what_happened="Fall efter larm."):
    from lexsarah import services

    return services.lex_sarah_start_from_case(
        case=case, acting_user=people.officer, what_happened=what_happened
    )
