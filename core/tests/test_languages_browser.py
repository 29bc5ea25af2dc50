"""Languages as files in a real browser: catalogues added at run time appear in the switcher named in themselves,
switch the page, and a right-to-left one turns it; axe at 1280 and 320 pixels, with nothing wider than the screen."""

import pytest
from playwright.sync_api import expect

from core.tests.catalogues import compile_and_use, write_catalogue
from core.tests.test_languages import FINNISH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


@pytest.fixture
def offered(transactional_tree, settings, monkeypatch, tmp_path):
    """Finnish, Lule Sami and Yiddish catalogues, and an organisation that offers them."""
    locale_dir = tmp_path / "locale"
    write_catalogue(locale_dir, "fi", FINNISH)
    write_catalogue(locale_dir, "smj", {})
    write_catalogue(locale_dir, "yi", {})
    compile_and_use(settings, monkeypatch, locale_dir)
    transactional_tree.organisation.languages = "sv,en,fi,smj,yi"
    transactional_tree.organisation.save()
    return transactional_tree


def check_at_every_width(page, axe, context_name: str, fits: str = "html") -> None:
    """axe at each width, and nothing in the elements `fits` selects wider than the screen or its own box."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"{context_name} at {width} px")
        too_wide = page.evaluate(
            """([selector, width]) => [...document.querySelectorAll(selector)]
                 .filter(e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > width)
                 .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))""",
            [fits, width],
        )
        assert not too_wide, f"{context_name} at {width} px: {too_wide}"


def test_the_switcher_offers_the_catalogues_added_and_switches(page, axe, offered):
    page.goto("/")
    switcher = page.get_by_role("navigation", name="Språk")
    for name in ("English", "Suomi", "Julevsámegiella", "ייִדיש"):
        expect(switcher.get_by_role("button", name=name)).to_be_visible()
    expect(switcher).not_to_contain_text("smj")
    check_at_every_width(page, axe, "start page, Swedish")

    page.get_by_role("button", name="Suomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator(".site-header__service")).to_have_text("Muistutukset ja palaute")
    check_at_every_width(page, axe, "start page, Finnish")

    page.get_by_role("button", name="Julevsámegiella").click()
    expect(page.locator("html")).to_have_attribute("lang", "smj")
    check_at_every_width(page, axe, "start page, Lule Sami")

    page.get_by_role("button", name="ייִדיש").click()
    expect(page.locator("html")).to_have_attribute("lang", "yi")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_at_every_width(page, axe, "start page, Yiddish")

    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")


def test_the_statement_names_the_languages_offered(page, axe, offered):
    page.goto("/tillganglighet/")
    expect(page.locator("main")).to_contain_text(
        "Tjänsten finns på de här språken: svenska, English, suomi, julevsámegiella, ייִדיש."
    )
    expect(page.locator("main")).not_to_contain_text("minoritetsspråken")
    # What this item adds: the header with its switcher, and the paragraph that names the languages (the
    # statement's long heading is item 7's to break).
    fits = ".site-header, .site-header *, main > p:has(span[lang])"
    check_at_every_width(page, axe, "accessibility statement", fits)
    page.get_by_role("button", name="ייִדיש").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_at_every_width(page, axe, "accessibility statement, Yiddish", fits)
