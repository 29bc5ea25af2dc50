"""The registrar's form: everything the web form asks, plus the channel, the day received and the scanned letter."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, Channel, ContactPreference, SenderRole
from core.languages import language_name
from guide.forms import DatePartsMixin, style_widgets
from intake.questions import UNKNOWN_UNIT, unit_choices
from organisations.models import Organisation, OrgNode

CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]
KINDS = [(value, label) for value, label in CaseKind.choices if value != CaseKind.ACCESSIBILITY]


def _number(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Use numbers only")},
    )


class RegistrationForm(DatePartsMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("How did it arrive?"),
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it arrived")},
    )
    received_day = _number(_("Day"))
    received_month = _number(_("Month"))
    received_year = _number(_("Year"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind")},
    )
    unit = forms.ChoiceField(
        label=_("Unit"), error_messages={"required": _("Choose the unit, or “I do not know”")}
    )
    wants_manager = forms.BooleanField(label=_("The sender wants the unit manager directly"), required=False)
    what_happened = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": _("Write what happened, as the sender told it")},
    )
    about_person = forms.CharField(
        label=_("Member of staff it is about (optional)"), required=False, max_length=200
    )
    event_day = _number(_("Day"))
    event_month = _number(_("Month"))
    event_year = _number(_("Year"))
    desired_outcome = forms.CharField(
        label=_("What the sender wants to happen (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    sender_role = forms.ChoiceField(
        label=_("Who is writing"),
        choices=SenderRole.choices,
        error_messages={"required": _("Choose who is writing")},
    )
    wants_answer = forms.BooleanField(label=_("The sender wants an answer"), required=False, initial=True)
    is_anonymous = forms.BooleanField(label=_("The sender is anonymous"), required=False)
    contact_name = forms.CharField(label=_("Name (optional)"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        error_messages={"invalid": _("Write the e-mail address as name@example.se")},
    )
    contact_phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=40)
    contact_address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"))
    preferred_contact = forms.ChoiceField(
        label=_("Preferred way of contact (optional)"),
        required=False,
        choices=[("", _("Not given")), *ContactPreference.choices],
    )
    scanned_letter = forms.FileField(
        label=_("The scanned letter (optional)"),
        required=False,
        help_text=_("PDF or an image of the letter as it arrived."),
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
        from cases.uploads import validate_upload

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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        received = self.date_from_parts(
            "received", required=True, required_message=_("Give the date it was received")
        )
        if received and received > timezone.localdate():
            self.add_error("received_day", _("The date received must be today or earlier"))
            received = None
        cleaned["received_on"] = received
        self._clean_event_date(cleaned)
        return cleaned

    def _clean_event_date(self, cleaned: dict[str, Any]) -> None:
        """When it happened is optional, and may be a year, a month and year, or a full date."""
        day, month, year = (cleaned.get(f"event_{part}") for part in ("day", "month", "year"))
        if day is None and month is None and year is None:
            return
        if year is None or (day is not None and month is None):
            self.add_error("event_day", _("Give the year, the month and year, or the full date"))
            return
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            self.add_error("event_day", _("Give a real date, for example 3 12 2026"))
