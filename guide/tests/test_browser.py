"""The guide, the appeal helper and the IVO path in a real browser, in Swedish, easy-to-read Swedish and English.
axe-core (WCAG 2.1 AA) runs on every page the tests pass."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.tests.pdfcheck import is_tagged, render_first_page, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE = "/vart-vander-jag-mig/"
PAGES = [
    "",
    "fraga/",
    "fraga/beslut/",
    "klagomal/",
    "inte-nojd/",
    "overklaga/",
    "overklaga/inte-ditt-beslut/",
    "overklaga/hjalp/",
    "ivo/",
    "patientskada/",
    "lex-sarah/",
]


def to_english(page):
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def walk_to_ivo(page, axe, *, start_button, error_title, serious, continue_button, county_label, show):
    page.get_by_role("link", name=start_button, exact=True).click()
    axe(page, context_name="question")
    page.get_by_role("button", name=continue_button).click()
    expect(page).to_have_title(re.compile(error_title))
    expect(page.locator("#error-summary")).to_be_focused()
    axe(page, context_name="question with an error")
    page.get_by_label(serious).check()
    page.get_by_role("button", name=continue_button).click()
    expect(page).to_have_url(re.compile(r"/ivo/$"))
    axe(page, context_name="IVO page")
    page.get_by_label(county_label).select_option("Gotlands län")
    page.get_by_role("button", name=show).click()
    expect(page.locator("#region")).to_contain_text("Stockholm")
    axe(page, context_name="IVO page with the department")


def test_the_guide_in_swedish_easy_swedish_and_english(page, axe, transactional_tree):
    for variant in ["", "lattlast/"]:
        for route in PAGES:
            page.goto(GUIDE + variant + route)
            expect(page.locator("h1")).to_be_visible()
            axe(page, context_name=f"sv {variant}{route}")

    page.goto(GUIDE)
    walk_to_ivo(
        page,
        axe,
        start_button="Börja",
        error_title=r"^Fel: ",
        continue_button="Fortsätt",
        serious="Allvarliga brister eller missförhållanden i socialtjänsten, LSS eller personlig assistans",
        county_label="I vilket län hände det?",
        show="Visa avdelningen",
    )

    page.goto(GUIDE)
    page.get_by_role("link", name="Lättläst").click()
    expect(page).to_have_url(re.compile(r"/lattlast/$"))
    expect(page.get_by_text("Svara på några frågor. Sedan visar vi vad du kan göra.")).to_be_visible()
    walk_to_ivo(
        page,
        axe,
        start_button="Börja",
        error_title=r"^Fel: ",
        continue_button="Fortsätt",
        serious="Något som är mycket fel eller farligt i omsorgen eller stödet",  # the easy answer's own words
        county_label="I vilket län hände det?",
        show="Visa avdelningen",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Berätta för IVO")

    page.goto(GUIDE)
    to_english(page)
    for variant in ["", "lattlast/"]:
        for route in PAGES:
            page.goto(GUIDE + variant + route)
            axe(page, context_name=f"en {variant}{route}")
    page.goto(GUIDE)
    walk_to_ivo(
        page,
        axe,
        start_button="Start",
        error_title=r"^Error: ",
        continue_button="Continue",
        serious="Serious deficiencies or abuse in social services, LSS or personal assistance",
        county_label="In which county did it happen?",
        show="Show the department",
    )


def test_the_appeal_helper_gives_the_last_day_and_the_letter(page, axe, transactional_tree):
    page.goto(GUIDE + "fraga/")
    page.get_by_label("Ett beslut om stöd, omsorg eller en avgift som du inte håller med om").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Ja, beslutet gäller mig").check()
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_url(re.compile(r"/overklaga/$"))
    page.get_by_role("link", name="Räkna ut sista dagen och skriv överklagandet").click()
    axe(page, context_name="appeal helper")

    page.get_by_label("LSS: avslag på daglig verksamhet").check()
    page.get_by_label("Dag", exact=True).fill("3")
    page.get_by_label("Månad", exact=True).fill("12")
    page.get_by_label("År", exact=True).fill("2025")
    page.get_by_role("button", name="Visa sista dagen").click()
    # Christmas Eve 2025 is a Wednesday: 25, 26 are holidays, 27 and 28 the weekend.
    expect(page.locator("#deadline time")).to_have_attribute("datetime", "2025-12-29")
    axe(page, context_name="appeal helper with the last day")

    # The letter needs the change and the reasons: the error comes back with what was typed.
    page.get_by_label("Ditt namn (valfritt)").fill("Tolvan Tolvansson")
    page.get_by_role("button", name="Ladda ner överklagandet (pdf)").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.get_by_label("Ditt namn (valfritt)")).to_have_value("Tolvan Tolvansson")
    axe(page, context_name="appeal letter with errors")

    page.get_by_label("Vad vill du att ändras i beslutet?").fill(
        "Jag vill få daglig verksamhet tre dagar i veckan."
    )
    page.get_by_label("Varför ska beslutet ändras?").fill("Jag behöver sysselsättning och gemenskap.")
    page.get_by_label("Ditt personnummer (valfritt)").fill("19121212-1212")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ladda ner överklagandet (pdf)").click()
    download = download_info.value
    assert download.suggested_filename == "overklagande.pdf"
    assert "19121212" not in download.url and "Tolvan" not in download.url
    pdf = Path(download.path()).read_bytes()
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    assert "Överklagande" in text and "förvaltningsrätten" in text
    assert "Tolvan Tolvansson" in text and "19121212-1212" in text
    assert "LSS (1993:387) 27 §, 9 § 10" in text
    assert "2025-12-29" in text
    render_first_page(pdf, "appeal-letter")


def test_the_easy_appeal_helper_in_english(page, axe, transactional_tree):
    page.goto(GUIDE + "lattlast/overklaga/hjalp/")
    to_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help to appeal")
    axe(page, context_name="easy appeal helper, English")
    page.get_by_label("The fee for home care").check()
    page.get_by_label("Day", exact=True).fill("13")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_role("button", name="Show the last day").click()
    expect(page.locator("#deadline time")).to_have_attribute("datetime", "2026-04-07")  # past Easter 2026
    axe(page, context_name="easy appeal helper with the last day, English")


def test_the_paper_form_is_linked_from_the_guide(page, transactional_tree):
    page.goto(GUIDE + "klagomal/")
    link = page.get_by_role("link", name="Blankett för att lämna klagomål och synpunkter med post (pdf)")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert is_tagged(response.body())


def test_the_easy_guide_and_appeal_helper_at_1280_and_320_pixels(page, axe, transactional_tree):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for route in PAGES:
            page.goto(GUIDE + "lattlast/" + route)
            axe(page, context_name=f"easy {route} ({width} px)")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width, route
        page.goto(GUIDE + "lattlast/overklaga/hjalp/")
        page.get_by_label("Du har en funktionsnedsättning och fick nej till stöd som du sökte").check()
        page.get_by_label("Dag", exact=True).fill("3")
        page.get_by_label("Månad", exact=True).fill("12")
        page.get_by_label("År", exact=True).fill("2025")
        page.get_by_role("button", name="Visa sista dagen").click()
        expect(page.locator("#deadline time")).to_have_attribute("datetime", "2025-12-29")
        expect(page.get_by_text("Du valde: Du har en funktionsnedsättning")).to_be_visible()
        axe(page, context_name=f"easy appeal helper with the last day ({width} px)")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
