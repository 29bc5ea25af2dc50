"""OpenID Connect for staff, with mozilla-django-oidc: the authorisation code flow with PKCE and a nonce, the ID
token's signature checked against the provider's keys, and here its issuer, audience and expiry too (the library
checks the signature and the nonce only). Who may in is decided by `sso.services`."""

import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from accounts.models import User
from sso import services
from sso.models import Protocol
from sso.services import Assertion, Refused

BACKEND = "sso.oidc.StaffOIDCBackend"
ASSERTION_ATTRIBUTE = "sso_assertion"


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    return ()


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Never creates an account nor changes one: it finds the staff member the provider vouches for."""

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client.")
        expires = payload.get("exp")
        if not isinstance(expires, int | float) or expires < time.time():
            raise SuspiciousOperation("The ID token has expired.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        claims: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user info is about someone else than the ID token.")
        email = claims.get("email") or payload.get("email") or ""
        verified = claims.get("email_verified", payload.get("email_verified"))
        assertion = Assertion(
            protocol=Protocol.OIDC,
            issuer=str(payload["iss"]),
            subject=str(payload["sub"]),
            # An address the provider says it has not verified does not match an account.
            email="" if verified is False else str(email),
            # The second factor counts only from the signed ID token, never from the user info.
            methods=_as_tuple(payload.get("amr")),
            context=str(payload.get("acr") or ""),
        )
        user = services.staff_for_assertion(assertion)  # raises Refused
        setattr(user, ASSERTION_ATTRIBUTE, assertion)
        return user


def refused_page(request: HttpRequest, refusal: Refused, protocol: Protocol) -> HttpResponse:
    services.sso_refusal_record(protocol=protocol, refusal=refusal)
    return TemplateResponse(request, "sso/refused.html", {"reason": refusal.reason}, status=403)


def signed_in_redirect(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After the provider: on to where the person was going, or to the code from their authenticator app first."""
    assertion = getattr(user, ASSERTION_ATTRIBUTE)
    backend = getattr(user, "backend", BACKEND)
    try:
        passed_second_factor = services.sso_sign_in(
            request=request, user=user, assertion=assertion, backend=backend
        )
    except Refused as refusal:
        return refused_page(request, refusal, assertion.protocol)
    if passed_second_factor:
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}")


class StaffOIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer: the staff member in, or a page that says why not (and an audit row either way)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except Refused as refusal:
            return refused_page(request, refusal, Protocol.OIDC)
        except SuspiciousOperation:
            # A replayed or forged answer (an unknown state, a bad token): the same page, nothing about why.
            return refused_page(request, Refused(Refused.PROVIDER), Protocol.OIDC)
        return response

    def login_failure(self) -> HttpResponse:
        return refused_page(self.request, Refused(Refused.PROVIDER), Protocol.OIDC)

    def login_success(self) -> HttpResponse:
        return signed_in_redirect(self.request, self.user, self.success_url)
