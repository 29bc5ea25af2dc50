"""Forms of the quality work: they validate what was typed; organisations.services does the rest."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import named_errors, style_widgets


class CategoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name in Swedish"),
        max_length=100,
        error_messages=named_errors(_("Name in Swedish"), required=_("Enter the name in Swedish")),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=100,
        required=False,
        help_text=_("Shown to staff who use the English interface. Without it they see the Swedish name."),
        error_messages=named_errors(_("Name in English")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CategoryChangeForm(CategoryForm):
    position = forms.IntegerField(
        label=_("Place in the list"),
        min_value=1,
        max_value=999,
        help_text=_("1 is shown first."),
        error_messages={
            "required": _("Enter the place in the list, as a number"),
            "invalid": _("Enter the place in the list as a whole number, for example 3"),
            "min_value": _("The place in the list must be 1 or more"),
            "max_value": _("The place in the list must be 999 or less"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    is_active = forms.BooleanField(
        label=_("In use: staff can choose it"),
        required=False,
        help_text=_("An entry taken out of use stays on the cases that have it, and in the figures."),
    )
