"""A registrar registers a letter in a real browser, with axe-core on every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import Attachment, Case
from documents.tests.pdfcheck import text_of
from registrar.tests.test_register import TINY_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_registrar_registers_a_letter(page, axe, login_staff, transactional_tree, tmp_path):
    tree = transactional_tree
    login_staff(page, tree.registrar)
    page.goto("/personal/registrera/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera post, telefon eller besök")
    axe(page, context_name="registration form")

    page.get_by_role("button", name="Registrera").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    axe(page, context_name="registration form with errors")

    page.get_by_label("Post", exact=True).check()
    received = page.get_by_role("group", name="Datum då det kom in")
    received.get_by_label("Dag").fill("2")
    received.get_by_label("Månad").fill("1")
    received.get_by_label("År").fill("2026")
    page.get_by_label("Klagomål", exact=True).check()
    page.get_by_label("Enhet", exact=True).select_option(label="Solgårdens äldreboende")
    page.get_by_label("Vad som hände").fill("Brev: min far fick ingen hjälp med duschen i två veckor.")
    page.get_by_label("Vem som skriver").select_option("relative")
    letter = Path(tmp_path) / "brev.pdf"
    letter.write_bytes(TINY_PDF)
    page.get_by_label("Det inskannade brevet (valfritt)").set_input_files(str(letter))
    page.get_by_role("button", name="Registrera").click()

    expect(page).to_have_url(re.compile(r"/personal/registrera/klart/$"))
    case = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference_number)
    axe(page, context_name="registered")
    assert str(case.inform_by) == "2026-01-16"
    assert case.holder == tree.contact_staff
    assert Attachment.objects.filter(case=case).count() == 1


def test_the_registrar_prints_the_senders_receipt_letter(page, axe, login_staff, transactional_tree):
    """The confirmation offers the receipt letter instead of a secret to copy, at 1280 and 320 px; the letter
    comes as a download from a POST, and a reload of the page shows no secret."""
    tree = transactional_tree
    login_staff(page, tree.registrar)
    page.goto("/personal/registrera/")
    page.get_by_label("Post", exact=True).check()
    received = page.get_by_role("group", name="Datum då det kom in")
    received.get_by_label("Dag").fill("2")
    received.get_by_label("Månad").fill("1")
    received.get_by_label("År").fill("2026")
    page.get_by_label("Klagomål", exact=True).check()
    page.get_by_label("Enhet", exact=True).select_option(label="Solgårdens äldreboende")
    page.get_by_label("Vad som hände").fill("Brev: min far fick ingen hjälp med duschen i två veckor.")
    page.get_by_label("Vem som skriver").select_option("relative")
    page.get_by_role("button", name="Registrera").click()
    expect(page).to_have_url(re.compile(r"/personal/registrera/klart/$"))
    case = Case.objects.get()
    secret = page.locator("input[name=secret]").input_value()
    expect(page.locator("main")).not_to_contain_text(secret)  # in the download form only, never shown
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"registered, with the receipt letter, {width} px")
        overflow = page.locator("main").evaluate("element => element.scrollWidth - element.clientWidth")
        assert overflow <= 0, f"the confirmation is {overflow} px too wide at {width} px"

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ladda ner kvittobrevet (pdf)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("kvitto-") and download.suggested_filename.endswith(".pdf")
    assert secret not in download.url and secret not in page.url
    with open(download.path(), "rb") as handle:
        text = " ".join(text_of(handle.read()).split())
    assert case.reference_number in text and case.receipt_code in text and secret in text

    page.reload()
    expect(page).to_have_url(re.compile(r"/personal/registrera/$"))
    assert page.locator("input[name=secret]").count() == 0
