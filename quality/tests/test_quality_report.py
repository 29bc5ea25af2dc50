"""The annual quality report (issue 18.4) through the real views: the figures of a year against the year before,
the texts the quality staff write as a draft, the Lex Sarah summary, and the tagged PDF, each read recorded; every
reader within their part of the tree."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from PIL import Image

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import CaseKind
from cases.services import case_answer_and_close
from cases.tests.handling_helpers import closing_categories, register
from documents.tests.pdfcheck import is_tagged, render_first_page, text_of
from lexsarah import services as lex_sarah
from lexsarah.models import Assessment
from lexsarah.tests.conftest import assessed, make_people
from lexsarah.tests.conftest import report as lex_sarah_report
from quality.models import QualityReport

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM)
YEAR = 2025


def at(year: int, month: int, day: int):
    return time_machine.travel(datetime(year, month, day, 10, 0, tzinfo=STOCKHOLM), tick=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user, url, **extra):
    with time_machine.travel(TODAY, tick=False):
        return client_for(user).get(url, **extra)


def report_url(node, year=YEAR, action="report") -> str:
    return reverse(f"statistics:{action}", args=[node.pk, year])


@pytest.fixture
def year_of_cases(tree):
    """2025: three complaints at the care home (one answered and closed), praise at home care, feedback at the
    group home; two Lex Sarah reports, one serious and reported to IVO. 2024: one complaint at the care home."""
    people = make_people(tree)
    with at(2024, 5, 6):
        register(tree)
    with at(2025, 2, 3):
        closed = register(tree)
        register(tree)
    with at(2025, 2, 20):
        case_answer_and_close(
            case=closed, body="Svar.", acting_user=tree.contact_staff, **closing_categories(closed)
        )
    with at(2025, 6, 9):
        register(tree)
        register(tree, kind=CaseKind.PRAISE, unit=tree.home_care)
        register(tree, kind=CaseKind.FEEDBACK, unit=tree.group_home)
    with at(2025, 9, 1):
        serious = assessed(lex_sarah_report(tree), people.officer, Assessment.SERIOUS)
        lex_sarah.lex_sarah_report_to_ivo(
            record=serious, acting_user=people.officer, sent_on=date(2025, 9, 1)
        )
        lex_sarah_report(tree, node=tree.group_home, by=tree.other_unit_staff)
    return tree


def comparison(response) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in response.context["material"].comparison.rows}


def test_the_report_shows_the_year_against_the_year_before(year_of_cases):
    tree = year_of_cases
    response = get(tree.quality_developer, report_url(tree.root))
    assert response.status_code == 200
    rows = comparison(response)
    assert rows["Ärenden som kommit in"] == ["1", "5", "+400,0 %"]
    assert rows["Klagomål"] == ["1", "3", "+200,0 %"]
    assert rows["Beröm"] == ["0", "1", "–"]
    assert rows["Avslutade ärenden"] == ["0", "1", "–"]
    lex = {row[0]: row[1:] for row in response.context["material"].lex_sarah.rows}
    assert lex["Rapporter om missförhållanden eller risk för missförhållanden"] == [0, 2]
    assert lex["Bedömda som ett allvarligt missförhållande"] == [0, 1]
    assert lex["Anmälda till IVO"] == [0, 1]
    html = response.content.decode()
    assert "Kvalitetsberättelse 2025" in html
    assert 'role="img"' in html  # the charts, drawn on the server
    assert "Boende i rum 4" not in html  # counts only: nothing of a Lex Sarah record


def test_an_area_counts_only_itself(year_of_cases):
    tree = year_of_cases
    response = get(tree.quality_developer, report_url(tree.lss))
    assert comparison(response)["Ärenden som kommit in"] == ["0", "1", "–"]
    lex = {row[0]: row[1:] for row in response.context["material"].lex_sarah.rows}
    assert lex["Anmälda till IVO"] == [0, 0]


def test_every_reading_is_recorded_without_content(year_of_cases):
    tree = year_of_cases
    get(tree.quality_developer, report_url(tree.elderly))
    event = Event.objects.filter(action=AuditAction.QUALITY_REPORT_VIEWED).get()
    assert event.actor == tree.quality_developer
    assert event.case_id is None
    assert event.data == {
        "organisation": tree.organisation.pk,
        "node": tree.elderly.pk,
        "year": YEAR,
        "format": "html",
    }


def test_the_list_offers_the_parts_each_reader_may_see(year_of_cases):
    tree = year_of_cases
    listed = get(tree.quality_developer, reverse("statistics:reports")).context["rows"]
    assert [row["node"] for row in listed] == [tree.root, tree.elderly, tree.lss]
    assert get(tree.quality_developer, reverse("statistics:reports")).context["year"] == YEAR
    listed = get(tree.unit_manager, reverse("statistics:reports")).context["rows"]
    assert {row["node"] for row in listed} == {tree.care_home, tree.home_care}
    listed = get(tree.other_unit_manager, reverse("statistics:reports")).context["rows"]
    assert [row["node"] for row in listed] == [tree.group_home]


def test_a_unit_manager_of_another_unit_sees_nothing_of_the_others(year_of_cases):
    tree = year_of_cases
    for node in (tree.root, tree.elderly, tree.care_home, tree.home_care):
        for action in ("report", "report_pdf", "report_edit"):
            assert get(tree.other_unit_manager, report_url(node, action=action)).status_code == 404
    own = get(tree.other_unit_manager, report_url(tree.group_home))
    assert own.status_code == 200
    assert comparison(own)["Ärenden som kommit in"] == ["0", "1", "–"]
    assert "Solgården" not in own.content.decode()


def test_nobody_without_a_statistics_role_reaches_a_report(year_of_cases):
    tree = year_of_cases
    for user in (tree.contact_staff, tree.registrar, tree.administrator):
        assert get(user, reverse("statistics:reports")).status_code == 404
        assert get(user, report_url(tree.root)).status_code == 404
    assert not Event.objects.filter(action=AuditAction.QUALITY_REPORT_VIEWED).exists()


def test_a_year_to_come_or_long_gone_is_not_found(year_of_cases):
    tree = year_of_cases
    assert get(tree.quality_developer, report_url(tree.root, year=2027)).status_code == 404
    assert get(tree.quality_developer, report_url(tree.root, year=2015)).status_code == 404


TEXTS = {
    "summary": "Fler klagomål än förra året, de flesta om bemötande.",
    "lessons": "Vi har lärt oss att fråga de boende oftare.",
}


def post_texts(user, node, texts, version=0):
    with time_machine.travel(TODAY, tick=False):
        return client_for(user).post(
            report_url(node, action="report_edit"), {"version": version, **texts}, HTTP_ACCEPT_LANGUAGE="sv"
        )


def test_the_quality_developer_saves_the_texts_as_a_draft_and_the_change_is_recorded(year_of_cases):
    tree = year_of_cases
    response = post_texts(tree.quality_developer, tree.elderly, TEXTS)
    assert response.status_code == 302
    assert response["Location"] == report_url(tree.elderly)
    saved = QualityReport.objects.get(node=tree.elderly, year=YEAR)
    assert (saved.summary, saved.lessons, saved.analysis) == (TEXTS["summary"], TEXTS["lessons"], "")
    assert (saved.version, saved.updated_by) == (1, tree.quality_developer)
    event = Event.objects.filter(action=AuditAction.QUALITY_REPORT_SAVED).get()
    assert event.data == {
        "organisation": tree.organisation.pk,
        "node": tree.elderly.pk,
        "year": YEAR,
        "sections": ["summary", "lessons"],
        "version": 1,
    }
    page = get(tree.deputy_head, report_url(tree.elderly)).content.decode()
    assert TEXTS["lessons"] in page
    assert "Skriv texterna" not in page  # a manager reads; the quality staff write


def test_a_save_over_a_newer_one_keeps_what_was_typed(year_of_cases):
    tree = year_of_cases
    post_texts(tree.quality_developer, tree.root, TEXTS)
    response = post_texts(tree.quality_developer, tree.root, {"summary": "Min egen text."}, version=0)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Min egen text." in html
    assert "sparade den här berättelsen" in html
    assert response.context["form"]["version"].value() == "1"
    assert QualityReport.objects.get(node=tree.root, year=YEAR).summary == TEXTS["summary"]


def test_a_text_too_long_is_refused_and_kept(year_of_cases):
    tree = year_of_cases
    long_text = "å" * 10_001
    response = post_texts(tree.quality_developer, tree.root, {"analysis": long_text})
    assert response.status_code == 200
    assert long_text in response.content.decode()
    assert "Fel:" in response.content.decode()
    assert not QualityReport.objects.exists()


def test_only_a_quality_developer_writes(year_of_cases):
    tree = year_of_cases
    for user in (tree.unit_manager, tree.deputy_head, tree.head_of_operations):
        node = tree.care_home if user == tree.unit_manager else tree.elderly
        assert get(user, report_url(node, action="report_edit")).status_code == 404
        assert post_texts(user, node, TEXTS).status_code == 404
    assert not QualityReport.objects.exists()


def test_the_pdf_is_tagged_holds_the_report_and_its_first_page_is_drawn(year_of_cases):
    tree = year_of_cases
    post_texts(tree.quality_developer, tree.root, TEXTS)
    response = get(
        tree.quality_developer, report_url(tree.root, action="report_pdf"), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="kvalitetsberattelse-{YEAR}-{tree.root.pk}.pdf"'
    )
    pdf = response.content
    assert is_tagged(pdf)
    words = " ".join(text_of(pdf).split())
    for expected in (
        "Kvalitetsberättelse 2025",
        TEXTS["lessons"],
        "Året mot året före",
        "Lex Sarah",
        "Anmälda till IVO",
    ):
        assert expected in words
    png = render_first_page(pdf, "quality-report")
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = grey.histogram()[:128]
        dark = sum(dark)
        assert grey.size[0] > 400
        assert dark > 2000  # text drawn, not a blank page
    event = Event.objects.filter(action=AuditAction.QUALITY_REPORT_VIEWED).get()
    assert event.data["format"] == "pdf"


def test_the_pdf_and_the_page_are_in_english_too(year_of_cases):
    tree = year_of_cases
    response = get(
        tree.quality_developer, report_url(tree.root, action="report_pdf"), HTTP_ACCEPT_LANGUAGE="en"
    )
    words = " ".join(text_of(response.content).split())
    assert "Quality report 2025" in words
    assert "The year against the year before" in words
    assert response["Content-Disposition"].endswith(f'quality-report-{YEAR}-{tree.root.pk}.pdf"')
    page = get(tree.quality_developer, report_url(tree.root), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cases received" in page
