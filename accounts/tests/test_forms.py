"""The staff log-in names the field in every error, in Swedish and in English (issue 16, item 7)."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.forms import CodeForm, EnrolForm, StaffAuthenticationForm
from staff.tests.test_handling_forms import generic_messages


@pytest.mark.parametrize(
    ("language", "messages"),
    [
        ("sv", ["Skriv ditt användarnamn", "Skriv ditt lösenord"]),
        ("en", ["Enter your user name", "Enter your password"]),
    ],
)
def test_an_empty_log_in_names_what_is_missing(client, tree, language, messages):
    html = client.post(reverse("accounts:login"), {}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<a class="ds-link" href="#id_username">{messages[0]}</a>' in html
    assert f'<a class="ds-link" href="#id_password">{messages[1]}</a>' in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_error_of_a_log_in_form_is_djangos_generic_one(language):
    with translation.override(language):
        for form in (StaffAuthenticationForm(), CodeForm(), EnrolForm()):
            for name, field in form.fields.items():
                assert generic_messages(field) == [], f"{type(form).__name__}.{name}"
