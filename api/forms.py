"""The integrations page's forms: they validate what was typed; api.services and webhooks.services act."""

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from api.models import PeerRole
from core.forms import named_errors, style_widgets
from webhooks.models import WebhookEvent

HTTP_URL = URLValidator(schemes=["http", "https"])


class TokenForm(forms.Form):
    # Three forms share the page: each its own prefix, so that no two inputs share an id.
    prefix = "token"

    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example the supervisory authority's installation, or the registry system."),
        error_messages=named_errors(_("What the token is for"), required=_("Enter what the token is for")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class PeerForm(forms.Form):
    prefix = "peer"

    role = forms.ChoiceField(
        label=_("Who they are"),
        choices=PeerRole.choices,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        error_messages=named_errors(_("Who they are"), required=_("Choose who they are")),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages=named_errors(_("Name"), required=_("Enter the name")),
    )
    base_url = forms.CharField(
        label=_("Address of their installation"),
        max_length=300,
        help_text=_("Begins with https://, for example https://synpunkt.example.se"),
        validators=[HTTP_URL],
        error_messages=named_errors(
            _("Address of their installation"),
            required=_("Enter the address of their installation"),
            invalid=_("Enter an address that begins with https:// or http://"),
        ),
    )
    organisation_number = forms.CharField(
        label=_("Their organisation number"),
        max_length=11,
        required=False,
        help_text=_(
            "For a municipality or provider: as in the register of providers, so that hand-overs find them."
        ),
        error_messages=named_errors(_("Their organisation number")),
    )
    token = forms.CharField(
        label=_("The token they gave you"),
        max_length=200,
        help_text=_("It is kept to send with each message and is not shown again."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages=named_errors(
            _("The token they gave you"), required=_("Enter the token they gave you")
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class WebhookForm(forms.Form):
    prefix = "webhook"

    url = forms.CharField(
        label=_("Address to send to"),
        max_length=300,
        help_text=_("Begins with https://. Each message is signed as Standard Webhooks says."),
        validators=[HTTP_URL],
        error_messages=named_errors(
            _("Address to send to"),
            required=_("Enter the address to send to"),
            invalid=_("Enter an address that begins with https:// or http://"),
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        error_messages=named_errors(_("Events"), required=_("Choose at least one event")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
