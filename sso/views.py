"""The doors of single sign-on: each answers only when this installation has configured its protocol."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from djangosaml2.views import LoginView as Saml2LoginView
from djangosaml2.views import MetadataView as Saml2MetadataView
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from sso.oidc import StaffOIDCCallbackView
from sso.saml import StaffAssertionConsumerView

_oidc_start = OIDCAuthenticationRequestView.as_view()
_oidc_callback = StaffOIDCCallbackView.as_view()
_saml_start = Saml2LoginView.as_view()
_saml_answer = StaffAssertionConsumerView.as_view()
_saml_metadata = Saml2MetadataView.as_view()


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


def saml_start(request: HttpRequest) -> HttpResponse:
    """To the organisation's SAML identity provider (HTTP-Redirect), keeping where the person was going."""
    _require("saml")
    response: HttpResponse = _saml_start(request)
    return response


@csrf_exempt  # the identity provider posts the answer from its own site; the answer itself is signed
def saml_answer(request: HttpRequest) -> HttpResponse:
    _require("saml")
    response: HttpResponse = _saml_answer(request)
    return response


def saml_metadata(request: HttpRequest) -> HttpResponse:
    """This service provider's metadata, for the identity provider's administrators."""
    _require("saml")
    response: HttpResponse = _saml_metadata(request)
    return response
