"""The doors of single sign-on: each answers only when this installation has configured its protocol.

The protocol libraries are loaded by the first request that needs them, not with the URLs: pysaml2 (with
xmlschema, requests and cryptography) and mozilla-django-oidc weigh about 50 MiB in every worker, and most
installations use one protocol or none (issue 16 §2: a worker's peak memory at most 100 MiB). `import_string` is
Django's public way to load a view by its dotted path.
"""

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

VIEWS = {
    "oidc_start": "mozilla_django_oidc.views.OIDCAuthenticationRequestView",
    "oidc_callback": "sso.oidc.StaffOIDCCallbackView",
    "saml_start": "djangosaml2.views.LoginView",
    "saml_answer": "sso.saml.StaffAssertionConsumerView",
    "saml_metadata": "djangosaml2.views.MetadataView",
}


@cache
def _view(name: str) -> Callable[..., HttpResponse]:
    view: Callable[..., HttpResponse] = import_string(VIEWS[name]).as_view()
    return view


def _answer(protocol: str, name: str, request: HttpRequest) -> HttpResponse:
    if protocol != settings.SSO_PROTOCOL:
        raise Http404
    return _view(name)(request)


def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the organisation's OpenID Connect provider, keeping where the person was going (`next`)."""
    return _answer("oidc", "oidc_start", request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    return _answer("oidc", "oidc_callback", request)


def saml_start(request: HttpRequest) -> HttpResponse:
    """To the organisation's SAML identity provider (HTTP-Redirect), keeping where the person was going."""
    return _answer("saml", "saml_start", request)


@csrf_exempt  # the identity provider posts the answer from its own site; the answer itself is signed
def saml_answer(request: HttpRequest) -> HttpResponse:
    return _answer("saml", "saml_answer", request)


def saml_metadata(request: HttpRequest) -> HttpResponse:
    """This service provider's metadata, for the identity provider's administrators."""
    return _answer("saml", "saml_metadata", request)
