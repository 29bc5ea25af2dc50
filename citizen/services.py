"""The citizen's ways into their case: receipt code and secret, or a signed link mailed to an identified sender.

Nothing here puts personal data or case identifiers in a URL. A link carries a random token signed with a
timestamp; the database keeps only the token's digest and which case it opens.
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bankid.identity import IdentifiedPerson
from cases import receipts
from cases.models import Case
from citizen.models import CaseIdentity, CaseLink
from notifications.models import OutboundEmail
from notifications.services import email_enqueue

LINK_SALT = "synpunkt.citizen.case-link"
LINK_MAX_AGE = timedelta(days=7)
# "SN 2026/00123", also typed as "sn2026/123" or "SN 2026 / 00123".
_REFERENCE = re.compile(r"^([^\W\d_]+)\s*(\d{4})\s*/\s*(\d{1,9})$")

# Compared against when no case has the code, so that a wrong code costs as much time as a wrong secret.
_DUMMY_HASH = receipts.hash_secret("00000-00000-00000-00000")


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT, sep=".")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def case_for_receipt(*, code: str, secret: str) -> Case | None:
    """The case with this receipt code, if the secret matches; None otherwise (never says which was wrong)."""
    formatted = receipts.format_code(code)
    case = Case.objects.filter(receipt_code=formatted).first() if formatted else None
    stored_hash = case.receipt_secret_hash if case else _DUMMY_HASH
    matches = receipts.secret_matches(secret, stored_hash)
    return case if case is not None and matches else None


@transaction.atomic
def citizen_link_for(case: Case) -> str:
    """A new link to the case page for the case's identified sender, valid for seven days.

    The link holds a random token (no case id, no personal data), signed with a timestamp so that an old or
    altered link is refused before any lookup. Opening it shows a confirmation page; only the button logs in,
    so mail-client link scanners cannot use it up or open the case.
    """
    token = secrets.token_urlsafe(32)
    CaseLink.objects.create(
        case=case, token_hash=_token_hash(token), expires_at=timezone.now() + LINK_MAX_AGE
    )
    signed = _signer().sign(token)
    return settings.SITE_URL + reverse("citizen:link", kwargs={"token": signed})


def case_for_link(signed_token: str) -> Case | None:
    """The case a mailed link opens, or None if the link is altered, expired or unknown."""
    try:
        token = _signer().unsign(signed_token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    link = (
        CaseLink.objects.select_related("case")
        .filter(token_hash=_token_hash(token), expires_at__gt=timezone.now())
        .first()
    )
    return link.case if link else None


def citizen_link_used(signed_token: str) -> None:
    """Record when a link was last used to log in (for support questions: "I clicked but…")."""
    try:
        token = _signer().unsign(signed_token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return
    CaseLink.objects.filter(token_hash=_token_hash(token)).update(last_used_at=timezone.now())


def case_link_email_enqueue(*, case: Case) -> OutboundEmail | None:
    """A link to the case page that the sender asked for on /folj/skicka-lank/. Nothing of the case's content."""
    if not case.contact_email or case.is_anonymous:
        return None
    return email_enqueue(
        to=case.contact_email,
        kind="case_link",
        template="case_link",
        context={
            "reference_number": case.reference_number,
            "organisation": case.organisation.name,
            "link": citizen_link_for(case),
            "link_days": LINK_MAX_AGE.days,
            "follow_url": f"{settings.SITE_URL}/folj/",
        },
        language=case.preferred_language,
        case_id=case.pk,
    )


def citizen_link_request(*, email: str, reference_number: str) -> bool:
    """Mail a fresh link if an identified sender's e-mail address and reference number match an open case.

    Returns whether a mail was queued; the caller must answer the same either way, so that the form cannot be
    used to find out who has written to the organisation.
    """
    email = email.strip()
    match = _REFERENCE.match(reference_number.strip())
    if not email or match is None:
        return False
    prefix, year, serial = match.groups()
    case = (
        Case.objects.filter(
            organisation__reference_prefix__iexact=prefix,
            reference_year=int(year),
            reference_serial=int(serial),
            contact_email__iexact=email,
            is_anonymous=False,
        )
        .exclude(contact_email="")
        .first()
    )
    if case is None:
        return False
    with transaction.atomic():
        case_link_email_enqueue(case=case)
    return True


def links_prune(*, now: datetime | None = None) -> int:
    """Delete links that expired more than a day ago. Returns how many."""
    now = now or timezone.now()
    deleted, _ = CaseLink.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return deleted


def case_tie_to_person(*, case: Case, person: IdentifiedPerson) -> CaseIdentity:
    """Tie a case to the person a BankID log-in identified, so that it is listed in their "Mina ärenden".

    Called in the registration's transaction. Only the keyed digest and the masked number are stored."""
    identity, _ = CaseIdentity.objects.update_or_create(
        case=case, defaults={"person_key": person.key, "masked": person.masked}
    )
    return identity
