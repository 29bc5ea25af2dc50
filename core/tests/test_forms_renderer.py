"""The fast widget renderer writes exactly what Django's widget templates write, for any value."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from core.forms_renderer import FastWidgetRenderer

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()
HOSTILE = st.one_of(
    st.sampled_from(
        ['"><script>alert(1)</script>', "a & b < c", "'single'", "\u202egnp.exe", "", "0", "1 000"]
    ),
    st.text(max_size=40),
)
CHOICE_VALUES = st.one_of(st.integers(-5, 10**6), HOSTILE)


def widgets(value: str, label: str, other: str) -> list[tuple[forms.Widget, object]]:
    attrs = {"class": "ds-input", "data-x": value, "required": True, "disabled": False, "aria-label": label}
    choices = [("", "---"), (1, label), (other, value), (2, mark_safe("<b>safe</b>"))]
    grouped = [(label, [(3, "three"), (value, other)]), ("", [(4, "four")]), (5, "five")]
    return [
        (forms.TextInput(attrs=attrs), value),
        (forms.TextInput(attrs={**attrs, "type": "tel"}), value),
        (forms.EmailInput(attrs=attrs), value),
        (forms.NumberInput(attrs=attrs), 12345.5),
        (forms.PasswordInput(attrs=attrs, render_value=True), value),
        (forms.HiddenInput(attrs=attrs), value),
        (forms.URLInput(attrs=attrs), None),
        (forms.DateInput(attrs=attrs), value),
        (forms.Textarea(attrs=attrs), value),
        (forms.Textarea(attrs=attrs), ""),
        (forms.Select(attrs=attrs, choices=choices), other),
        (forms.Select(attrs=attrs, choices=grouped), value),
        (forms.SelectMultiple(attrs=attrs, choices=choices), [1, other]),
        (forms.NullBooleanSelect(attrs=attrs), True),
        (forms.RadioSelect(choices=choices), 1),  # not handled: falls back to the templates
        (forms.CheckboxInput(attrs=attrs), True),
    ]


@settings(max_examples=60, deadline=None)
@given(value=HOSTILE, label=HOSTILE, other=CHOICE_VALUES)
def test_it_renders_every_plain_widget_as_django_templates_do(value, label, other):
    for widget, current in widgets(value, label, other):
        expected = widget.render("field", current, attrs={"id": "id_field"}, renderer=TEMPLATES)
        assert widget.render("field", current, attrs={"id": "id_field"}, renderer=FAST) == expected, widget


def test_it_is_the_projects_form_renderer():
    from django.conf import settings as django_settings

    assert django_settings.FORM_RENDERER == "core.forms_renderer.FastWidgetRenderer"


def test_it_does_not_use_the_templates_for_the_widgets_it_knows(monkeypatch):
    def refuse(self, template_name, context, request=None):
        raise AssertionError(f"rendered through the templates: {template_name}")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=[(1, "a"), ("b", [(2, "c")])])):
        assert widget.render("field", None, renderer=FAST).startswith("<")
