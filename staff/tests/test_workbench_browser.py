"""The case page as a workbench, in a real browser, on a case with every kind of entry: at 1280 px the summary and
the actions beside the matter, at 320 px stacked with the summary first and nothing wider than the screen; the
ladder reflows into one card per step and Chromium still exposes its headers; axe-core (WCAG 2.1 AA) at both."""

import re

import pytest
from playwright.sync_api import expect

from staff.tests.workbench_case import CITIZEN_REASON, rich_case

pytestmark = [pytest.mark.browser]


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def _chromium_roles(page) -> list[tuple[str, str]]:
    """(role, name) of every node in Chromium's own accessibility tree (not Playwright's reading of the DOM)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        ((node.get("role") or {}).get("value", ""), (node.get("name") or {}).get("value", ""))
        for node in nodes
        if not node.get("ignored")
    ]


def test_the_workbench_at_1280_and_320_px(transactional_tree, page, axe, login_staff):
    tree = transactional_tree
    rich = rich_case(tree)
    page.set_viewport_size({"width": 1280, "height": 900})
    login_staff(page, tree.unit_manager)
    page.goto(f"/personal/arende/{rich.case.pk}/")
    page.get_by_role("heading", name=rich.case.reference_number, level=1).wait_for()
    side, matter = page.locator(".workbench__side"), page.locator(".workbench__matter")

    # Wide: the matter in the main column, the summary and what can be done beside it, level with the top of the
    # main column (here the flag of a possible serious deficiency, above the matter).
    side_box, matter_box, flag_box = (
        _box(side),
        _box(matter),
        _box(page.locator(".workbench > .handling-flag")),
    )
    assert side_box["x"] >= matter_box["x"] + matter_box["width"], (side_box, matter_box)
    assert (
        abs(side_box["y"] - flag_box["y"]) < 2
        and flag_box["y"] < matter_box["y"] < side_box["y"] + side_box["height"]
    )
    summary = page.locator("section[aria-labelledby='case-overview-heading']")
    expect(summary.get_by_text("2 av 4: Enhetschef")).to_be_visible()
    todo = page.locator("section[aria-labelledby='handling-todo-heading']")
    expect(todo.get_by_role("link", name="Skriv ett meddelande till avsändaren")).to_be_visible()
    axe(page, context_name="workbench, 1280 px")

    # The timeline: every kind, each marked in words.
    timeline = page.locator("#tidslinje")
    entries = timeline.locator("ol.timeline > li")
    expect(entries).to_have_count(15)
    expect(entries.first).to_contain_text("Ärendet kom in och registrerades")
    expect(timeline.locator(".timeline__entry--note").first.get_by_text("Intern", exact=True)).to_be_visible()
    escalation = timeline.locator(".timeline__entry--escalation")
    expect(escalation.get_by_text("Synlig för avsändaren", exact=True)).to_be_visible()
    expect(escalation.get_by_text("Avsändarens eget skäl till att be om nästa steg")).to_be_visible()
    expect(escalation.get_by_text(CITIZEN_REASON)).to_be_visible()
    expect(timeline.locator(".timeline__entry--action").nth(1)).to_contain_text("Försenad: inte uppföljd")

    # The order: a link, no script needed; the choice is said, not only shown.
    page.get_by_role("link", name="Nyast först").click()
    page.wait_for_url(re.compile(r"ordning=nyast"))
    expect(entries.first).to_contain_text("Nästa: berätta för avsändaren vad som ska hända")
    expect(page.get_by_role("link", name="Nyast först")).to_have_attribute("aria-current", "true")
    axe(page, context_name="workbench, newest first, 1280 px")

    # Narrow: stacked, the summary first, then what can be done, then the matter; nothing wider than the screen.
    page.set_viewport_size({"width": 320, "height": 900})
    summary_box, todo_box, matter_box = _box(summary), _box(todo), _box(matter)
    assert (
        _box(page.locator(".workbench > .handling-flag"))["y"]
        < summary_box["y"]
        < todo_box["y"]
        < matter_box["y"]
    )
    assert abs(_box(side)["x"] - matter_box["x"]) < 2
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    for section in (
        summary,
        todo,
        timeline,
        page.locator("section[aria-labelledby='handling-ladder-heading']"),
    ):
        overflow = section.evaluate("element => element.scrollWidth - element.clientWidth")
        assert overflow <= 0, overflow

    # The ladder reflows: one card per step, its cells one under the other, each under its column's name.
    ladder = page.locator("table.handling-ladder")
    first_step = ladder.locator("tbody tr").first
    cells = first_step.locator("th, td")
    tops = [_box(cells.nth(index))["y"] for index in range(cells.count())]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops
    assert "Roll" in cells.nth(1).evaluate("cell => getComputedStyle(cell, '::before').content")
    # ... and Chromium still tells a screen reader which header each cell belongs to.
    roles = _chromium_roles(page)
    headers = {name for role, name in roles if role == "columnheader"}
    assert {"Steg", "Roll", "Ansvarig", "Nått", "Avsändaren informerad"} <= headers, headers
    assert sum(1 for role, _ in roles if role == "rowheader") >= 4
    cell_names = [name for role, name in roles if role == "cell"]
    assert any(name.endswith("Enhetschef") for name in cell_names), cell_names
    axe(page, context_name="workbench, 320 px")
