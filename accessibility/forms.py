from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FreeTextField, named_errors, style_widgets


class ProblemReportForm(forms.Form):
    """The report. The page also holds the honeypot ({% honeypot %}, core.forms), which the view checks first."""

    description = FreeTextField(
        label=_("What is the problem?"),
        help_text=_("Tell us what you tried to do and what did not work, for example with a screen reader."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        character_count=True,
        error_messages=named_errors(_("What is the problem?"), required=_("Tell us what the problem is")),
    )
    where = FreeTextField(
        label=_("Where was it?"),
        help_text=_("The page or the address, for example “the page with the appeal helper”."),
        required=False,
        max_length=500,
        error_messages=named_errors(_("Where was it?")),
    )
    contact_name = FreeTextField(
        label=_("Your name"), required=False, max_length=200, error_messages=named_errors(_("Your name"))
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("If you want an answer by e-mail. Our e-mails never contain what you wrote."),
        required=False,
        error_messages=named_errors(
            _("Your e-mail address"), invalid=_("Write the e-mail address as name@example.se")
        ),
    )
    contact_phone = FreeTextField(
        label=_("Your phone number"),
        help_text=_("If you want us to call you."),
        required=False,
        max_length=40,
        error_messages=named_errors(_("Your phone number")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
