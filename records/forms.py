"""The forms of the register and the requests: they validate what was typed, in the person's language; the services
act. Each field carries the form kit's include that renders it (lexsarah.forms.StyledForm), so that one template,
lexsarah/_fields.html, renders any of them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind
from core.forms import DayMonthYearDateField, Select, named_errors
from lexsarah.forms import StyledForm
from organisations.models import Organisation
from records.models import LegalGround, RequestChannel
from records.selectors import STATE_ALL, STATE_DECIDED, STATE_OPEN, RegisterFilters, register_units


class GroundChoiceField(forms.ModelChoiceField):
    """The legal grounds in use, each as its provision and what it protects, in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        english = (get_language() or "sv").startswith("en") and obj.label_en
        return f"{obj.citation} – {obj.label_en if english else obj.label}"


def _grounds() -> Any:
    return LegalGround.objects.filter(is_active=True)


# --- The public register ----------------------------------------------------------------------------------------


class RegisterSearchForm(StyledForm):
    """The register's search, by GET: every field optional; a wrong date is named and the rest still applies."""

    reference = forms.CharField(
        label=_("Reference number"),
        required=False,
        max_length=40,
        help_text=_("The whole number, for example SN 2026/00012."),
        error_messages=named_errors(_("Reference number")),
    )
    received_from = DayMonthYearDateField(
        label=_("Received from"),
        required=False,
        subject=_("the first day"),
        help_text=_("For example 1 3 2026"),
    )
    received_to = DayMonthYearDateField(
        label=_("Received up to and including"),
        required=False,
        subject=_("the last day"),
        help_text=_("For example 31 3 2026"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, widget=Select, error_messages=named_errors(_("Kind"))
    )
    unit = forms.TypedChoiceField(
        label=_("Unit"), required=False, coerce=int, widget=Select, error_messages=named_errors(_("Unit"))
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *CaseKind.choices]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("All units")),
            *register_units(organisation).values_list("pk", "name"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("received_from"), data.get("received_to")
        if first and last and first > last:
            self.add_error("received_to", _("The last day must be the same as or after the first day"))
        return data

    def filters(self) -> RegisterFilters:
        """The filters that are valid; a field with an error is left out."""
        data = self.cleaned_data if self.is_bound else {}
        return RegisterFilters(
            reference=data.get("reference") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to") if "received_to" in data else None,
            kind=data.get("kind") or "",
            unit_id=data.get("unit") or None,
        )


class PublicRequestForm(StyledForm):
    """Anyone may ask to see a case's documents; they need not say who they are (TF 2 kap. 18 §)."""

    reference = forms.CharField(
        label=_("Reference number of the case"),
        max_length=40,
        help_text=_("As it is written in the register, for example SN 2026/00012."),
        error_messages=named_errors(
            _("Reference number of the case"), required=_("Write the reference number of the case")
        ),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        help_text=_("You do not have to say who you are."),
        error_messages=named_errors(_("Your name")),
    )
    contact = forms.CharField(
        label=_("Where we send the answer"),
        required=False,
        max_length=300,
        help_text=_("An e-mail or postal address. Without one, call us or come to us to get the answer."),
        error_messages=named_errors(_("Where we send the answer")),
    )


# --- Staff --------------------------------------------------------------------------------------------------------


class StaffRequestForm(StyledForm):
    """A request that came in person, by phone, by post or by e-mail, registered by staff."""

    reference = forms.CharField(
        label=_("Reference number of the case"),
        max_length=40,
        error_messages=named_errors(
            _("Reference number of the case"), required=_("Write the reference number of the case")
        ),
    )
    channel = forms.ChoiceField(
        label=_("How the request came"),
        choices=[choice for choice in RequestChannel.choices if choice[0] != RequestChannel.WEB],
        widget=forms.RadioSelect,
        error_messages=named_errors(_("How the request came"), required=_("Choose how the request came")),
    )
    received_on = DayMonthYearDateField(
        label=_("Date received"),
        subject=_("the date received"),
        allow_future=False,
        help_text=_("For example 27 3 2026"),
        error_messages={"required": _("Enter the date received")},
    )
    requester_name = forms.CharField(
        label=_("Name of the person asking"),
        required=False,
        max_length=200,
        help_text=_("They do not have to say who they are."),
        error_messages=named_errors(_("Name of the person asking")),
    )
    requester_contact = forms.CharField(
        label=_("Where to send the answer"),
        required=False,
        max_length=300,
        help_text=_("E-mail or postal address."),
        error_messages=named_errors(_("Where to send the answer")),
    )


class ListFilterForm(StyledForm):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=Select,
        choices=[(STATE_OPEN, _("Open requests")), (STATE_DECIDED, _("Decided")), (STATE_ALL, _("All"))],
        error_messages=named_errors(_("Show")),
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class ReviewForm(StyledForm):
    """The review of one part: disclosed (with its maskings), or withheld whole on a ground."""

    withheld_ground = GroundChoiceField(
        label=_("Decision for this part"),
        queryset=LegalGround.objects.none(),
        required=False,
        empty_label=_("Disclose it (with its maskings, if any)"),
        widget=Select,
        error_messages=named_errors(_("Decision for this part")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withheld_ground"].queryset = _grounds()  # type: ignore[attr-defined]
        self.fields["withheld_ground"].help_text = _("Choose a ground to withhold the whole part.")


class MaskForm(StyledForm):
    """A passage to mask in a text part: pasted or typed exactly as it stands, and its ground."""

    passage = forms.CharField(
        label=_("Passage to mask"),
        max_length=5000,
        strip=False,
        help_text=_("Copy the words from the text above exactly as they are written."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=named_errors(_("Passage to mask"), required=_("Write or paste the passage to mask")),
    )
    every = forms.BooleanField(
        label=_("Mask it everywhere it occurs in this part"), required=False, initial=True
    )
    ground = GroundChoiceField(
        label=_("Legal ground"),
        queryset=LegalGround.objects.none(),
        widget=Select,
        empty_label=None,
        error_messages=named_errors(_("Legal ground"), required=_("Choose the legal ground")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = _grounds()  # type: ignore[attr-defined]


def _percent(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        error_messages=named_errors(
            label,
            required=_("Enter %(what)s in per cent") % {"what": label},
            invalid=_("Write a whole number from 0 to 100"),
            min_value=_("Write a whole number from 0 to 100"),
            max_value=_("Write a whole number from 0 to 100"),
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class BoxMaskForm(StyledForm):
    """An area of an image to paint over, in per cent of its width and height from the top left corner."""

    left = _percent(_("From the left edge"))
    top = _percent(_("From the top edge"))
    width = _percent(_("Width"))
    height = _percent(_("Height"))
    ground = GroundChoiceField(
        label=_("Legal ground"),
        queryset=LegalGround.objects.none(),
        widget=Select,
        empty_label=None,
        error_messages=named_errors(_("Legal ground"), required=_("Choose the legal ground")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = _grounds()  # type: ignore[attr-defined]
