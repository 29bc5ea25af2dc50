"""The form kit: one way to ask for a date, to keep bots out, and to say what is wrong (style.md, GOV.UK).

- `DayMonthYearDateField`: a date as three inputs, day, month and year (GOV.UK's date input), shown with its label,
  hint and error by core/includes/forms/date.html. It keeps what was typed, and names the date in every error.
- `HoneypotField`, `honeypot_filled()`: a text field people never meet and bots fill in; `{% honeypot %}`
  (core/templatetags/form_kit.py) puts it in a form.
- `error_summary_items()`: every error of a form with the id of the input it belongs to, for the error summary at
  the top of main (core/includes/forms/error_summary.html).
- `style_widgets()`: Designsystemet's class on every widget of a form.
- `Select`: Django's select with a cheaper template, for the long lists of the staff pages.
- `named_errors()`: a field's error messages, each naming the field: the required one written by hand, and
  Django's generic ones ("Select a valid choice…", "Ensure this value has at most…") reworded.
- `FreeTextField`: a text a person writes. It never cuts a long text silently: no hard `maxlength`; with
  `character_count=True` a count under the field (GOV.UK's character count: "You can write up to 10 000
  characters", live with static/core/character-count.js), and without JavaScript the server refuses a text that is
  too long, saying by how much; what was typed stays on the page. A text of only invisible characters is refused
  (core/validators.py). `format_number()` writes a count the way the language does ("10 000", "10,000").

The templates of the kit are in core/templates/core/includes/forms/; its styles in static/css/synpunkt.css.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.validators import INVISIBLE_MESSAGE, is_invisible

if TYPE_CHECKING:  # django-stubs' name for "a str, or a lazy translation of one"
    from django_stubs_ext import StrOrPromise

THE_DATE = _("the date")

# --- dates as day, month and year ------------------------------------------------------------------------------


class PartialDate(TypedDict):
    """A date of which the day, or the day and the month, may be unknown ("in March 2026", "in 2025")."""

    day: int | None
    month: int | None
    year: int


def _date_parts(value: Any) -> list[Any]:
    """[day, month, year] of a date or a PartialDate, for the inputs."""
    if isinstance(value, date):
        return [value.day, value.month, value.year]
    if isinstance(value, Mapping):
        return [value.get("day"), value.get("month"), value.get("year")]
    return [None, None, None]


class DayMonthYearWidget(forms.MultiWidget):
    """Three text inputs with inputmode="numeric", named <name>_day, <name>_month and <name>_year, each labelled
    (core/templates/core/forms/widgets/day_month_year.html). GOV.UK: numbers as text, never type="number"."""

    template_name = "core/forms/widgets/day_month_year.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        def part(size: str) -> forms.TextInput:
            return forms.TextInput(
                {"class": "ds-input", "inputmode": "numeric", "maxlength": size, "size": size}
            )

        super().__init__(widgets={"day": part("2"), "month": part("2"), "year": part("4")}, attrs=attrs)

    def decompress(self, value: Any) -> list[Any]:
        return _date_parts(value)


class DayMonthYearHiddenWidget(forms.MultiWidget):
    """The same three parts as hidden inputs, for a page that carries a date on to its next POST
    (`{{ field.as_hidden }}`)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        hidden = forms.HiddenInput
        super().__init__(widgets={"day": hidden, "month": hidden, "year": hidden}, attrs=attrs)

    def decompress(self, value: Any) -> list[Any]:
        return _date_parts(value)


class DayMonthYearDateField(forms.Field):
    """A date typed as day, month and year. Cleans to a `datetime.date`, or with `partial=True` to a
    `PartialDate` where the day, or the day and the month, may be left out; None when nothing was typed.

    `subject` names the date in the messages ("the date received": "The date received must be a real date"); a
    page with two dates gives each its own. `allow_future=False` refuses a date after today, `allow_past=False`
    one before it. What was typed is kept as typed, so that the page shows it again with the error.
    """

    widget = DayMonthYearWidget
    hidden_widget = DayMonthYearHiddenWidget
    MESSAGES: dict[str, StrOrPromise] = {
        "required": _("Enter {date}"),
        "numbers": _("Write {date} in numbers, for example 27 3 2026"),
        "needs_day": _("{Date} must include a day"),
        "needs_month": _("{Date} must include a month"),
        "needs_year": _("{Date} must include a year"),
        "year_digits": _("The year in {date} must have four digits, for example 2026"),
        "invalid": _("{Date} must be a real date"),
        "future": _("{Date} must be today or in the past"),
        "past": _("{Date} must be today or later"),
    }

    def __init__(
        self,
        *,
        subject: StrOrPromise = THE_DATE,
        partial: bool = False,
        allow_future: bool = True,
        allow_past: bool = True,
        **kwargs: Any,
    ) -> None:
        self.partial = partial
        self.allow_future = allow_future
        self.allow_past = allow_past
        messages: dict[str, StrOrPromise] = {
            code: format_lazy(text, date=subject, Date=capfirst(subject))
            for code, text in self.MESSAGES.items()
        }
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # The widget's inputs show [day, month, year]: as typed when bound, from a date or PartialDate otherwise.
        return value if isinstance(value, list | tuple) else _date_parts(value)

    def to_python(self, value: Any) -> date | PartialDate | None:
        parts = list(value)[:3] if isinstance(value, list | tuple) else []
        day_text, month_text, year_text = (
            str(part or "").strip() for part in parts + [None] * (3 - len(parts))
        )
        if not (day_text or month_text or year_text):
            return None
        if any(text and not text.isdigit() for text in (day_text, month_text, year_text)):
            raise ValidationError(self.error_messages["numbers"], code="numbers")
        if not day_text and not self.partial:
            raise ValidationError(self.error_messages["needs_day"], code="needs_day")
        if not month_text and (day_text or not self.partial):
            raise ValidationError(self.error_messages["needs_month"], code="needs_month")
        if not year_text:
            raise ValidationError(self.error_messages["needs_year"], code="needs_year")
        if len(year_text) != 4:
            raise ValidationError(self.error_messages["year_digits"], code="year_digits")
        year, month, day = (
            int(year_text),
            int(month_text) if month_text else None,
            int(day_text) if day_text else None,
        )
        try:
            value_as_date = date(year, month or 1, day or 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if year < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # Today, as precisely as the date was given: "March 2026" is neither past nor future on 5 March 2026.
        today = timezone.localdate()
        given = (year, month or 0, day or 0)
        now = (today.year, today.month if month else 0, today.day if day else 0)
        if given > now and not self.allow_future:
            raise ValidationError(self.error_messages["future"], code="future")
        if given < now and not self.allow_past:
            raise ValidationError(self.error_messages["past"], code="past")
        if self.partial:
            return PartialDate(day=day, month=month, year=year)
        return value_as_date


# --- text that people write, and its count ---------------------------------------------------------------------


def format_number(number: int) -> str:
    """A whole number as the active language writes it, always grouped: "10 000" in Swedish (a no-break space,
    Django's Swedish THOUSAND_SEPARATOR, so that the number never breaks across lines), "10,000" in English."""
    return str(formats.number_format(number, decimal_pos=0, force_grouping=True))


def character_count_hint(limit: int) -> str:
    return gettext("You can write up to %(limit)s characters") % {"limit": format_number(limit)}


def character_count_attrs(limit: int) -> SafeString:
    """The data attributes that static/core/character-count.js reads: the limit, how the language groups digits,
    and the live messages with `{count}` where the number goes (singular when one, plural otherwise)."""
    grouping = formats.get_format("NUMBER_GROUPING")
    separator = str(formats.get_format("THOUSAND_SEPARATOR")) if grouping else ""
    placeholder = {"count": "{count}"}
    return format_html(
        ' data-character-count="{}" data-count-separator="{}" data-count-under-one="{}"'
        ' data-count-under-other="{}" data-count-over-one="{}" data-count-over-other="{}"',
        limit,
        separator,
        ngettext("You have %(count)s character left", "You have %(count)s characters left", 1) % placeholder,
        ngettext("You have %(count)s character left", "You have %(count)s characters left", 2) % placeholder,
        ngettext("You have %(count)s character too many", "You have %(count)s characters too many", 1)
        % placeholder,
        ngettext("You have %(count)s character too many", "You have %(count)s characters too many", 2)
        % placeholder,
    )


class FreeTextBoundField(forms.BoundField):
    """Describes the input by its count message too (<id>_count, after the input in field.html)."""

    @property
    def aria_describedby(self) -> str | None:
        described = super().aria_describedby
        field = self.field
        if described is None or not (isinstance(field, FreeTextField) and field.character_count):
            return described
        return " ".join(filter(None, [described, f"{self.auto_id}_count"])) if self.auto_id else described


class FreeTextField(forms.CharField):
    """A text that a person writes: a message, what happened, a name.

    - `max_length` is checked by the server only: the input gets no `maxlength`, which would cut a pasted text
      without a word. The message says how long the text is and how long it may be, in the language's numbers.
    - `character_count=True` shows the limit under the input ("You can write up to 10 000 characters"), which
      static/core/character-count.js turns into a live count; field.html renders it.
    - Line ends are counted as one character, as the browser's count does (a form posts them as CR LF).
    - A text of only invisible characters (core/validators.py) is refused when the field is required, and is
      nothing when it is optional.
    """

    bound_field_class = FreeTextBoundField
    default_error_messages = {
        "invisible": INVISIBLE_MESSAGE,
        "too_long": _("The text is %(length)s characters. Shorten it to at most %(limit)s characters."),
    }

    def __init__(
        self, *, max_length: int | None = None, character_count: bool = False, **kwargs: Any
    ) -> None:
        self.character_limit = max_length
        self.character_count = character_count and max_length is not None
        super().__init__(
            **kwargs
        )  # no max_length: no maxlength attribute, and the check below words its message

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if not text:
            return text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # A null character is no one's text: Django's validator refuses it, even where the field may be empty.
        if is_invisible(text) and not self.required and "\x00" not in text:
            return ""
        return text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if is_invisible(value):
            raise ValidationError(self.error_messages["invisible"], code="invisible")
        if self.character_limit is not None and len(value) > self.character_limit:
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"length": format_number(len(value)), "limit": format_number(self.character_limit)},
            )


# --- widgets ----------------------------------------------------------------------------------------------------


def style_widgets(form: forms.BaseForm) -> None:
    """Designsystemet's class on every widget of the form that has none of its own."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")


# --- selects ----------------------------------------------------------------------------------------------------


class Select(forms.Select):
    """Django's select, with each <option> written in the template's loop instead of one {% include %} apiece:
    the same HTML (core/tests/test_forms.py compares the two) at half the cost for a long list, such as the
    inbox's filter of a whole municipality's units. A select's options carry no attributes but `selected`."""

    template_name = "core/forms/widgets/select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Django's context, with the options written out here as `widget.options_html`: a loop in Python costs
        a fraction of the template's per option, and the statistics page's filter has some 250 (decision 34)."""
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = options_html(context["widget"]["optgroups"])
        return context


def options_html(optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    """A select's options as Django's select_option.html writes them, each value and label escaped."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(formats.localize(group_name))}">')
        for option in group_choices:
            selected = " selected" if option["selected"] else ""
            label = option["label"]
            # A plain text (most labels) escaped directly, as conditional_escape would; anything else (a number
            # to localise, a lazy or safe text) through Django's functions.
            label = html.escape(label) if type(label) is str else conditional_escape(formats.localize(label))
            parts.append(
                f'\n  <option value="{html.escape(str(option["value"]))}"{selected}>{label}</option>\n'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every value and label above is escaped)


# --- the honeypot ------------------------------------------------------------------------------------------------

HONEYPOT_FIELD = "website"


class HoneypotField(forms.CharField):
    """A text field that people never meet (off screen, aria-hidden, out of the tab order, never autofilled) and
    simple bots fill in. It never fails: a view asks `honeypot_filled()` first and answers a bot as if all went
    well, registering nothing, so that the bot learns nothing."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
        super().__init__(required=False, **kwargs)


class HoneypotForm(forms.Form):
    """The honeypot alone, as `{% honeypot %}` renders it inside any form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = HoneypotField()


def honeypot_filled(request: HttpRequest) -> bool:
    """True when the POST has something in the honeypot: a bot, not a person."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


# --- errors ------------------------------------------------------------------------------------------------------


def error_summary_items(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(id of the input, message) for every error of the form, in the order of its fields, for the error summary.

    The link goes to the input to correct: the first of a group (a radio, a date's day) for fields shown as a
    fieldset. An error of the whole form, or of a hidden field, goes to its first visible field, as GOV.UK links
    every error; a form without fields gives "" (the summary then shows the message without a link).
    """
    if not form.is_bound:
        return []
    visible = form.visible_fields()
    first_id = _input_id(visible[0]) if visible else ""
    items = [(first_id, str(message)) for message in form.non_field_errors()]
    for bound in form:
        input_id = first_id if bound.is_hidden else _input_id(bound)
        items.extend((input_id, str(message)) for message in bound.errors)
    return items


def _input_id(bound: forms.BoundField) -> str:
    if not bound.auto_id:
        return ""
    if bound.use_fieldset:  # radios and dates: their inputs are <id>_0, <id>_1, …
        return f"{bound.auto_id}_0"
    return bound.id_for_label or bound.auto_id


def named_errors(label: StrOrPromise, **messages: StrOrPromise) -> dict[str, StrOrPromise]:
    """Error messages for a text or choice field that name it: those given, and for the codes that Django words
    without the field (a choice that is not in the list, a text that is too long) one that quotes its label.

    Write the required message by hand, as GOV.UK does ("Enter what will be done"), and give it here.
    """
    named: dict[str, StrOrPromise] = {
        "invalid_choice": format_lazy(_("Choose one of the choices for “{label}”"), label=label),
        "max_length": format_lazy(
            _("“{label}” can be at most %(limit_value)d characters (it has %(show_value)d)"), label=label
        ),
    }
    named.update(messages)
    return named
