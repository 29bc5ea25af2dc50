"""In a real browser, at 1280 and at 320 pixels with axe-core (WCAG 2.1 AA) on every page: an organisation's
administrator makes a token (seen once), connects an installation (first with errors), subscribes an address to
webhooks and reads its deliveries with their attempts. No JavaScript is needed for any of it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_an_administrator_manages_tokens_installations_and_webhooks(
    page, axe, login_staff, transactional_tree, width
):
    tree = transactional_tree
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.administrator)

    page.goto("/personal/")
    page.get_by_role("navigation", name="Personalmeny").get_by_role("link", name="Kopplingar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kopplingar")
    axe(page, context_name=f"integrations, empty, {width}")

    # A token, shown once.
    page.get_by_label("Vad nyckeln är till för").fill("Inspektionen")
    page.get_by_role("button", name="Skapa nyckeln").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Er nya nyckel")
    expect(page.get_by_label("Hemligheten")).to_have_value(re.compile(r"^spk_"))
    axe(page, context_name=f"the new token, {width}")
    page.get_by_role("link", name="Tillbaka till kopplingarna").click()

    # An installation: first with a wrong address; what was typed stays.
    page.get_by_label("Tillsynsmyndighet", exact=True).check()
    page.get_by_label("Namn", exact=True).fill("Inspektionen (fiktiv)")
    page.get_by_label("Adress till deras installation").fill("ftp://fel")
    page.get_by_role("button", name="Koppla", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Inspektionen (fiktiv)")
    axe(page, context_name=f"connect an installation, with errors, {width}")
    page.get_by_label("Adress till deras installation").fill("https://ivo.example")
    page.get_by_label("Nyckeln de gav er").fill("spk_theirs")
    page.get_by_role("button", name="Koppla", exact=True).click()
    expect(page.get_by_role("table", name="Installationer som ni skickar till")).to_contain_text(
        "Inspektionen (fiktiv)"
    )

    # A webhook, and its deliveries.
    page.get_by_label("Adress att skicka till").fill("https://hooks.example/in")
    page.get_by_label("Ett ärende registrerades").check()
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_label("Hemligheten")).to_have_value(re.compile(r"^whsec_"))
    endpoint = WebhookEndpoint.objects.get()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="case.registered",
        message_id="msg_test1",
        payload={},
        next_attempt_at=timezone.now(),
    )
    WebhookAttempt.objects.create(delivery=delivery, error="ConnectionRefusedError")
    page.get_by_role("link", name="Tillbaka till kopplingarna").click()
    axe(page, context_name=f"integrations, filled in, {width}")
    page.get_by_role("link", name="Se leveranser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leveranser av webhooks")
    expect(page.get_by_role("table")).to_contain_text("ConnectionRefusedError")
    axe(page, context_name=f"webhook deliveries, {width}")
