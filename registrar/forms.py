"""The registrar's form: everything the web form asks, plus the channel, the day received and the scanned letter."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, Channel, ContactPreference, SenderRole
from cases.uploads import validate_upload
from core.forms import DayMonthYearDateField, Select, named_errors, style_widgets
from core.languages import language_name
from intake.questions import UNKNOWN_UNIT, unit_choices
from organisations.models import Organisation, OrgNode

CHANNELS = [
    (value, label) for value, label in Channel.choices if value not in {Channel.WEB, Channel.INSTALLATION}
]
# A report to a supervisory authority is registered on its own page (supervision/), with the county and provider.
KINDS = [
    (value, label)
    for value, label in CaseKind.choices
    if value not in {CaseKind.ACCESSIBILITY, CaseKind.REPORT}
]


class RegistrationForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did it arrive?"),
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages=named_errors(_("How did it arrive?"), required=_("Choose how it arrived")),
    )
    received = DayMonthYearDateField(
        label=_("Date received"),
        help_text=_("The day it arrived. The clocks start on this day. For example 3 12 2026"),
        subject=_("the date received"),
        allow_future=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages=named_errors(_("Kind"), required=_("Choose the kind")),
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        widget=Select,
        error_messages=named_errors(_("Unit"), required=_("Choose the unit, or “I do not know”")),
    )
    wants_manager = forms.BooleanField(label=_("The sender wants the unit manager directly"), required=False)
    what_happened = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages=named_errors(
            _("What happened"), required=_("Write what happened, as the sender told it")
        ),
    )
    about_person = forms.CharField(
        label=_("Member of staff it is about"),
        required=False,
        max_length=200,
        error_messages=named_errors(_("Member of staff it is about")),
    )
    event = DayMonthYearDateField(
        label=_("When it happened"),
        required=False,
        help_text=_("A year, a month and year, or a full date."),
        subject=_("the date it happened"),
        partial=True,
        allow_future=False,
    )
    desired_outcome = forms.CharField(
        label=_("What the sender wants to happen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages=named_errors(_("What the sender wants to happen")),
    )
    sender_role = forms.ChoiceField(
        label=_("Who is writing"),
        choices=SenderRole.choices,
        error_messages=named_errors(_("Who is writing"), required=_("Choose who is writing")),
    )
    wants_answer = forms.BooleanField(label=_("The sender wants an answer"), required=False, initial=True)
    is_anonymous = forms.BooleanField(label=_("The sender is anonymous"), required=False)
    contact_name = forms.CharField(
        label=_("Name"), required=False, max_length=200, error_messages=named_errors(_("Name"))
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages=named_errors(_("E-mail"), invalid=_("Write the e-mail address as name@example.se")),
    )
    contact_phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, error_messages=named_errors(_("Phone"))
    )
    contact_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=named_errors(_("Postal address")),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        error_messages=named_errors(_("Preferred language"), required=_("Choose the preferred language")),
    )
    preferred_contact = forms.ChoiceField(
        label=_("Preferred way of contact"),
        required=False,
        choices=[("", _("Not given")), *ContactPreference.choices],
        error_messages=named_errors(_("Preferred way of contact")),
    )
    scanned_letter = forms.FileField(
        label=_("The scanned letter"),
        required=False,
        help_text=_("PDF or an image of the letter as it arrived."),
        error_messages={
            "invalid": _("The scanned letter did not arrive: choose the file again"),
            "missing": _("The scanned letter did not arrive: choose the file again"),
            "empty": _("The scanned letter is an empty file"),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.organisation = organisation
        groups: dict[str, list[tuple[str, str]]] = {}
        for choice in unit_choices(organisation):
            if choice.value == UNKNOWN_UNIT:
                continue
            groups.setdefault(str(choice.group or ""), []).append((choice.value, str(choice.label)))
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose the unit")),
            *[(group, items) for group, items in groups.items()],
            (UNKNOWN_UNIT, _("I do not know: the registrar places it later")),
        ]
        languages = [(code, language_name(code)) for code in organisation.language_codes]
        self.fields["preferred_language"].choices = languages  # type: ignore[attr-defined]
        self.fields["preferred_language"].initial = languages[0][0] if languages else "sv"

    def clean_scanned_letter(self) -> Any:
        upload = self.cleaned_data.get("scanned_letter")
        if upload:
            validate_upload(upload)  # raises ValidationError with a message naming the file and the reason
        return upload

    def clean_unit(self) -> OrgNode | None:
        value = self.cleaned_data["unit"]
        if value == UNKNOWN_UNIT:
            return None
        unit = OrgNode.objects.filter(organisation=self.organisation, pk=value, is_active=True).first()
        if unit is None:
            raise ValidationError(_("Choose the unit, or “I do not know”"))
        return unit
