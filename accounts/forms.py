from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.forms import named_errors

PASSWORD_MAX_LENGTH = 200


class StaffAuthenticationForm(AuthenticationForm):
    """Django's form, with limits enforced on what may be typed: a 1 MB user name or password is refused with a
    message before it reaches the password hasher, the database or the lock-out records."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(getattr(username, "max_length", None) or 150))
        username.widget.attrs.update({"class": "ds-input"})
        username.error_messages.update(named_errors(username.label or "", required=_("Enter your user name")))
        password = self.fields["password"]
        password.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
        password.widget.attrs.update({"class": "ds-input", "maxlength": PASSWORD_MAX_LENGTH})
        password.error_messages.update(named_errors(password.label or "", required=_("Enter your password")))

    def clean(self) -> dict[str, Any]:
        if self.errors:  # a field failed its own checks: do not try the credentials (nor count a lock-out)
            return self.cleaned_data
        return super().clean()


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "class": "ds-input", "spellcheck": "false"}
        ),
        error_messages=named_errors(_("Code"), required=_("Enter the code")),
    )

    def clean_code(self) -> str:
        # Recovery codes are stored in lower case; people type them as they like.
        return "".join(self.cleaned_data["code"].split()).lower()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "ds-input"}
        ),
        error_messages=named_errors(
            _("Code from the app"), required=_("Enter the six digits your authenticator app shows.")
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))
        return code
