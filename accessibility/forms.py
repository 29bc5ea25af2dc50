from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guide.forms import style_widgets

HONEYPOT_FIELD = "website"


class ProblemReportForm(forms.Form):
    """The report. `website` is a honeypot (like the intake's): people never see it, bots fill it in."""

    description = forms.CharField(
        label=_("What is the problem?"),
        help_text=_("Tell us what you tried to do and what did not work, for example with a screen reader."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Tell us what the problem is")},
    )
    where = forms.CharField(
        label=_("Where was it? (optional)"),
        help_text=_("The page or the address, for example “the page with the appeal helper”."),
        required=False,
        max_length=500,
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("If you want an answer by e-mail. Our e-mails never contain what you wrote."),
        required=False,
        error_messages={"invalid": _("Write the e-mail address as name@example.se")},
    )
    contact_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        help_text=_("If you want us to call you."),
        required=False,
        max_length=40,
    )

    website = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"

    def honeypot_filled(self) -> bool:
        """True when a bot filled in the field no person sees (visually hidden, aria-hidden, out of tab order)."""
        return bool(str(self.data.get(HONEYPOT_FIELD, "")).strip())
