from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

START_VIEWS = {"oidc": "sso:oidc_start", "saml": "sso:saml_start"}


def sso_start_url(next_url: str) -> str | None:
    """Where "Log in with your organisation's account" leads, or None when this installation has no single
    sign-on (SYNPUNKT_SSO unset)."""
    view = START_VIEWS.get(settings.SSO_PROTOCOL)
    if view is None:
        return None
    return f"{reverse(view)}?{urlencode({'next': next_url})}" if next_url else reverse(view)
