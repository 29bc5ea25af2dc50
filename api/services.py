"""Tokens and peers: made, revoked and removed by an organisation's administrator, each change audited.

The token is returned once by `api_token_create`, to be shown once; only its SHA-256 is kept (decision 36)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken, InboundMessage, Peer
from audit.actions import Action
from audit.services import audit_record
from organisations.models import NodeKind, Organisation, Role

TOKEN_PREFIX = "spk_"
# Pruning deletes this many idempotency records per statement, and at most PRUNE_BATCHES statements per sweep.
PRUNE_BATCH = 1000
PRUNE_BATCHES = 20


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def integration_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose tokens, connected installations and webhooks `user` manages: an administrator at
    the top of the organisation. Anyone else manages none (the pages answer 404)."""
    if not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        nodes__kind=NodeKind.ROOT,
        nodes__role_assignments__user=user,
        nodes__role_assignments__role=Role.ADMINISTRATOR,
    ).distinct()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the token itself: shown once, never stored


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, acting_user: User | None) -> NewToken:
    """Make a token for the organisation. The returned secret is the only copy there will ever be."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip()[:100],
        prefix=secret[:10],
        key_hash=token_hash(secret),
        created_by=acting_user,
    )
    audit_record(
        action=Action.API_TOKEN_CREATED,
        actor=acting_user,
        data={"organisation": organisation.pk, "token": token.pk},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User) -> None:
    """Revoke the token: every call with it is refused from now on. Revoking twice changes nothing."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=acting_user
    )
    if revoked:
        audit_record(
            action=Action.API_TOKEN_REVOKED,
            actor=acting_user,
            data={"organisation": token.organisation_id, "token": token.pk},
        )


def api_token_for(secret: str) -> ApiToken | None:
    """The token in use that `secret` is, with its organisation; None for anything else."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@transaction.atomic
def peer_add(
    *,
    organisation: Organisation,
    role: str,
    name: str,
    base_url: str,
    token: str,
    acting_user: User | None,
    organisation_number: str = "",
) -> Peer:
    """Connect another installation: where it is, the token it gave this organisation, and (for a municipality or
    provider) its organisation number, by which the authority's hand-overs find it."""
    peer = Peer.objects.create(
        organisation=organisation,
        role=role,
        name=name.strip()[:200],
        base_url=base_url.rstrip("/"),
        token=token,
        organisation_number=organisation_number.strip()[:11],
    )
    audit_record(
        action=Action.PEER_ADDED,
        actor=acting_user,
        data={"organisation": organisation.pk, "peer": peer.pk, "role": role},
    )
    return peer


@transaction.atomic
def peer_remove(*, peer: Peer, acting_user: User) -> None:
    """Take the connection out of use. Messages already queued to it are still sent."""
    if not peer.is_active:
        return
    peer.is_active = False
    peer.save(update_fields=["is_active"])
    audit_record(
        action=Action.PEER_REMOVED,
        actor=acting_user,
        data={"organisation": peer.organisation_id, "peer": peer.pk},
    )


def inbound_messages_prune(
    *, now: datetime | None = None, days: int | None = None, batch_size: int = PRUNE_BATCH
) -> int:
    """Forget the idempotency keys of messages received more than `days` ago (settings.API_IDEMPOTENCY_KEEP_DAYS,
    30 by default), in batches (decision 41). A sender gives up within three days, so a key older than that comes
    again only as a replay, which is then taken as a new message: a report is still registered once (the
    authority knows it by the sender's reference), a hand-over would make a new case. A message whose report
    nothing here has taken in yet (`payload` kept) is never pruned. Returns how many were deleted."""
    now = now or timezone.now()
    keep = timedelta(days=settings.API_IDEMPOTENCY_KEEP_DAYS if days is None else days)
    used = InboundMessage.objects.filter(received_at__lt=now - keep, payload__isnull=True)
    deleted = 0
    for _ in range(PRUNE_BATCHES):
        ids = list(used.order_by("received_at", "pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        count, _by_model = InboundMessage.objects.filter(pk__in=ids).delete()
        deleted += count
        if len(ids) < batch_size:
            break
    return deleted
