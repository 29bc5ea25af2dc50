"""Staff single sign-on, whatever the protocol: match the person the identity provider vouches for to their staff
account, refuse anyone else, and decide the second factor (docs/decisions/0038).

The protocol modules (`sso.oidc`, `sso.saml`) verify the provider's answer with their libraries and hand over an
`Assertion`; everything that decides who may in is here, once.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from sso.models import IdentityProviderDevice, Protocol, StaffIdentity


@dataclass(frozen=True)
class Assertion:
    """What a verified answer from the identity provider says about the person."""

    protocol: Protocol
    issuer: str
    subject: str
    email: str = ""
    # OpenID Connect: the `amr` values and the `acr`; SAML: the AuthnContextClassRef.
    methods: tuple[str, ...] = field(default_factory=tuple)
    context: str = ""


class Refused(Exception):
    """The identity provider vouched for someone Synpunkt does not let in; `reason` is a code for the audit."""

    UNKNOWN = "unknown"  # no staff account has this identity or this e-mail address
    AMBIGUOUS = "ambiguous"  # several accounts have the address: an administrator must link the right one
    INACTIVE = "inactive"  # the account is turned off
    LINKED_ELSEWHERE = "linked_elsewhere"  # the account is already tied to another identity at this provider
    PROVIDER = "provider"  # the provider said no, or its answer did not verify

    def __init__(self, reason: str, assertion: Assertion | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.assertion = assertion


def second_factor_asserted(assertion: Assertion) -> bool:
    """Whether the provider says the person gave a second factor: an `amr` method or an `acr` / SAML context class
    that this installation counts as multi-factor (settings SSO_MFA_METHODS and SSO_MFA_CONTEXTS)."""
    if set(assertion.methods) & set(settings.SSO_MFA_METHODS):
        return True
    return bool(assertion.context) and assertion.context in settings.SSO_MFA_CONTEXTS


def staff_for_assertion(assertion: Assertion) -> User:
    """The staff account the provider's person is; raises Refused otherwise. Ties the identity to the account on
    the first sign-on (matched by e-mail address), so that later sign-ons match by the subject alone."""
    identity = StaffIdentity.objects.select_related("user").filter(
        issuer=assertion.issuer, subject=assertion.subject
    )
    linked = identity.first()
    if linked is not None:
        user = linked.user
    else:
        email = assertion.email.strip()
        candidates = list(User.objects.filter(email__iexact=email)[:2]) if email else []
        if not candidates:
            raise Refused(Refused.UNKNOWN, assertion)
        if len(candidates) > 1:
            raise Refused(Refused.AMBIGUOUS, assertion)
        user = candidates[0]
        if StaffIdentity.objects.filter(user=user, issuer=assertion.issuer).exists():
            raise Refused(Refused.LINKED_ELSEWHERE, assertion)
    if not user.is_active:
        raise Refused(Refused.INACTIVE, assertion)
    return user


@transaction.atomic
def _identity_record(*, user: User, assertion: Assertion) -> None:
    now = timezone.now()
    updated = StaffIdentity.objects.filter(
        user=user, issuer=assertion.issuer, subject=assertion.subject
    ).update(last_used_at=now)
    if not updated:
        try:
            with transaction.atomic():
                StaffIdentity.objects.create(
                    user=user,
                    protocol=assertion.protocol,
                    issuer=assertion.issuer,
                    subject=assertion.subject,
                    last_used_at=now,
                )
        except IntegrityError as error:  # two first sign-ons at once: the other one linked it
            raise Refused(Refused.LINKED_ELSEWHERE, assertion) from error


def sso_sign_in(*, request: HttpRequest, user: User, assertion: Assertion, backend: str) -> bool:
    """Log `user` in for this request; mark the second factor as passed when the provider asserted one. Returns
    whether it did: if not, the person gives a code from their authenticator app as after a password."""
    _identity_record(user=user, assertion=assertion)
    login(request, user, backend=backend)
    asserted = second_factor_asserted(assertion)
    if asserted:
        device, _ = IdentityProviderDevice.objects.get_or_create(
            user=user, name=f"{assertion.protocol}:{assertion.issuer}"[:64], defaults={"confirmed": True}
        )
        otp_login(request, device)
    audit_record(
        action=Action.SSO_SIGNED_IN,
        actor=user,
        data={
            "protocol": str(assertion.protocol),
            "issuer": assertion.issuer,
            "second_factor": "identity_provider" if asserted else "authenticator_app",
        },
    )
    return asserted


def sso_refusal_record(*, protocol: Protocol, refusal: Refused) -> None:
    """Audit a refused sign-on: the provider and the identity it gave, never a reason in words."""
    assertion = refusal.assertion
    audit_record(
        action=Action.SSO_REFUSED,
        data={
            "protocol": str(protocol),
            "reason": refusal.reason,
            "issuer": assertion.issuer if assertion else "",
            "subject": assertion.subject if assertion else "",
        },
    )


@transaction.atomic
def staff_identity_unlink(*, identity: StaffIdentity, acting_user: User | None) -> None:
    """Untie an identity at the provider from its account (a person who got the wrong account, or someone whose
    account at the provider was replaced): the next sign-on matches by e-mail address again."""
    data = {"user": identity.user_id, "protocol": identity.protocol, "issuer": identity.issuer}
    identity.delete()
    audit_record(action=Action.SSO_IDENTITY_UNLINKED, actor=acting_user, data=data)
