"""The handling forms name the field in every error, in Swedish and in English (issue 16, item 7)."""

import inspect

import pytest
from django import forms
from django.utils import translation

from cases.tests.handling_helpers import register
from staff import handling_forms
from staff.tests.test_handling_views import client_for, url

HANDLING_FORMS = [
    form_class
    for _name, form_class in inspect.getmembers(handling_forms, inspect.isclass)
    if issubclass(form_class, handling_forms.HandlingForm) and form_class is not handling_forms.HandlingForm
]


def django_default(field: forms.Field, code: str) -> str:
    """The message Django itself gives for `code`, in the active language."""
    for klass in type(field).__mro__:
        if code in getattr(klass, "default_error_messages", {}):
            return str(klass.default_error_messages[code])
    return ""


def generic_messages(field: forms.Field) -> list[str]:
    """The codes this field can fail with whose message would still be Django's own, which names no field."""
    codes = ["required"] if field.required else []
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        codes.append("invalid_choice")
    if getattr(field, "max_length", None):
        codes.append("max_length")
    return [code for code in codes if str(field.error_messages[code]) == django_default(field, code)]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("form_class", HANDLING_FORMS, ids=lambda form_class: form_class.__name__)
def test_no_error_of_a_handling_form_is_djangos_generic_one(form_class, language):
    assert HANDLING_FORMS, "no forms found"
    with translation.override(language):
        for name, field in form_class.base_fields.items():
            assert generic_messages(field) == [], f"{form_class.__name__}.{name}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["Skriv vad som ska göras", "Skriv datumet då åtgärden ska vara klar"]),
        ("en", ["Enter what will be done", "Enter the date the action is to be done by"]),
    ],
)
def test_an_empty_action_names_what_is_missing(tree, language, expected):
    case = register(tree)
    client = client_for(tree.contact_staff)
    response = client.post(
        url("action_add", case), {"responsible": tree.contact_staff.pk}, HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert f'<a class="ds-link" href="#id_description">{expected[0]}</a>' in summary
    assert f'<a class="ds-link" href="#id_due_on_0">{expected[1]}</a>' in summary
    assert "Detta fält måste fyllas i" not in html and "This field is required" not in html
