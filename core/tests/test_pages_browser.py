"""The start page and the page frame, as a person sees them: both languages, keyboard, axe, CSP, assets."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db


# --- without a browser -----------------------------------------------------------------------------------------


def test_it_sends_a_strict_content_security_policy(client, tree):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    nonce = re.search(r"'nonce-([^']+)'", script_src)
    assert nonce, policy
    html = response.content.decode()
    # Every script carries the nonce of this response; no style attribute or <style> anywhere.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)
    assert "style=" not in html
    assert "<style" not in html


def test_it_shows_every_path_from_the_start_page(client, tree):
    html = client.get("/").content.decode()
    assert "Synpunkter och klagomål på socialtjänsten och LSS" in html
    assert f'href="{reverse("intake:start")}"' in html
    assert 'href="/folj/"' in html
    assert 'href="/vart-vander-jag-mig/"' in html
    assert f'href="{reverse("accounts:login")}"' in html
    assert 'href="/tillganglighet/"' in html
    assert "Testby kommun" in html
    assert "090-00 00 00" in html


def test_it_switches_language_without_javascript(client, tree):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Complaints and feedback about social services and LSS" in html
    assert 'lang="sv">svenska</button>' in html.lower()  # the way back


def test_it_sends_staff_who_are_logged_in_to_their_inbox(client, tree):
    client.force_login(tree.contact_staff)
    html = client.get("/").content.decode()
    assert f'href="{reverse("staff:inbox")}"' in html
    assert "Logga in för personal" not in html


# --- in the browser --------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_it_shows_the_start_page_in_swedish_and_in_english(page, axe, transactional_tree):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Synpunkter och klagomål på socialtjänsten och LSS"
    )
    expect(page.get_by_role("link", name="Lämna klagomål, synpunkter eller beröm")).to_be_visible()
    expect(page.get_by_role("link", name="Följ mitt ärende")).to_be_visible()
    expect(page.get_by_role("link", name="Tillgänglighetsredogörelse")).to_be_visible()
    axe(page, context_name="start page, Swedish")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Complaints and feedback about social services and LSS"
    )
    expect(page.get_by_role("link", name="Submit a complaint, feedback or praise")).to_be_visible()
    expect(page.get_by_role("link", name="Accessibility statement")).to_be_visible()
    axe(page, context_name="start page, English")

    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"


@pytest.mark.browser
def test_it_offers_a_skip_link_that_moves_focus_to_the_main_content(page, axe, transactional_tree):
    page.goto("/")
    skip = page.get_by_role("link", name="Gå direkt till innehållet")
    box_hidden = skip.bounding_box()
    assert box_hidden is None or box_hidden["width"] <= 1  # out of sight until focused

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Gå direkt till innehållet"
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 10  # visible while focused
    axe(page, context_name="skip link focused")

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes to the first link inside main, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.browser
def test_it_loads_its_own_assets_under_the_content_security_policy(page, axe, transactional_tree):
    responses = []
    page.on("response", lambda response: responses.append(response))
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type in {"error", "warning"} else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    main = page.goto("/")
    assert main is not None and main.ok
    assert "'unsafe-inline'" not in main.headers["content-security-policy"]
    page.evaluate("() => document.fonts.ready")

    statics = {r.url.split("/static/", 1)[1]: r.status for r in responses if "/static/" in r.url}
    for asset in (
        "vendor/designsystemet/index.css",
        "vendor/fonts/inter.css",
        "css/synpunkt.css",
        "vendor/htmx/htmx.min.js",
    ):
        assert statics.get(asset) == 200, (asset, statics)
    assert any(name.endswith(".woff2") and status == 200 for name, status in statics.items()), statics

    # htmx ran (its script had the nonce), the stylesheets apply, and Inter is the font in use.
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    assert "Inter" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert page.evaluate("() => document.fonts.check('16px Inter')")
    border = page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).borderTopWidth")
    assert border == "8px"
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems
    axe(page, context_name="start page")


@pytest.mark.browser
def test_it_prints_without_header_and_footer(page, transactional_tree):
    page.goto("/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_the_error_pages_pass_axe(page, axe, transactional_tree, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/finns-inte/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan kunde inte hittas"
    axe(page, context_name=f"404 at {width} px")
    # A form sent after the security cookie is gone: the refused-form page, in the frame, with a way back.
    page.goto("/tillganglighet/rapportera/")
    page.context.clear_cookies()
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Formuläret kunde inte skickas"
    expect(page.get_by_role("link", name="Gå tillbaka till sidan")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, context_name=f"refused form at {width} px")
