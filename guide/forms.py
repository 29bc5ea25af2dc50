"""Forms of the guide and the appeal helper: they validate; the views decide where to go."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import personnummer
from core.forms import DayMonthYearDateField, FreeTextField, named_errors, style_widgets
from core.personnummer import validate_personnummer
from guide import ivo_regions
from guide.appeals import APPEALABLE_DECISIONS, EASY_APPEALABLE_DECISIONS
from organisations.models import Organisation, OrganisationKind

ABOUT_CHOICES = [
    ("care", _("How support or care is carried out, for example how staff treat you or the quality")),
    ("decision", _("A decision about support, care or a fee that you do not agree with")),
    ("serious", _("Serious deficiencies or abuse in social services, LSS or personal assistance")),
    ("handling", _("You have complained, and you are not satisfied with how your complaint was handled")),
    ("injury", _("An injury in connection with health care, for example home health care")),
    ("praise", _("Praise, or an idea for how things could be better")),
]

WHOSE_CHOICES = [
    ("me", _("Yes, the decision is about me")),
    ("represent", _("It is about someone I represent (as guardian, trustee or with a power of attorney)")),
    ("other", _("No, it is about someone else")),
]


# The easy-to-read (lättläst) variant has its own plain answers: short words, one thing per answer, no law terms,
# and at most five of them: praise and ideas lead where complaints about the care do, and share its answer.
EASY_ABOUT_CHOICES = [
    ("care", _("How the staff help you or treat you. It can be good or bad.")),
    ("decision", _("A decision about you that you think is wrong")),
    ("serious", _("Something very wrong or dangerous in the care or the support")),
    ("handling", _("You have complained, and you are not happy with what happened then")),
    ("injury", _("You were hurt in health care")),
]

EASY_WHOSE_CHOICES = [
    ("me", _("Yes, it is about me")),
    ("represent", _("It is about a person I help as a guardian or trustee")),
    ("other", _("No, it is about another person")),
]


class AboutForm(forms.Form):
    about = forms.ChoiceField(
        label=_("What is it about?"),
        choices=ABOUT_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        error_messages=named_errors(_("What is it about?"), required=_("Choose what it is about")),
    )

    def __init__(self, *args: Any, easy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if easy:
            field = self.fields["about"]
            field.choices = EASY_ABOUT_CHOICES  # type: ignore[attr-defined]
            field.error_messages["required"] = _("Choose one answer")


class WhoseDecisionForm(forms.Form):
    whose = forms.ChoiceField(
        label=_("Is the decision about you?"),
        choices=WHOSE_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        error_messages=named_errors(
            _("Is the decision about you?"), required=_("Choose whom the decision is about")
        ),
    )

    def __init__(self, *args: Any, easy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if easy:
            field = self.fields["whose"]
            field.choices = EASY_WHOSE_CHOICES  # type: ignore[attr-defined]
            field.error_messages["required"] = _("Choose one answer")


class CountyForm(forms.Form):
    """The county where it happened, for IVO's regional department: a GET form that changes nothing."""

    lan = forms.ChoiceField(
        label=_("In which county did it happen?"),
        required=False,
        widget=forms.Select(attrs={"class": "ds-input"}),
        error_messages={"invalid_choice": _("Choose the county from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = self.fields["lan"]
        assert isinstance(county, forms.ChoiceField)
        county.choices = [("", _("Choose a county")), *((name, name) for name in ivo_regions.COUNTIES)]


class AppealDeadlineForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What was the decision about?"),
        choices=[(decision.key, decision.label) for decision in APPEALABLE_DECISIONS],
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        error_messages=named_errors(
            _("What was the decision about?"), required=_("Choose what the decision was about")
        ),
    )
    received = DayMonthYearDateField(
        label=_("When did you receive the decision?"),
        help_text=_("For example 3 12 2026"),
        subject=_("the date you received the decision"),
        allow_future=False,
    )

    def __init__(self, *args: Any, easy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if easy:  # four plain answers, without the law (guide.appeals.EASY_APPEALABLE_DECISIONS)
            field = self.fields["decision"]
            field.choices = [(d.key, d.easy_label) for d in EASY_APPEALABLE_DECISIONS]  # type: ignore[attr-defined]
            field.error_messages["required"] = _("Choose one answer")


class AppealLetterForm(forms.Form):
    """What the letter needs. Nothing typed here is stored: it goes into the PDF and is forgotten."""

    authority = forms.ModelChoiceField(
        label=_("Who made the decision?"),
        queryset=Organisation.objects.exclude(kind=OrganisationKind.SUPERVISORY_AUTHORITY).order_by("name"),
        empty_label=None,
        error_messages=named_errors(_("Who made the decision?"), required=_("Choose who made the decision")),
    )
    reference = FreeTextField(
        label=_("The decision's reference number"),
        required=False,
        max_length=60,
        help_text=_("It is printed on the decision, for example SN 2026/00123."),
    )
    decided = DayMonthYearDateField(
        label=_("The date of the decision"),
        required=False,
        help_text=_("For example 3 12 2026"),
        subject=_("the date of the decision"),
        allow_future=False,
    )
    change = FreeTextField(
        label=_("What do you want changed in the decision?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        character_count=True,
        error_messages=named_errors(
            _("What do you want changed in the decision?"),
            required=_("Write what you want changed in the decision"),
        ),
    )
    reasons = FreeTextField(
        label=_("Why should the decision be changed?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        character_count=True,
        error_messages=named_errors(
            _("Why should the decision be changed?"), required=_("Write why the decision should be changed")
        ),
    )
    # The person's details, each with its autocomplete token (WCAG 1.3.5): the browser can fill them in.
    name = FreeTextField(
        label=_("Your name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    personal_number = forms.CharField(
        label=_("Your personal identity number"),
        required=False,
        help_text=_("For example 19121212-1212. You can also write it by hand on the printed letter."),
        validators=[validate_personnummer],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = FreeTextField(
        label=_("Your street address"),
        required=False,
        max_length=300,
        character_count=True,
        help_text=_("For example Storgatan 1. Write c/o or a flat number on a line of its own."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    postcode = FreeTextField(
        label=_("Your postcode"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "8"}),
    )
    town = FreeTextField(
        label=_("Your town"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = FreeTextField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=named_errors(
            _("Your e-mail address"), invalid=_("Write the e-mail address as name@example.se")
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_personal_number(self) -> str:
        """Written the one unambiguous way, YYYYMMDD-NNNC, on the letter."""
        value: str = self.cleaned_data["personal_number"]
        return str(personnummer.parse(value)) if value else ""
