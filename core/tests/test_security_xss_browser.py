"""A case whose text is markup renders as text on the staff pages, in a real browser (nothing runs)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.services import CaseSubmission, case_register

PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3">'
)


@pytest.mark.browser
def test_hostile_case_text_renders_inertly_on_the_staff_case_page(page, transactional_tree, login_staff, axe):
    tree = transactional_tree
    case = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened=f"Början {PAYLOAD} slut",
            desired_outcome=PAYLOAD,
            about_person=PAYLOAD[:200],
            contact_name=PAYLOAD[:200],
            contact_email="anhorig@example.org",
            unit=tree.care_home,
        )
    ).case
    assert case.holder == tree.contact_staff
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    login_staff(page, tree.contact_staff)
    page.goto(reverse("staff:inbox"))
    axe(page, context_name="inbox with a hostile case")
    page.get_by_role("link", name=case.reference_number).first.click()
    page.wait_for_load_state()
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    # The text is there, as text.
    expect(page.get_by_text("<script>window.__pwned=1</script>", exact=False).first).to_be_visible()
    assert page.locator("main script").count() == 0
    assert page.locator("main img[src='x']").count() == 0
    axe(page, context_name="staff case page with a hostile case")

    page.goto(reverse("staff:case", args=[case.pk]))
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert not any("pwned" in error for error in errors)


@pytest.mark.browser
def test_a_staff_message_with_markup_renders_inertly_on_the_citizen_case_page(page, transactional_tree, axe):
    """Staff paste something with markup into a message; the citizen's browser shows it as text, runs nothing."""
    from cases.services import case_inform, message_add

    tree = transactional_tree
    registration = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened=f"Början {PAYLOAD} slut",
            contact_name="Karin Exempel",
            contact_email="karin.exempel@example.se",
            unit=tree.care_home,
        )
    )
    case = registration.case
    case_inform(case=case, body=f"Vi utreder. {PAYLOAD}", acting_user=tree.contact_staff)
    message_add(
        case=case, body=f"Ett meddelande: {PAYLOAD}", from_citizen=False, acting_user=tree.contact_staff
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/folj/")
    page.get_by_label("Kvittokod", exact=True).fill(case.receipt_code)
    page.get_by_label("Hemlig kod", exact=True).fill(registration.receipt_secret)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/folj/arende/")
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    expect(
        page.get_by_text("Ett meddelande: <script>window.__pwned=1</script>", exact=False).first
    ).to_be_visible()
    assert page.locator("main script").count() == 0
    assert page.locator("main img[src='x']").count() == 0
    assert page.locator("main svg[onload]").count() == 0
    axe(page, context_name="citizen case page with a hostile staff message")

    # What the citizen writes back comes back as text too (their own reply, shown in the thread).
    page.get_by_label("Ditt meddelande").fill(f"Svar: {PAYLOAD}")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_url("**/folj/arende/")
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    expect(page.get_by_text("Svar: <script>", exact=False).first).to_be_visible()
    axe(page, context_name="citizen case page after a hostile reply")
    assert not any("pwned" in error for error in errors)
