"""Single sign-on in a real browser, at 1280 and 320 pixels with axe-core: the log-in page's button, the provider's
own form (oidc-provider-mock), and back in Synpunkt; and the refusal page for someone without an account."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _at_the_provider(page, subject: str) -> None:
    page.get_by_role("link", name="Logga in med organisationens konto").click()
    page.get_by_label("Subject").fill(subject)
    page.get_by_role("button", name="Authorize", exact=True).click()


@pytest.mark.parametrize("width", [1280, 320])
def test_staff_sign_on_with_the_organisations_account(page, axe, transactional_tree, oidc_provider, width):
    anna = transactional_tree.contact_staff
    oidc_provider.person("anna-at-idp", email=anna.email, amr=["pwd", "mfa"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/konto/logga-in/?next=/personal/")
    axe(page, context_name=f"log-in page with single sign-on, at {width} px")
    assert _reflows(page)
    _at_the_provider(page, "anna-at-idp")
    page.wait_for_url("**/personal/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_an_unknown_person_sees_why_in_swedish(page, axe, transactional_tree, oidc_provider, width):
    oidc_provider.person("stranger", email="okand.person@example.org", amr=["mfa"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/konto/logga-in/")
    _at_the_provider(page, "stranger")
    heading = page.get_by_role("heading", name="Du kan inte logga in med organisationens konto")
    heading.wait_for()
    axe(page, context_name=f"single sign-on refused, at {width} px")
    assert _reflows(page)
    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    page.wait_for_url("**/konto/logga-in/")


def test_an_unknown_person_sees_why_in_english(page, axe, transactional_tree, oidc_provider):
    oidc_provider.person("stranger", email="okand.person@example.org")
    page.goto("/konto/logga-in/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Log in with your organisation's account").click()
    page.get_by_label("Subject").fill("stranger")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.get_by_role("heading", name="You cannot log in with the organisation's account").wait_for()
    axe(page, context_name="single sign-on refused, in English")
