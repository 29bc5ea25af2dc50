from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action

# The action filter's two values besides the codes themselves.
READS = ""
EVERY_ACTION = "alla"


def action_choices() -> list[tuple[str, str]]:
    """Reads of cases (the default), every event, then each action of the trail by its name, in the language of
    the request (a callable, so that the names are translated when the form is shown)."""
    named = sorted(((code, str(label)) for code, label in Action.choices), key=lambda choice: choice[1])
    return [(READS, str(_("Reads of cases"))), (EVERY_ACTION, str(_("Every event"))), *named]


class LogReviewFilterForm(forms.Form):
    """The log review's filters: all optional, all in the query string (identifiers only, never case content)."""

    staff = forms.ModelChoiceField(
        label=_("Staff member (optional)"),
        queryset=User.objects.order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("Everyone"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    reference = forms.CharField(
        label=_("Reference number (optional)"),
        max_length=40,
        required=False,
        help_text=_("For example SN 2026/00123."),
        widget=forms.TextInput(attrs={"class": "ds-input"}),
    )
    action = forms.ChoiceField(
        label=_("What was done (optional)"),
        choices=action_choices,
        required=False,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    date_from = forms.DateField(
        label=_("From date (optional)"),
        required=False,
        help_text=_("As 2026-11-24."),
        widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To date (optional)"),
        required=False,
        help_text=_("As 2026-11-24."),
        widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}),
    )
    outside_only = forms.BooleanField(
        label=_("Only reads outside the reader's part of the organisation"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
    )
    each_read = forms.BooleanField(
        label=_("Show each read on a row of its own"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The to date must be the same as or after the from date."))
        return data
