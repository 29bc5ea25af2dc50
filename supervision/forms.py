"""The forms of a supervisory authority: a report (the web's and staff's), the decision, the register's upload and
the planning view's filter. They validate; the services register and decide (style.md)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Channel, ContactPreference, SenderRole
from cases.uploads import validate_upload
from core.forms import DayMonthYearDateField, FreeTextField, Select, named_errors, style_widgets
from core.languages import language_name
from guide.ivo_regions import COUNTIES, county_named
from organisations.models import Category, CategoryDimension, Organisation
from supervision.models import Department, Outcome, Provider, ServiceKind, SupervisedUnit
from supervision.selectors import register_units

NOT_IN_LIST = "words"
STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.POST, Channel.PHONE, Channel.EMAIL, Channel.VISIT)]


def unit_choices(authority: Organisation) -> list[Any]:
    """The register's units, grouped by provider, then "not in the list"."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit in register_units(authority):
        groups.setdefault(unit.provider.name, []).append(
            (
                str(unit.pk),
                f"{unit.name} ({unit.get_service_kind_display()}, {unit.municipality or unit.county})",
            )
        )
    return [
        ("", _("Choose the provider or unit")),
        *[(provider, units) for provider, units in groups.items()],
        (NOT_IN_LIST, _("It is not in the list, or I do not know: I write it below")),
    ]


class ReportForm(forms.Form):
    """What the web form asks of anyone who reports (domain.md §6): where, who provides it, what happened, and
    who is reporting (optional)."""

    county = forms.ChoiceField(
        label=_("In which county did it happen?"),
        help_text=_("The county decides which of our regional departments handles your report."),
        widget=Select,
        error_messages=named_errors(
            _("In which county did it happen?"),
            required=_("Choose the county where it happened"),
            invalid_choice=_("Choose the county where it happened, from the list of Sweden’s 21 counties"),
        ),
    )
    unit = forms.ChoiceField(
        label=_("Which provider or unit is it about?"),
        help_text=_(
            "A care home, a group home, home care, personal assistance: choose it if it is in the list."
        ),
        widget=Select,
        error_messages=named_errors(
            _("Which provider or unit is it about?"),
            required=_("Choose the provider or unit, or “It is not in the list”"),
            invalid_choice=_("Choose the provider or unit from the list, or “It is not in the list”"),
        ),
    )
    provider_in_words = FreeTextField(
        label=_("The provider or unit in your own words"),
        help_text=_("If it is not in the list: its name, or where it is, as well as you know it."),
        required=False,
        max_length=300,
        error_messages=named_errors(_("The provider or unit in your own words")),
    )
    service_kind = forms.ChoiceField(
        label=_("What kind of service is it?"),
        required=False,
        choices=[("", _("I do not know")), *ServiceKind.choices],
        widget=forms.RadioSelect,
        error_messages=named_errors(_("What kind of service is it?")),
    )
    what_happened = FreeTextField(
        label=_("What happened?"),
        help_text=_(
            "Tell us what you have seen or been through, and who it affected. Do not write anyone’s "
            "personal identity number."
        ),
        max_length=10000,
        character_count=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=named_errors(_("What happened?"), required=_("Write what happened")),
    )
    event = DayMonthYearDateField(
        label=_("When did it happen?"),
        required=False,
        help_text=_("A year, a month and year, or a full date. For example 3 12 2026"),
        subject=_("the date it happened"),
        partial=True,
        allow_future=False,
    )
    sender_role = forms.ChoiceField(
        label=_("Who are you?"),
        choices=SenderRole.choices,
        widget=forms.RadioSelect,
        error_messages=named_errors(_("Who are you?"), required=_("Choose who you are")),
    )
    is_anonymous = forms.BooleanField(
        label=_("I want to be anonymous"),
        required=False,
        help_text=_("Then we cannot send you our notice; you follow your report with your receipt code."),
    )
    contact_name = FreeTextField(
        label=_("Your name"),
        required=False,
        max_length=200,
        error_messages=named_errors(_("Your name")),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        error_messages=named_errors(
            _("Your e-mail address"), invalid=_("Write the e-mail address as name@example.se")
        ),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        error_messages=named_errors(_("Your phone number")),
    )
    contact_address = FreeTextField(
        label=_("Your postal address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=named_errors(_("Your postal address")),
    )
    protected_identity = forms.BooleanField(
        label=_("I have protected personal details"),
        required=False,
        help_text=_(
            "For example a protected address at the Swedish Tax Agency. If you do, only the staff who must see "
            "your details can see them, and no letter from us shows your address."
        ),
    )
    preferred_language = forms.ChoiceField(
        label=_("Which language do you want us to use?"),
        error_messages=named_errors(_("Which language do you want us to use?")),
    )

    def __init__(self, *args: Any, authority: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose the county")),
            *[(county, county) for county in COUNTIES],
        ]
        self.fields["unit"].choices = unit_choices(authority)  # type: ignore[attr-defined]
        languages = [(code, language_name(code)) for code in authority.language_codes]
        self.fields["preferred_language"].choices = languages  # type: ignore[attr-defined]
        self.fields["preferred_language"].initial = languages[0][0] if languages else "sv"
        style_widgets(self)

    def clean_county(self) -> str:
        county = county_named(self.cleaned_data["county"])
        if county is None:
            raise ValidationError(
                _("Choose the county where it happened, from the list of Sweden’s 21 counties")
            )
        return county

    def clean_unit(self) -> SupervisedUnit | None:
        value = self.cleaned_data["unit"]
        if value == NOT_IN_LIST:
            return None
        unit = (
            register_units(self.authority).filter(pk=int(value)).first()
            if value.isascii() and value.isdigit() and len(value) < 12
            else None
        )
        if unit is None:
            raise ValidationError(_("Choose the provider or unit from the list, or “It is not in the list”"))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "unit" in data and data["unit"] is None and not data.get("provider_in_words"):
            self.add_error(
                "provider_in_words",
                _("Write the name of the provider or unit, or where it is, as well as you know it"),
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned answers as supervision.services.report_register takes them."""
        data = self.cleaned_data
        event = data.get("event")
        anonymous = data["is_anonymous"]
        return {
            "protected_sender": bool(data.get("protected_identity")) and not anonymous,
            "county": data["county"],
            "unit": data["unit"],
            "provider_in_words": data.get("provider_in_words") or "",
            "service_kind": data.get("service_kind") or "",
            "what_happened": data["what_happened"],
            "event_day": event["day"] if event else None,
            "event_month": event["month"] if event else None,
            "event_year": event["year"] if event else None,
            "sender_role": data["sender_role"],
            "is_anonymous": anonymous,
            "wants_answer": not anonymous,
            "contact_name": data.get("contact_name") or "",
            "contact_email": data.get("contact_email") or "",
            "contact_phone": data.get("contact_phone") or "",
            "contact_address": data.get("contact_address") or "",
            "preferred_language": data["preferred_language"],
            "preferred_contact": (
                ContactPreference.EMAIL
                if data.get("contact_email")
                else ContactPreference.POST
                if data.get("contact_address")
                else ""
            ),
        }


class StaffReportForm(ReportForm):
    """A report that came by post, phone, e-mail or a visit: the web's questions, with how and when it arrived.
    Protected personal details are marked by staff on the case page (protection), not here."""

    channel = forms.ChoiceField(
        label=_("How did it arrive?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        error_messages=named_errors(_("How did it arrive?"), required=_("Choose how it arrived")),
    )
    received = DayMonthYearDateField(
        label=_("Date received"),
        help_text=_("The day it arrived. The clock starts on this day. For example 3 12 2026"),
        subject=_("the date received"),
        allow_future=False,
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender_role"].label = _("Who is reporting")
        self.fields["is_anonymous"].label = _("The reporter is anonymous")
        self.fields["is_anonymous"].help_text = ""
        del self.fields["protected_identity"]

    def clean_scanned_letter(self) -> Any:
        upload = self.cleaned_data.get("scanned_letter")
        if upload:
            validate_upload(upload)
        return upload


class DecisionForm(forms.Form):
    """How the report will be handled, and the written notice to the reporter."""

    outcome = forms.ChoiceField(
        label=_("How will the report be handled?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=named_errors(
            _("How will the report be handled?"), required=_("Choose how it will be handled")
        ),
    )
    hand_to = forms.ModelChoiceField(
        label=_("Handed to (if handed over)"),
        queryset=Provider.objects.none(),
        required=False,
        widget=Select,
        error_messages=named_errors(
            _("Handed to"), invalid_choice=_("Choose the recipient from the register")
        ),
    )
    hand_to_name = forms.CharField(
        label=_("Or the recipient’s name, if it is not in the register"),
        required=False,
        max_length=200,
        error_messages=named_errors(_("The recipient’s name")),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("What does the report concern?"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=named_errors(_("What does the report concern?"), required=_("Choose at least one")),
    )
    notice = FreeTextField(
        label=_("The notice to the reporter"),
        help_text=_(
            "Tell the reporter how we will handle what they told us. They read it on their page, or get it "
            "by letter."
        ),
        max_length=5000,
        character_count=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=named_errors(
            _("The notice to the reporter"), required=_("Write the notice to the reporter")
        ),
    )

    def __init__(self, *args: Any, authority: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hand_to"].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
            authority=authority, is_active=True
        ).order_by("name")
        self.fields["hand_to"].empty_label = _("Not in the register, or not handed over")  # type: ignore[attr-defined]
        self.fields["topics"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            organisation=authority, dimension=CategoryDimension.TOPIC, is_active=True
        )
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == Outcome.HANDED_OVER
            and not data.get("hand_to")
            and not data.get("hand_to_name")
        ):
            self.add_error(
                "hand_to", _("Choose the municipality or provider it is handed to, or write its name")
            )
        return data


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The register as a CSV file"),
        help_text=_(
            "One unit per row, with the columns organisationsnummer, huvudman, typ (kommunal or privat), enhet, "
            "verksamhet (SoL, LSS or personlig assistans), län and, if you like, kommun."
        ),
        error_messages={
            "required": _("Choose the CSV file"),
            "invalid": _("The file did not arrive: choose it again"),
            "missing": _("The file did not arrive: choose it again"),
            "empty": _("The file is empty"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 20 MB. Split it into smaller files."))
        return bytes(upload.read())


class PlanningFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, widget=Select
    )
    county = forms.ChoiceField(label=_("County"), required=False, widget=Select)
    service_kind = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        choices=[("", _("All kinds")), *ServiceKind.choices],
        widget=Select,
    )

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["department"].empty_label = _("All my departments")  # type: ignore[attr-defined]
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            ("", _("All counties")),
            *[(county, county) for county in COUNTIES],
        ]
        style_widgets(self)
