"""The statistics page in a real browser, with data: axe-clean at 1280 and 320 px, in Swedish and English, the
filter and an export working without JavaScript of our own."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseKind, Channel
from cases.services import case_answer_and_close, case_escalate, case_inform
from cases.tests.handling_helpers import closing_categories, register

pytestmark = pytest.mark.browser


def test_the_statistics_page_at_both_widths_and_in_both_languages(transactional_tree, page, axe, login_staff):
    tree = transactional_tree
    now = timezone.now()
    informed = register(tree, received_at=now - timedelta(days=40))
    case_inform(case=informed, body="Vi utreder.", acting_user=tree.contact_staff)
    case_answer_and_close(
        case=informed, body="Svar.", acting_user=tree.contact_staff, **closing_categories(informed)
    )
    moved = register(tree, channel=Channel.PHONE, received_at=now - timedelta(days=3))
    case_escalate(case=moved, reason="Ingen svarar.", requested_by_citizen=True)
    register(tree, kind=CaseKind.PRAISE, unit=tree.home_care)
    register(tree, kind=CaseKind.FEEDBACK, unit=tree.group_home, received_at=now - timedelta(days=70))

    refused = []  # what the site's CSP blocked: nothing on this page may need an exception
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    login_staff(page, tree.quality_developer)
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", name="Statistik", exact=True)).to_be_visible()
    expect(page.get_by_text("4 ärenden. Öppna: 3, avslutade: 1, återtagna: 0.")).to_be_visible()
    expect(page.get_by_role("img", name="Ärenden per månad", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Ärenden per enhet")).to_be_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"statistics, {width} px")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Typ", exact=True).select_option(label="Klagomål")
    page.get_by_role("button", name="Visa statistik").click()
    expect(page.get_by_text("2 ärenden. Öppna: 1, avslutade: 1, återtagna: 0.")).to_be_visible()
    assert "kind=complaint" in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV – Ärenden per månad").click()
    assert download.value.suggested_filename.startswith("testby-manad-")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Statistics", exact=True)).to_be_visible()
    expect(
        page.get_by_role("table", name="Senders informed of what will happen in time, per step of the ladder")
    ).to_be_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"statistics, English, {width} px")
    assert refused == []
