"""The taxonomy pages in a real browser: axe-clean at 1280 and 320 px, in Swedish and English."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_categories_pages_at_both_widths(transactional_tree, page, axe, login_staff):
    tree = transactional_tree
    login_staff(page, tree.quality_developer)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/personal/kvalitet/kategorier/")
        expect(page.get_by_role("heading", name="Kategorier i kvalitetsarbetet")).to_be_visible()
        axe(page, context_name=f"categories, {width} px")
        page.get_by_role("link", name="Ändra Bemötande").click()
        page.get_by_label("Namn på svenska").fill("")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_role("link", name="Skriv namnet på svenska")).to_be_visible()
        axe(page, context_name=f"category form with an error, {width} px")
    page.get_by_label("Namn på svenska").fill("Bemötande och respekt")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kategorin är sparad.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Bemötande och respekt")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Categories of the quality work")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Bemötande och respekt")).to_be_visible()
    expect(page.get_by_role("cell", name="Treatment and attitude")).to_be_visible()
    axe(page, context_name="categories, English, 320 px")
