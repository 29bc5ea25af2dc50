"""The form kit (core/forms.py): the day/month/year date, the honeypot, the error summary, messages naming fields."""

import re
from datetime import date

import pytest
import time_machine
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from core.forms import (
    HONEYPOT_FIELD,
    DayMonthYearDateField,
    Select,
    error_summary_items,
    honeypot_filled,
    named_errors,
)

TODAY = date(2026, 3, 15)


class EventForm(forms.Form):
    what = forms.CharField(label="What", error_messages=named_errors("What", required="Enter what happened"))
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        error_messages=named_errors("Kind", required="Choose the kind"),
    )
    received = DayMonthYearDateField(label="Date received", subject="the date received", allow_future=False)
    happened = DayMonthYearDateField(
        label="When", required=False, partial=True, subject="the date it happened"
    )


def parts(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}


def event_form(**data: str) -> EventForm:
    return EventForm({"what": "Något", "kind": "a", **parts("received", "3", "2", "2026"), **data})


# --- the date ---------------------------------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_it_cleans_day_month_and_year_to_a_date():
    form = event_form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received"] == date(2026, 2, 3)
    assert form.cleaned_data["happened"] is None


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "The date received must be a real date"),
        ("29", "2", "2025", "The date received must be a real date"),
        ("1", "13", "2026", "The date received must be a real date"),
        ("1", "1", "1850", "The date received must be a real date"),
        ("", "2", "2026", "The date received must include a day"),
        ("3", "", "2026", "The date received must include a month"),
        ("3", "2", "", "The date received must include a year"),
        ("3", "2", "26", "The year in the date received must have four digits"),
        ("3", "feb", "2026", "Write the date received in numbers"),
        ("16", "3", "2026", "The date received must be today or in the past"),
        ("", "", "", "Enter the date received"),
    ],
)
def test_it_refuses_what_is_not_a_date_and_names_the_date(day, month, year, message):
    with translation.override("en"):
        form = event_form(**parts("received", day, month, year))
        assert not form.is_valid()
        assert len(form.errors["received"]) == 1
        assert form.errors["received"][0].startswith(message)


@time_machine.travel(TODAY)
def test_it_says_so_in_swedish():
    with translation.override("sv"):
        form = EventForm({**parts("received", "31", "2", "2026")})
        form.fields["received"] = DayMonthYearDateField(label="Datum")  # "the date", translated
        assert not form.is_valid()
        assert form.errors["received"] == ["Datumet måste finnas i kalendern"]
        assert form.errors["what"] == ["Enter what happened"]


@time_machine.travel(TODAY)
def test_it_keeps_what_was_typed_also_when_it_is_wrong():
    form = event_form(**parts("received", "31", "2", ""))
    assert not form.is_valid()
    html = str(form["received"])
    assert re.search(r'<input [^>]*name="received_day" value="31"', html)
    assert re.search(r'<input [^>]*name="received_month" value="2"', html)
    year = re.search(r'<input [^>]*name="received_year"[^>]*>', html).group()
    assert "value=" not in year and 'inputmode="numeric"' in year and 'type="text"' in year


def test_each_part_has_its_label_and_the_first_is_the_one_errors_link_to():
    with translation.override("sv"):
        html = str(EventForm()["received"])
    for index, label in enumerate(["Dag", "Månad", "År"]):
        assert (
            f'<label class="ds-label" data-weight="regular" for="id_received_{index}">{label}</label>' in html
        )


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("", "", "2025", {"day": None, "month": None, "year": 2025}),
        ("", "3", "2026", {"day": None, "month": 3, "year": 2026}),
        ("15", "3", "2026", {"day": 15, "month": 3, "year": 2026}),
    ],
)
def test_a_partial_date_may_leave_out_the_day_or_the_day_and_month(day, month, year, expected):
    form = event_form(**parts("happened", day, month, year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["happened"] == expected


@time_machine.travel(TODAY)
def test_a_partial_date_needs_a_month_with_its_day():
    with translation.override("en"):
        form = event_form(**parts("happened", "3", "", "2025"))
        assert form.errors["happened"] == ["The date it happened must include a month"]


@time_machine.travel(TODAY)
def test_a_date_that_must_not_be_past_refuses_yesterday():
    field = DayMonthYearDateField(allow_past=False)
    assert field.clean(["15", "3", "2026"]) == TODAY
    with (
        translation.override("en"),
        pytest.raises(forms.ValidationError, match="The date must be today or later"),
    ):
        field.clean(["14", "3", "2026"])


def test_it_shows_a_date_or_a_partial_date_it_is_given():
    form = EventForm(
        initial={"received": date(2026, 2, 3), "happened": {"day": None, "month": 5, "year": 2025}}
    )
    assert re.search(r'name="received_day" value="3"', str(form["received"]))
    happened = str(form["happened"])
    assert re.search(r'name="happened_month" value="5"', happened)
    assert "value=" not in re.search(r'<input [^>]*name="happened_day"[^>]*>', happened).group()


@time_machine.travel(TODAY)
def test_it_carries_a_date_on_as_three_hidden_inputs():
    form = event_form()
    assert form.is_valid()
    hidden = form["received"].as_hidden()
    assert hidden.count('type="hidden"') == 3
    again = event_form(**{name: value for name, value in re.findall(r'name="(\w+)" value="(\w+)"', hidden)})
    assert again.is_valid() and again.cleaned_data["received"] == date(2026, 2, 3)


# --- the honeypot -----------------------------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_out_of_the_tab_order():
    with translation.override("sv"):
        html = Template("{% load form_kit %}{% honeypot %}").render(Context())
    assert html.strip().startswith('<div class="honeypot" aria-hidden="true">')
    field = re.search(r"<input [^>]*>", html).group()
    assert f'name="{HONEYPOT_FIELD}"' in field and 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert "Lämna fältet tomt" in html


def test_a_filled_honeypot_is_a_bot():
    factory = RequestFactory()
    assert honeypot_filled(factory.post("/", {HONEYPOT_FIELD: "https://spam.example"}))
    assert not honeypot_filled(factory.post("/", {HONEYPOT_FIELD: "   "}))
    assert not honeypot_filled(factory.post("/", {}))


# --- the error summary ------------------------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_the_summary_links_each_error_to_the_input_to_correct():
    form = EventForm(
        {"what": "", **parts("received", "31", "2", "2026"), **parts("happened", "3", "", "2025")}
    )
    form.is_valid()
    form.add_error(None, "Something about the whole form")
    anchors = [anchor for anchor, _message in error_summary_items(form)]
    # The form's own error first, linked to its first field; then the fields in order (radios and dates: input 0).
    assert anchors == ["id_what", "id_what", "id_kind_0", "id_received_0", "id_happened_0"]


def test_an_unbound_form_has_no_summary():
    assert error_summary_items(EventForm()) == []
    assert render_to_string("core/includes/forms/error_summary.html", {"form": EventForm()}).strip() == ""


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("language", "heading", "real_date"),
    [
        ("sv", "Det finns 3 fel", "måste finnas i kalendern"),
        ("en", "There are 3 problems", "must be a real date"),
    ],
)
def test_the_summary_counts_the_errors_and_names_each_field(language, heading, real_date):
    form = EventForm({**parts("received", "31", "2", "2026")})
    form.is_valid()
    with translation.override(language):
        html = render_to_string("core/includes/forms/error_summary.html", {"form": form})
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html and "autofocus" in html
    assert heading in html
    assert '<a class="ds-link" href="#id_what">Enter what happened</a>' in html
    assert '<a class="ds-link" href="#id_kind_0">Choose the kind</a>' in html
    assert re.search(rf'<a class="ds-link" href="#id_received_0">The date received {real_date}</a>', html)


class ShortForm(forms.Form):
    what = forms.CharField(
        label="What", max_length=5, error_messages=named_errors("What", required="Enter what")
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A")], error_messages=named_errors("Kind", required="Choose the kind")
    )


def test_the_messages_django_words_without_the_field_name_it():
    form = ShortForm({"what": "x" * 10, "kind": "c"})
    assert not form.is_valid()
    with translation.override("en"):
        assert form.errors["kind"] == ["Choose one of the choices for “Kind”"]
        assert form.errors["what"] == ["“What” can be at most 5 characters (it has 10)"]
    with translation.override("sv"):
        assert form.errors["kind"] == ["Välj ett av alternativen för ”Kind”"]
        assert form.errors["what"] == ["”What” får ha som mest 5 tecken (det har 10)"]


# --- the select -------------------------------------------------------------------------------------------------

HOSTILE = ['"><script>alert(1)</script>', "a & b < c", "'single'", "\u202egnp.exe", "", "0", "1 000"]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_kits_select_writes_what_djangos_select_writes(value):
    choices = [
        ("", "---"),
        (1, value),
        (value, "Solgården"),
        ("Äldreomsorg", [(3, "three"), (value, value)]),
        ("", [(4, "four")]),
        (5, mark_safe("<b>safe</b>")),
    ]
    attrs = {"class": "ds-input", "data-x": value, "required": True, "disabled": False, "id": "id_unit"}
    for current in (value, 1, None, [1, value]):
        expected = forms.Select(choices=choices).render("unit", current, attrs=attrs)
        assert Select(choices=choices).render("unit", current, attrs=attrs) == expected
