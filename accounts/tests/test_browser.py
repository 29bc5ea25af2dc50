"""The staff log-in pages in a real browser, with axe-core on each: enrolment, the code step, the account page,
the log review and the lock-out page."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from organisations.testing import TEST_PASSWORD


@pytest.mark.browser
def test_first_log_in_enrols_an_authenticator_and_shows_recovery_codes(page, transactional_tree, axe):
    user = transactional_tree.administrator
    page.goto("/konto/logga-in/")
    axe(page, context_name="log-in")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/koppla-app/**")
    axe(page, context_name="enrolment")
    assert page.locator("svg.qr-code").count() == 1
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.get_by_label("Kod från appen").fill(code)
    page.get_by_role("button", name="Koppla").click()
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    axe(page, context_name="recovery codes")
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.goto("/konto/")
    axe(page, context_name="account page")
    page.get_by_role("link", name="Granska vem som har läst vilka ärenden").click()
    page.get_by_role("heading", name="Logggranskning: vem har läst vilka ärenden").wait_for()
    axe(page, context_name="log review")


@pytest.mark.browser
def test_a_wrong_code_gets_a_message_and_the_right_one_gets_in(page, transactional_tree, axe):
    from accounts.testing import totp_code_for

    user = transactional_tree.contact_staff
    code = totp_code_for(user)
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/tvastegsverifiering/**")
    axe(page, context_name="code step")
    page.get_by_label("Kod").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Fortsätt").click()
    assert page.title().startswith("Fel:")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    axe(page, context_name="code step with an error")
    page.wait_for_timeout(1500)  # django-otp makes the next try wait a second after a wrong code
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(lambda url: "/konto/" not in url)


@pytest.mark.browser
def test_the_lock_out_page(page, transactional_tree, axe, settings):
    user = transactional_tree.contact_staff
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill("fel-lösenord-igen")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="För många misslyckade inloggningar").wait_for()
    axe(page, context_name="locked out")
