"""The log review in a real browser, at 1280 and at 320 pixels, with axe-core (WCAG 2.1 AA): the filters, the
reads outside the reader's part of the organisation, a run of reads as one row, and the table by keyboard."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from audit.actions import Action
from audit.services import audit_record
from cases.services import CaseSubmission, case_register

URL = "/konto/granskning/"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def _log(tree):
    """A case of the care home: Anna (its contact staff) reads it four times in an hour, Charlie (the group home,
    LSS) once, and Bertil logs in."""
    case = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Hemligt innehåll",
            unit=tree.care_home,
        )
    ).case
    for minutes, actor in ((0, tree.contact_staff), (10, tree.contact_staff), (30, tree.other_unit_staff)):
        with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False):
            audit_record(action=Action.VIEWED, case_id=case.pk, actor=actor)
    for minutes in (35, 60):
        with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False):
            audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.SIGNED_IN, actor=tree.unit_manager)
    return case


def _tab_to(page, predicate: str, *, most: int = 10) -> bool:
    """Press Tab until the focused element satisfies `predicate` (JavaScript, given the element)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return True
    return False


def _reflows(page) -> bool:
    """Nothing wider than the window: no scrolling sideways for the page (WCAG 1.4.10)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_the_log_review_by_keyboard_at_1280_and_320_pixels(page, transactional_tree, axe, login_staff, width):
    tree = transactional_tree
    case = _log(tree)
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.administrator)
    page.goto(URL)
    page.get_by_role("heading", name="Logggranskning: vem har läst vilka ärenden").wait_for()
    axe(page, context_name=f"log review at {width} px")
    assert _reflows(page)

    # Shown at once: the read outside the reader's part, in words.
    notice = page.get_by_text("1 läsning i urvalet gjordes utanför läsarens del av organisationen.")
    expect(notice).to_be_visible()
    region = page.get_by_role("region", name="Loggade händelser, senaste först.", exact=False)
    expect(region).to_be_visible()
    expect(region.get_by_text("Utanför", exact=True)).to_be_visible()
    expect(region.get_by_text("Läste ärendet, 4 gånger")).to_be_visible()
    expect(region.get_by_text("2026-03-02 09:00–10:00")).to_be_visible()
    assert region.get_by_role("row").count() == 3  # the header row, Anna's run, Charlie's read

    # By keyboard: from the filter's button on to the link that shows only the reads outside, then the table.
    page.get_by_role("button", name="Visa", exact=True).focus()
    assert _tab_to(page, "el => el.textContent.trim() === 'Visa bara dem'")
    assert _tab_to(page, "el => el.getAttribute('role') === 'region'", most=1)
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**outside_only=on**")
    assert page.get_by_label("Bara läsningar utanför läsarens del av organisationen").is_checked()
    rows = page.get_by_role("region", name="Loggade händelser", exact=False).get_by_role("row")
    assert rows.count() == 2 and "Charlie Annansson" in rows.nth(1).inner_text()
    axe(page, context_name=f"log review, only reads outside, at {width} px")
    assert _reflows(page)

    # The filters by keyboard: a person, a case, what was done, each read on its own row.
    page.goto(URL)
    page.get_by_label("Medarbetare (valfritt)").select_option(label="Anna Kontaktsson")
    page.get_by_label("Diarienummer (valfritt)").fill(case.reference_number)
    page.get_by_label("Vad som gjordes (valfritt)").select_option(label="Läste ärendet")
    page.get_by_label("Visa varje läsning på en egen rad").check()
    page.get_by_label("Visa varje läsning på en egen rad").press("Enter")
    page.wait_for_url("**each_read=on**")
    rows = page.get_by_role("region", name="Loggade händelser", exact=False).get_by_role("row")
    assert rows.count() == 5  # the header row and Anna's four reads
    axe(page, context_name=f"log review, filtered, at {width} px")
    assert _reflows(page)
