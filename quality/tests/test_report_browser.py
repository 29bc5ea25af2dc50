"""The quality report and the patterns across units in a real browser, as a quality developer would try them:
axe-clean at 1280 and 320 px, in Swedish and English, every form working without JavaScript of our own and
nothing blocked by the site's CSP."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.services import case_categorise
from cases.tests.handling_helpers import register
from organisations.models import Category, CategoryDimension

pytestmark = pytest.mark.browser


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def year_and_rise(transactional_tree):
    """Two complaints last year; six about treatment at the care home in the last whole month (a rise)."""
    tree = transactional_tree
    today = timezone.localdate()
    register(tree, received_at=_moment(date(today.year - 1, 3, 3)))
    register(tree, unit=tree.group_home, received_at=_moment(date(today.year - 1, 9, 9)))
    treatment = Category.objects.get(
        organisation=tree.organisation, dimension=CategoryDimension.TOPIC, code="treatment"
    )
    last_month = today.replace(day=1) - timedelta(days=10)
    for _ in range(6):
        case = register(tree, received_at=_moment(last_month))
        case_categorise(case=case, topics=[treatment], causes=[], acting_user=tree.contact_staff)
    return tree


def _watch_csp(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


def _at_both_widths(page, axe, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"{name}, {width} px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_quality_report_written_and_printed(year_and_rise, page, axe, login_staff):
    tree = year_and_rise
    year = timezone.localdate().year - 1
    refused = _watch_csp(page)
    login_staff(page, tree.quality_developer)
    page.get_by_role("link", name="Statistik").click()
    page.get_by_role("link", name="Kvalitetsberättelse").click()
    expect(page.get_by_role("heading", name="Kvalitetsberättelse", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name=f"Kvalitetsberättelser för {year}")).to_be_visible()
    _at_both_widths(page, axe, "quality reports")

    page.get_by_role("link", name="Socialnämnden").click()
    expect(page.get_by_role("heading", name=f"Kvalitetsberättelse {year}: Socialnämnden")).to_be_visible()
    expect(
        page.get_by_role("table", name=f"De viktigaste siffrorna för {year} och {year - 1}")
    ).to_be_visible()
    expect(page.get_by_role("img", name=f"Ärenden som kommit in {year} och {year - 1}")).to_be_visible()
    _at_both_widths(page, axe, "quality report")

    page.get_by_role("link", name="Skriv texterna").click()
    page.get_by_label("Vad vi har lärt oss").fill("x" * 10_001)
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.get_by_role("heading", name="Det finns 1 fel")).to_be_visible()
    assert page.title().startswith("Fel: ")
    _at_both_widths(page, axe, "quality report form with an error")
    page.get_by_label("Vad vi har lärt oss").fill("Vi frågar de boende oftare hur de vill ha det.")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    expect(page.get_by_text("Vi frågar de boende oftare hur de vill ha det.")).to_be_visible()

    with page.expect_download(timeout=120_000) as download:  # WeasyPrint takes its time on a busy machine
        page.get_by_role("link", name="Ladda ner som pdf").click(no_wait_after=True)
    assert download.value.suggested_filename == f"kvalitetsberattelse-{year}-{tree.root.pk}.pdf"

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=f"Quality report {year}: Socialnämnden")).to_be_visible()
    _at_both_widths(page, axe, "quality report, English")
    page.get_by_role("link", name="Write the texts").click()
    expect(page.get_by_label("What we have learned")).to_have_value(
        "Vi frågar de boende oftare hur de vill ha det."
    )
    _at_both_widths(page, axe, "quality report form, English")
    assert refused == []


def test_the_patterns_across_units(year_and_rise, page, axe, login_staff):
    tree = year_and_rise
    refused = _watch_csp(page)
    login_staff(page, tree.quality_developer)
    page.get_by_role("link", name="Statistik").click()
    page.get_by_role("link", name="Mönster mellan enheter").click()
    expect(page.get_by_role("heading", name="Mönster mellan enheter", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Klagomål: Äldreomsorg › Solgårdens äldreboende", exact=True)
    ).to_be_visible()
    page.get_by_text("Hur en ökning hittas").click()
    expect(page.get_by_text("ett exakt test av två takter")).to_be_visible()
    _at_both_widths(page, axe, "patterns")

    section = page.get_by_role("region", name="Klagomål: Äldreomsorg › Solgårdens äldreboende", exact=True)
    section.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SN 20")

    page.go_back()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Patterns across units", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Complaints: Äldreomsorg › Solgårdens äldreboende", exact=True)
    ).to_be_visible()
    _at_both_widths(page, axe, "patterns, English")
    assert refused == []


def test_a_unit_manager_of_another_unit_sees_no_pattern_of_others(year_and_rise, page, login_staff):
    tree = year_and_rise
    login_staff(page, tree.other_unit_manager)
    page.goto("/personal/statistik/monster/")
    expect(page.get_by_text("Inget steg över sin vanliga nivå de här månaderna.")).to_be_visible()
    expect(page.get_by_text("Solgården")).to_have_count(0)
