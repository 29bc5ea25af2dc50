"""The wizard's forms, built from the questions in intake/questions.py (one source for web and paper)."""

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import ContactPreference
from core.forms import DayMonthYearDateField, FreeTextField
from intake.questions import Kind, Page, Question, choices_for


class ChoiceLabel:
    """A radio label that carries its hint; renders as the label (core/includes/forms/radios.html shows both)."""

    def __init__(self, label: str | Promise, hint: str | Promise | None = None) -> None:
        self.label = label
        self.hint = hint

    def __str__(self) -> str:
        return str(self.label)


class HintedRadioSelect(forms.RadioSelect):
    """Radios whose choices may carry a hint (ChoiceLabel): each such radio is described by its hint."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        label = option.get("label")
        if isinstance(label, ChoiceLabel) and label.hint and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_hint"
        return option


PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,24}$")

# What the session keeps of one answer: far above every question's limit (the longest is 10 000), so that a text
# that is too long comes back whole with its message and its true length; the request's own size limit
# (DATA_UPLOAD_MAX_MEMORY_SIZE) bounds it anyway.
KEPT_CHARACTERS = 100_000


def _field_for(question: Question, organisation: Any, answers: Mapping[str, Any]) -> forms.Field:
    required = not question.is_optional(answers)
    messages: dict[str, Any] = {}
    if question.required_message:
        messages["required"] = question.required_message
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.hint or "",
        "required": required,
    }
    attrs: dict[str, str] = {"class": "ds-input"}
    if question.autocomplete:
        attrs["autocomplete"] = question.autocomplete
    field: forms.Field
    if question.kind == Kind.RADIO:
        choices = [
            (choice.value, ChoiceLabel(choice.label, choice.hint))
            for choice in choices_for(question, organisation)
        ]
        messages.setdefault("required", _("Select an answer"))
        messages["invalid_choice"] = question.required_message or _("Select one of the answers")
        field = forms.ChoiceField(
            choices=choices,
            widget=HintedRadioSelect(attrs={"class": "ds-input"}),
            error_messages=messages,
            **common,
        )
    elif question.kind == Kind.TEXTAREA:
        messages.setdefault("required", _("Fill in this field"))
        field = FreeTextField(
            max_length=question.max_length,
            character_count=True,
            widget=forms.Textarea(attrs={**attrs, "rows": "8"}),
            error_messages=messages,
            **common,
        )
    elif question.kind == Kind.EMAIL:
        messages["invalid"] = _("Enter an e-mail address in the right format, for example namn@exempel.se")
        attrs.update({"spellcheck": "false", "inputmode": "email"})
        field = forms.EmailField(
            max_length=question.max_length,
            widget=forms.EmailInput(attrs=attrs),
            error_messages=messages,
            **common,
        )
    elif question.kind == Kind.PHONE:
        field = forms.CharField(
            max_length=question.max_length,
            widget=forms.TextInput(attrs={**attrs, "type": "tel"}),
            validators=[_phone_validator],
            error_messages=messages,
            **common,
        )
    elif question.kind == Kind.DATE:
        field = DayMonthYearDateField(partial=True, allow_future=False, error_messages=messages, **common)
    elif question.kind == Kind.TEXT:
        field = FreeTextField(
            max_length=question.max_length,
            widget=forms.TextInput(attrs=attrs),
            error_messages=messages,
            **common,
        )
    else:
        raise ValueError(f"No form field for question kind {question.kind}")
    field.error_messages.update(question.messages)  # the question's own words, e.g. its easy-to-read ones
    return field


def _phone_validator(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_PATTERN.match(value) or not 6 <= digits <= 15:
        raise ValidationError(_("Enter a phone number, for example 070-123 45 67"), code="invalid_phone")


class PageForm(forms.Form):
    """One page of the wizard. Built by page_form(); never saves anything (views and services do)."""

    page: Page

    def raw_data(self) -> dict[str, str]:
        """What the person typed, as posted, so that it can be kept in the session and shown again."""
        data: dict[str, str] = {}
        for name in self.posted_names():
            value = self.data.get(name, "")
            data[name] = str(value)[:KEPT_CHARACTERS]
        return data

    def posted_names(self) -> list[str]:
        names: list[str] = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.MultiWidget):
                names.extend(name + suffix for suffix in field.widget.widgets_names)  # type: ignore[attr-defined]
            else:
                names.append(name)
        return names


class ContactDetailsForm(PageForm):
    """Contact details: the way of contact they prefer needs its detail (an e-mail address to e-mail them…)."""

    NEEDS = {
        ContactPreference.EMAIL.value: (
            "contact_email",
            _("Enter your e-mail address, or choose another way of contact"),
        ),
        ContactPreference.PHONE.value: (
            "contact_phone",
            _("Enter your phone number, or choose another way of contact"),
        ),
        ContactPreference.POST.value: (
            "contact_address",
            _("Enter your postal address, or choose another way of contact"),
        ),
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        preferred = cleaned.get("preferred_contact")
        if preferred in self.NEEDS:
            key, message = self.NEEDS[preferred]
            if key not in self.errors and not cleaned.get(key):
                self.add_error(key, self.fields[key].error_messages.get("needed", message))
        return cleaned


FORM_BASES: dict[str, type[PageForm]] = {"kontaktuppgifter": ContactDetailsForm}


def page_form(
    page: Page,
    *,
    organisation: Any,
    answers: Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
    initial: Mapping[str, Any] | None = None,
) -> PageForm:
    """The form for one page, with the fields of its questions (required or not as the answers so far say)."""
    fields = {question.key: _field_for(question, organisation, answers) for question in page.questions}
    base = FORM_BASES.get(page.slug, PageForm)
    form_class = type(f"{base.__name__}_{page.slug.replace('-', '_')}", (base,), {**fields, "page": page})
    return form_class(data=data, initial=initial)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsForm(forms.Form):
    """New files to attach; each is checked by cases.uploads.validate_upload in the view (it names the file)."""

    attachments = forms.FileField(
        label=_("Choose files"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "ds-input", "multiple": True}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "PDF, images (JPEG, PNG, HEIC, GIF, WebP) and Office documents. At most %(count)s files, each at most "
            "%(size)s MB."
        ) % {"count": settings.UPLOAD_MAX_FILES, "size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
