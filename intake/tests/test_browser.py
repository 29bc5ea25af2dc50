"""The intake in a real browser (Debian's Chromium): every page checked by axe-core, without and with errors."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from cases.models import Attachment, Case
from intake.tests.helpers import DESIRED, WHAT_HAPPENED, pdf_bytes
from notifications.services import outbox_sweep

pytestmark = pytest.mark.browser


def path(page):
    # The fragment of an error-summary link survives later redirects (browsers carry it over): ignore it.
    return urlparse(page.url).path


def go(page, locator):
    """Click something that loads a new page, and wait until it has (reading the old page would be flaky)."""
    with page.expect_navigation():
        locator.click()


def continue_(page):
    go(page, page.get_by_role("button", name=re.compile("^(Fortsätt|Continue)$")))


def answer_common_pages(page, axe, *, language="sv"):
    sv = language == "sv"
    page.goto("/lamna/")
    axe(page, context_name="start")
    go(page, page.get_by_role("button", name="Börja här" if sv else "Start now"))

    # The kind, first without an answer: the error summary takes focus and links to the field.
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .strip()
        .startswith("Vad vill du lämna?" if sv else "What do you want to send us?")
    )
    axe(page, context_name="kind")
    continue_(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Fel: " if sv else "Error: ")
    expect(summary).to_be_focused()
    axe(page, context_name="kind with error")
    summary.get_by_role("link").click()
    expect(page.locator("#id_kind_0")).to_be_focused()
    page.get_by_label("Ett klagomål" if sv else "A complaint").check()
    continue_(page)

    axe(page, context_name="unit")
    page.get_by_label("Solgårdens äldreboende").check()
    continue_(page)

    axe(page, context_name="receiver")
    page.get_by_label("Personalen som berörs" if sv else "The staff concerned").check()
    continue_(page)

    axe(page, context_name="what happened")
    page.get_by_label("Vad hände?" if sv else "What happened?").fill(WHAT_HAPPENED)
    continue_(page)

    axe(page, context_name="when")
    page.get_by_label("Dag" if sv else "Day").fill("31")
    page.get_by_label("Månad" if sv else "Month").fill("2")
    page.get_by_label("År" if sv else "Year").fill("2025")
    continue_(page)
    assert page.title().startswith("Fel: " if sv else "Error: ")
    axe(page, context_name="when with error")
    assert page.get_by_label("Dag" if sv else "Day").input_value() == "31"  # nothing typed is lost
    page.get_by_label("Dag" if sv else "Day").fill("28")
    continue_(page)

    axe(page, context_name="wish")
    page.get_by_label("Vad vill du ska hända?" if sv else "What would you like to happen?").fill(DESIRED)
    continue_(page)

    axe(page, context_name="who")
    page.get_by_label(
        "För en anhörig eller någon som står mig nära" if sv else "For a relative or someone close to me"
    ).check()
    continue_(page)

    axe(page, context_name="answer")
    page.get_by_label("Ja, jag vill ha svar" if sv else "Yes, I want an answer").check()
    continue_(page)
    axe(page, context_name="anonymous or not")


def check_and_send(page, axe, *, language="sv"):
    sv = language == "sv"
    assert path(page) == "/lamna/kontrollera/"
    axe(page, context_name="check answers")
    assert WHAT_HAPPENED in page.content()
    go(page, page.get_by_role("button", name="Skicka" if sv else "Send", exact=True))
    assert path(page) == "/lamna/skickat/"
    axe(page, context_name="confirmation")


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_complaint_through_every_page(page, axe, transactional_tree, login_staff):
    tree = transactional_tree
    answer_common_pages(page, axe)
    page.get_by_label("Nej, jag vill vara anonym").check()
    continue_(page)

    axe(page, context_name="attachments")
    continue_(page)

    # Change one answer from the check page: back to the check page afterwards.
    go(page, page.get_by_role("link", name="Ändra vad som hände"))
    assert "andra=1" in page.url
    page.get_by_label("Vad hände?").fill(WHAT_HAPPENED + " Igen.")
    go(page, page.get_by_role("button", name="Spara och gå tillbaka till dina svar"))
    check_and_send(page, axe)

    case = Case.objects.get()
    assert case.is_anonymous and case.what_happened.endswith("Igen.")
    assert (case.event_day, case.event_month, case.event_year) == (28, 2, 2025)
    main = page.locator("main").inner_text()
    assert case.reference_number in main
    assert case.receipt_code in main
    secret = page.locator(".receipt-secret").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5}){3}", secret)
    # The print button appears only with JavaScript, as an enhancement of the written instructions.
    expect(page.get_by_role("button", name="Skriv ut kvittot")).to_be_visible()
    page.reload()  # within the few minutes the secret may be shown again in the same session
    assert page.locator(".receipt-secret").inner_text().strip() == secret
    assert case.reference_number in page.locator("main").inner_text()

    # It has reached the unit's contact staff: in their inbox, and on its case page, still anonymous.
    assert case.holder == tree.contact_staff
    page.context.clear_cookies()
    login_staff(page, tree.contact_staff)
    page.goto("/personal/")
    axe(page, context_name="staff inbox")
    go(page, page.get_by_role("link", name=case.reference_number))
    axe(page, context_name="staff case page")
    main = page.locator("main").inner_text()
    assert "Igen." in main
    assert "Anonym" in main


@pytest.mark.django_db(transaction=True)
def test_an_identified_complaint_with_an_attachment_reaches_the_contact_staff(
    page, axe, transactional_tree, smtp_server, login_staff, tmp_path
):
    tree = transactional_tree
    answer_common_pages(page, axe)
    page.get_by_label("Ja, jag lämnar mina kontaktuppgifter").check()
    continue_(page)

    axe(page, context_name="contact details")
    page.get_by_label("Ditt namn").fill("Anna Andersson")
    page.get_by_label("Med e-post").check()
    continue_(page)
    assert page.title().startswith("Fel: ")
    axe(page, context_name="contact details with error")
    assert page.get_by_label("Ditt namn").input_value() == "Anna Andersson"
    page.get_by_label("E-postadress").fill("anna.andersson@example.se")
    continue_(page)

    axe(page, context_name="attachments")
    letter = tmp_path / "brev.pdf"
    letter.write_bytes(pdf_bytes())
    program = tmp_path / "program.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200)
    page.get_by_label("Välj filer").set_input_files([str(letter), str(program)])
    go(page, page.get_by_role("button", name="Bifoga filen"))
    assert "program.pdf är inte en filtyp vi kan ta emot" in page.locator(".error-summary").inner_text()
    axe(page, context_name="attachments with error")
    assert "brev.pdf" in page.locator(".attached-files").inner_text()
    continue_(page)

    assert "brev.pdf" in page.locator("main").inner_text()
    check_and_send(page, axe)

    case = Case.objects.get()
    assert case.contact_email == "anna.andersson@example.se"
    assert list(Attachment.objects.filter(case=case).values_list("original_name", flat=True)) == ["brev.pdf"]
    assert case.holder == tree.contact_staff
    assert case.reference_number in page.locator("main").inner_text()

    # The receipt mail reaches a real SMTP server, with the reference number and nothing of the case.
    outbox_sweep()
    assert len(smtp_server.messages) == 1
    text = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert case.reference_number in text
    assert WHAT_HAPPENED not in text and DESIRED not in text and "Anna Andersson" not in text

    # The unit's contact staff finds the case in their inbox.
    page.context.clear_cookies()
    login_staff(page, tree.contact_staff)
    page.goto("/personal/")
    axe(page, context_name="staff inbox")
    assert case.reference_number in page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_intake_in_english(page, axe, transactional_tree):
    page.goto("/")
    go(page, page.get_by_role("button", name="English"))
    answer_common_pages(page, axe, language="en")
    page.get_by_label("No, I want to be anonymous").check()
    continue_(page)
    axe(page, context_name="attachments (en)")
    continue_(page)
    check_and_send(page, axe, language="en")
    case = Case.objects.get()
    main = page.locator("main").inner_text()
    assert "Your message is registered" in main
    assert case.reference_number in main
    assert case.inform_by.strftime("%B") in main  # the date in English
    assert case.preferred_language == "en"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_whom_to_write_to_where_several_organisations_share_the_installation(
    page, axe, transactional_tree, language
):
    from organisations.models import OrganisationKind
    from organisations.testing import build_tree

    other = build_tree("norrby", "VO")
    other.organisation.kind = OrganisationKind.PROVIDER
    other.organisation.name = "Omsorg i Norr AB"
    other.organisation.save()
    sv = language == "sv"
    page.goto("/lamna/")
    if not sv:
        go(page, page.get_by_role("button", name="English"))
    assert page.get_by_role("heading", level=1).inner_text().strip() == (
        "Vem vill du skriva till?" if sv else "Who do you want to write to?"
    )
    axe(page, context_name=f"organisations ({language})")
    go(page, page.get_by_role("link", name="Omsorg i Norr AB"))
    assert path(page) == "/lamna/"
    axe(page, context_name=f"start, chosen ({language})")
    # The way back to the list, where the choice so far is marked.
    go(
        page,
        page.get_by_role(
            "link",
            name="Välj en annan kommun eller utförare"
            if sv
            else "Choose another municipality or care provider",
        ),
    )
    assert page.locator('a[aria-current="true"]').inner_text() == "Omsorg i Norr AB"
    axe(page, context_name=f"organisations, chosen ({language})")
    go(page, page.get_by_role("link", name="Testby kommun"))
    go(page, page.get_by_role("button", name="Börja här" if sv else "Start now"))
    page.get_by_label("Ett klagomål" if sv else "A complaint").check()
    continue_(page)
    expect(page.get_by_label("Solgårdens äldreboende")).to_be_visible()


# --- the easy-to-read variant (docs/decisions/0025) -------------------------------------------------------------


def axe_at_both_widths(page, axe, name):
    """axe at a desktop's width and at 320 px (WCAG 1.4.10: nothing to scroll sideways), then back to desktop."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"{name} ({width} px)")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (
            f"{name} scrolls at {width} px"
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def easy_continue(page, name="Fortsätt"):
    go(page, page.get_by_role("button", name=name, exact=True))


@pytest.mark.django_db(transaction=True)
def test_the_easy_intake_from_the_easy_guide_at_1280_and_320_pixels(page, axe, transactional_tree):
    page.goto("/vart-vander-jag-mig/lattlast/klagomal/")
    go(page, page.get_by_role("link", name="Lämna klagomål, synpunkter eller beröm"))
    assert path(page) == "/lamna/lattlast/"
    axe_at_both_widths(page, axe, "easy start")
    go(page, page.get_by_role("button", name="Börja här"))

    assert page.get_by_role("heading", level=1).inner_text().strip() == "Vad vill du berätta för oss?"
    axe_at_both_widths(page, axe, "easy kind")
    easy_continue(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert "Välj vad du vill berätta." in page.locator(".error-summary").inner_text()
    axe_at_both_widths(page, axe, "easy kind with error")
    page.get_by_label("Ett klagomål").check()
    easy_continue(page)

    axe_at_both_widths(page, axe, "easy unit")
    page.get_by_label("Solgårdens äldreboende").check()
    easy_continue(page)
    axe_at_both_widths(page, axe, "easy receiver")
    page.get_by_label("Personalen som det gäller").check()
    easy_continue(page)

    # Switching to the standard text and back with the button of the form: what was typed goes along.
    axe_at_both_widths(page, axe, "easy what happened")
    page.get_by_label("Vad hände?").fill(WHAT_HAPPENED)
    go(page, page.get_by_role("button", name="Visa vanlig text"))
    assert path(page) == "/lamna/vad-hande/"
    assert page.get_by_label("Vad hände?").input_value() == WHAT_HAPPENED
    assert not page.locator(".error-summary").count()
    axe_at_both_widths(page, axe, "standard what happened, with the easy button")
    go(page, page.get_by_role("button", name="Lättläst"))
    assert path(page) == "/lamna/lattlast/vad-hande/"
    assert page.get_by_label("Vad hände?").input_value() == WHAT_HAPPENED
    easy_continue(page)

    page.get_by_label("Dag").fill("31")
    page.get_by_label("Månad").fill("2")
    page.get_by_label("År").fill("2025")
    easy_continue(page)
    assert "Det datumet finns inte." in page.locator(".error-summary").inner_text()
    axe_at_both_widths(page, axe, "easy date with error")
    page.get_by_label("Dag").fill("28")
    easy_continue(page)

    axe_at_both_widths(page, axe, "easy wish")
    page.get_by_label("Vad vill du ska hända?").fill(DESIRED)
    easy_continue(page)
    axe_at_both_widths(page, axe, "easy who")
    page.get_by_label("För någon som står mig nära").check()
    easy_continue(page)
    axe_at_both_widths(page, axe, "easy answer")
    page.get_by_label("Ja, jag vill ha svar").check()
    easy_continue(page)
    axe_at_both_widths(page, axe, "easy anonymous or not")
    page.get_by_label("Nej, jag vill vara anonym").check()
    easy_continue(page)
    axe_at_both_widths(page, axe, "easy files")
    easy_continue(page)

    assert path(page) == "/lamna/lattlast/kontrollera/"
    axe_at_both_widths(page, axe, "easy check answers")
    assert WHAT_HAPPENED in page.locator("main").inner_text()
    go(page, page.get_by_role("button", name="Skicka", exact=True))
    assert path(page) == "/lamna/lattlast/skickat/"
    axe_at_both_widths(page, axe, "easy receipt")
    case = Case.objects.get()
    main = page.locator("main").inner_text()
    assert "Tack! Vi har fått ditt meddelande" in main and case.reference_number in main
    assert case.what_happened == WHAT_HAPPENED and (case.event_day, case.event_month) == (28, 2)


@pytest.mark.django_db(transaction=True)
def test_the_easy_intake_in_english_at_1280_and_320_pixels(page, axe, transactional_tree):
    page.goto("/lamna/lattlast/")
    go(page, page.get_by_role("button", name="English"))
    assert path(page) == "/lamna/lattlast/"
    axe_at_both_widths(page, axe, "easy start (en)")
    go(page, page.get_by_role("button", name="Start now"))
    page.get_by_label("Praise").check()
    easy_continue(page, "Continue")
    page.get_by_label("I do not know").check()
    easy_continue(page, "Continue")
    page.get_by_label("What happened?").fill(WHAT_HAPPENED)
    easy_continue(page, "Continue")
    easy_continue(page, "Continue")  # when: not required
    axe_at_both_widths(page, axe, "easy wish, optional for praise (en)")
    easy_continue(page, "Continue")
    page.get_by_label("For myself").check()
    easy_continue(page, "Continue")
    page.get_by_label("No, I do not need an answer").check()
    easy_continue(page, "Continue")
    page.get_by_label("Yes, I tell you who I am").check()
    easy_continue(page, "Continue")

    assert page.get_by_role("heading", level=1).inner_text().strip() == "How can we reach you?"
    axe_at_both_widths(page, axe, "easy contact details (en)")
    page.get_by_label("Your name").fill("Anna Andersson")
    page.get_by_label("By e-mail").check()
    easy_continue(page, "Continue")
    assert "Write your e-mail address." in page.locator(".error-summary").inner_text()
    axe_at_both_widths(page, axe, "easy contact details with error (en)")
    page.get_by_role("textbox", name=re.compile("^E-mail")).fill("anna.andersson@example.se")
    easy_continue(page, "Continue")
    axe_at_both_widths(page, axe, "easy files (en)")
    easy_continue(page, "Continue")
    axe_at_both_widths(page, axe, "easy check answers (en)")
    go(page, page.get_by_role("button", name="Send", exact=True))
    axe_at_both_widths(page, axe, "easy receipt (en)")
    assert "We have sent a receipt to your e-mail." in page.locator("main").inner_text()
