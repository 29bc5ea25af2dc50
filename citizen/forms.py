"""Forms on the citizen's pages. They validate and normalise; the views call the services."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import receipts
from cases.uploads import validate_upload
from core.forms import FreeTextField, style_widgets


class CitizenForm(forms.Form):
    """Adds Designsystemet's classes to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ReceiptLoginForm(CitizenForm):
    code = forms.CharField(
        label=_("Receipt code"),
        help_text=_("8 letters and digits, for example K7P2-9XQM. It is on your receipt."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Enter your receipt code.")},
    )
    # A text field, not a password field: what was typed stays on the page after an error, and people can check
    # what they typed against the receipt.
    secret = forms.CharField(
        label=_("Secret"),
        help_text=_("20 letters and digits, for example 4F7Q2-ZK8MA-P2XQ9-7HTRB. It is on your receipt."),
        max_length=80,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Enter your secret.")},
    )

    def clean_code(self) -> str:
        raw = receipts.normalise(self.cleaned_data["code"])
        if len(raw) != 8:
            raise ValidationError(
                _("The receipt code has 8 letters and digits, for example K7P2-9XQM."), code="format"
            )
        return receipts.format_code(raw)

    def clean_secret(self) -> str:
        raw = receipts.normalise(self.cleaned_data["secret"])
        if len(raw) != 20:
            raise ValidationError(
                _("The secret has 20 letters and digits, for example 4F7Q2-ZK8MA-P2XQ9-7HTRB."), code="format"
            )
        return raw


class LinkRequestForm(CitizenForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The address you gave when you wrote to us."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like namn@exempel.se."),
        },
    )
    reference_number = forms.CharField(
        label=_("Reference number"),
        help_text=_("For example SN 2026/00123. It is on your receipt."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the reference number.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReplyForm(CitizenForm):
    body = FreeTextField(
        label=_("Your message"),
        max_length=5000,
        character_count=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your message.")},
    )
    attachments = MultipleFileField(
        label=_("Attach files"),
        help_text=_("For example a letter or a photo. PDF, images and Office documents."),
        required=False,
    )

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise ValidationError(
                ngettext(
                    "You can attach at most %(count)d file.",
                    "You can attach at most %(count)d files.",
                    settings.UPLOAD_MAX_FILES,
                )
                % {"count": settings.UPLOAD_MAX_FILES},
                code="too_many",
            )
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class EscalateForm(CitizenForm):
    reason = FreeTextField(
        label=_("Why do you want the case to go to the next step?"),
        help_text=_("For example: nothing has changed, or you do not agree with the answer."),
        max_length=2000,
        character_count=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write why you want the case to go to the next step.")},
    )


class ConfirmForm(forms.Form):
    """A form with no fields: the button is the answer (withdrawing, opening a mailed link, logging out)."""
