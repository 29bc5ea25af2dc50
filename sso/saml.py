"""SAML 2.0 for staff, with djangosaml2 and pysaml2: an AuthnRequest by HTTP-Redirect, the signed assertion back
by HTTP-POST, checked by pysaml2 (signature with xmlsec1, audience, lifetime, InResponseTo an outstanding request,
so a replayed answer is refused). Who may in is decided by `sso.services`, as for OpenID Connect."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from djangosaml2.backends import Saml2Backend
from djangosaml2.views import AssertionConsumerServiceView

from accounts.models import User
from sso import services
from sso.models import Protocol
from sso.oidc import ASSERTION_ATTRIBUTE, refused_page
from sso.services import Assertion, Refused

BACKEND = "sso.saml.StaffSaml2Backend"


def _first(values: object) -> str:
    if isinstance(values, list | tuple) and values:
        return str(values[0])
    return ""


class StaffSaml2Backend(Saml2Backend):  # type: ignore[misc]
    """Never creates an account nor changes one: it finds the staff member the identity provider vouches for."""

    def authenticate(
        self,
        request: HttpRequest | None,
        session_info: dict[str, Any] | None = None,
        attribute_mapping: object = None,
        create_unknown_user: object = None,
        assertion_info: object = None,
        **kwargs: object,
    ) -> User | None:
        if request is None or not session_info:
            return None
        name_id = session_info.get("name_id")
        subject = getattr(name_id, "text", "") or ""
        attributes = session_info.get("ava") or {}
        authn_info = session_info.get("authn_info") or []
        assertion = Assertion(
            protocol=Protocol.SAML,
            issuer=str(session_info.get("issuer") or ""),
            subject=subject.strip(),
            email=_first(attributes.get(settings.SAML_EMAIL_ATTRIBUTE)),
            context=str(authn_info[0][0]) if authn_info and authn_info[0] else "",
        )
        if not assertion.issuer or not assertion.subject:
            raise Refused(Refused.PROVIDER, assertion)
        user = services.staff_for_assertion(assertion)  # raises Refused
        setattr(user, ASSERTION_ATTRIBUTE, assertion)
        return user


class StaffAssertionConsumerView(AssertionConsumerServiceView):  # type: ignore[misc]
    """The identity provider's answer: the staff member in, or the refusal page (and an audit row either way)."""

    passed_second_factor = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = super().post(request, *args, **kwargs)
        except Refused as refusal:
            return refused_page(request, refusal, Protocol.SAML)
        return response

    def handle_acs_failure(
        self, request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs: Any
    ) -> HttpResponse:
        # A forged, replayed, expired or unsolicited answer, or a refusal at the provider: the same page.
        return refused_page(request, Refused(Refused.PROVIDER), Protocol.SAML)

    def authenticate_user(
        self,
        request: HttpRequest,
        session_info: dict[str, Any],
        attribute_mapping: object,
        create_unknown_user: object,
        assertion_info: object,
    ) -> User:
        user = auth.authenticate(
            request=request,
            session_info=session_info,
            attribute_mapping=attribute_mapping,
            create_unknown_user=False,
            assertion_info=assertion_info,
        )
        if not isinstance(user, User):
            raise PermissionDenied
        assertion = getattr(user, ASSERTION_ATTRIBUTE)
        self.passed_second_factor = services.sso_sign_in(
            request=request, user=user, assertion=assertion, backend=getattr(user, "backend", BACKEND)
        )
        return user

    def custom_redirect(self, user: User, relay_state: str, session_info: dict[str, Any]) -> str:
        next_url = relay_state
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = reverse(settings.LOGIN_REDIRECT_URL)
        if self.passed_second_factor:
            return next_url
        return f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}"
