"""The retention pages in a real browser, with axe-core (WCAG 2.1 AA) at 1280 and 320 pixels, in Swedish and in
English: the runs and legal holds (with a form's errors), the preview, the progress page while the worker deletes
and the finished run."""

import pytest
from playwright.sync_api import expect

from retention import views
from retention.models import RetentionRun
from retention.services import run_execute

from .conftest import archivist_of, old_case


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_the_archivist_previews_approves_and_follows_a_run(
    page, axe, login_staff, transactional_tree, width, monkeypatch
):
    # Long enough that the page does not reload under axe; the test reloads it itself.
    monkeypatch.setattr(views, "REFRESH_SECONDS", 60)
    tree = transactional_tree
    archivist = archivist_of(tree)
    cases = [old_case(tree, attachment=True) for _ in range(3)]
    page.set_viewport_size({"width": width, "height": 900})

    login_staff(page, archivist)
    page.get_by_role("navigation", name="Personalmeny").get_by_role("link", name="Gallring").click()
    page.get_by_role("heading", name="Gallring", level=1).wait_for()
    axe(page, context_name=f"runs at {width} px")
    assert _reflows(page)

    # A legal hold without a reference number: the error, and what was typed kept.
    page.get_by_label("Skäl").fill("Tvist i förvaltningsrätten")
    page.get_by_role("button", name="Besluta om gallringsstopp").click()
    page.locator("#error-summary").wait_for()
    assert page.title().startswith("Fel:")
    assert page.get_by_label("Skäl").input_value() == "Tvist i förvaltningsrätten"
    axe(page, context_name=f"runs with errors at {width} px")
    page.get_by_label("Diarienummer").fill(cases[0].reference_number)
    page.get_by_role("button", name="Besluta om gallringsstopp").click()
    page.get_by_text("har gallringsstopp").first.wait_for()
    axe(page, context_name=f"runs with a hold at {width} px")

    page.get_by_role("button", name="Visa vad som skulle gallras").click()
    page.get_by_role("heading", name=f"Gallring: {tree.organisation.name}", level=1).wait_for()
    # In the table's scroll region (at 320 px beyond the edge until scrolled).
    expect(page.get_by_text(cases[1].reference_number)).to_be_attached()
    expect(page.get_by_text("Gallringsstopp: 1")).to_be_attached()
    axe(page, context_name=f"preview at {width} px")
    assert _reflows(page)

    page.get_by_role("button", name="Godkänn och gallra").click()
    page.get_by_text("Gallringen är godkänd.").wait_for()
    expect(page.locator("progress")).to_have_attribute("value", "0")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    # The page refreshes itself while the worker runs, as asked (SC 2.2.1: it stops when the run is done).
    axe(page, context_name=f"progress at {width} px", allow=("meta-refresh",))

    run_execute(RetentionRun.objects.get().pk)  # the worker
    page.reload()
    page.get_by_text("Klar", exact=True).wait_for()
    expect(page.locator("progress")).to_have_attribute("value", "2")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    axe(page, context_name=f"finished run at {width} px")
    assert _reflows(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("heading", name=f"Retention run: {tree.organisation.name}", level=1).wait_for()
    expect(page.get_by_role("heading", name="What the rules say")).to_be_visible()
    axe(page, context_name=f"finished run in English at {width} px")
    page.get_by_role("link", name="Back to retention").click()
    page.get_by_role("heading", name="Retention", level=1).wait_for()
    expect(page.get_by_role("heading", name="Legal holds")).to_be_visible()
    axe(page, context_name=f"runs in English at {width} px")
