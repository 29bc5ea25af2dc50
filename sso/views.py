"""The doors of single sign-on: each answers only when this installation has configured its protocol."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from sso.oidc import StaffOIDCCallbackView

_oidc_start = OIDCAuthenticationRequestView.as_view()
_oidc_callback = StaffOIDCCallbackView.as_view()


def _require(protocol: str) -> None:
    if protocol != settings.SSO_PROTOCOL:
        raise Http404


def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the organisation's OpenID Connect provider, keeping where the person was going (`next`)."""
    _require("oidc")
    response: HttpResponse = _oidc_start(request)
    return response


def oidc_callback(request: HttpRequest) -> HttpResponse:
    _require("oidc")
    response: HttpResponse = _oidc_callback(request)
    return response
