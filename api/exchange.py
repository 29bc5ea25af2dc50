"""The exchange between installations: a municipality's report to the supervisory authority, and the authority's
hand-over of a report to the municipality it concerns (decision 36).

Sending is an outbox (as notifications' is, decision 21): the message is a row written in the transaction that
decided to send it, posted by the tasks worker after commit, claimed by one conditional UPDATE, retried with
back-off; the same `Idempotency-Key` goes with every try. Receiving registers each key once per organisation: a
call that comes again gets a problem-details answer that names what the first made, and nothing is made twice.
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken, DeliveryStatus, InboundMessage, MessageKind, OutboundMessage, Peer, PeerRole
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case, CaseKind, Channel, SenderRole
from cases.services import CaseSubmission, case_register
from organisations.models import NodeKind, Organisation, OrgNode
from webhooks.services import retry_backoff

if TYPE_CHECKING:
    from lexsarah.models import LexSarahRecord
    from supervision.models import HandOver

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
SEND_LEASE = timedelta(minutes=5)
SWEEP_BATCH = 200
PATHS = {MessageKind.REPORT: "/api/exchange/reports", MessageKind.HANDOVER: "/api/exchange/handovers"}


class ExchangeError(Exception):
    """The message cannot be queued (no connected installation of the right kind)."""


# --- sending ---------------------------------------------------------------------------------------------------


def authority_peer(organisation: Organisation) -> Peer | None:
    """The supervisory authority's installation this organisation sends reports to, if one is connected."""
    return Peer.objects.filter(organisation=organisation, role=PeerRole.AUTHORITY, is_active=True).first()


def _reporter(case: Case) -> dict[str, str] | None:
    if case.is_anonymous:
        return None
    return {
        "name": case.contact_name,
        "email": case.contact_email,
        "phone": case.contact_phone,
        "address": case.contact_address,
    }


def _occurred_on(case: Case) -> str | None:
    if case.event_year and case.event_month and case.event_day:
        return f"{case.event_year:04d}-{case.event_month:02d}-{case.event_day:02d}"
    return None


@transaction.atomic
def report_send(
    *, case: Case, acting_user: User | None, actor_label: str | None = None, county: str = ""
) -> OutboundMessage:
    """Queue the citizen's report to the supervisory authority, made from their case, to the authority's
    installation connected to the case's organisation (`county`: where it happened, if the citizen chose; the
    organisation's county otherwise). Sent by the worker once this transaction commits."""
    peer = authority_peer(case.organisation)
    if peer is None:
        raise ExchangeError("No supervisory authority is connected to this organisation.")
    payload = {
        "kind": "citizen_report",
        "sender_reference": case.reference_number,
        "sender_organisation": case.organisation.name,
        "county": county or case.organisation.county,
        "unit_name": case.unit.name if case.unit else "",
        "what_happened": case.what_happened,
        "occurred_on": _occurred_on(case),
        "reporter": _reporter(case),
    }
    return _queue(
        peer=peer,
        kind=MessageKind.REPORT,
        payload=payload,
        case=case,
        acting_user=acting_user,
        actor_label=actor_label,
    )


@transaction.atomic
def lex_sarah_report_send(*, record: "LexSarahRecord", acting_user: User) -> OutboundMessage:
    """Queue a Lex Sarah report (lexsarah.LexSarahRecord) to the connected supervisory authority: what happened,
    when and where; the person concerned is named only by what the record holds."""
    peer = authority_peer(record.organisation)
    if peer is None:
        raise ExchangeError("No supervisory authority is connected to this organisation.")
    if not record.organisation.county:
        raise ExchangeError(
            "The organisation's county is not set: the authority needs it to choose a department."
        )
    payload = {
        "kind": "deficiency_report",  # an organisation's own report of a serious deficiency (Lex Sarah)
        "sender_reference": record.reference_number,
        "sender_organisation": record.organisation.name,
        "county": record.organisation.county,
        "unit_name": record.node.name,
        "what_happened": record.what_happened,
        "occurred_on": record.occurred_on.isoformat() if record.occurred_on else None,
        "reporter": None,
    }
    return _queue(
        peer=peer,
        kind=MessageKind.REPORT,
        payload=payload,
        case=None,
        acting_user=acting_user,
        extra={"lex_sarah": record.pk},
    )


@transaction.atomic
def handover_send(
    *,
    peer: Peer,
    authority_reference: str,
    what_happened: str,
    unit_name: str = "",
    occurred_on: str | None = None,
    sender_reference: str = "",
    reporter: dict[str, str] | None = None,
    acting_user: User | None,
) -> OutboundMessage:
    """Queue the authority's hand-over of a report to the municipality or provider it concerns (the third outcome
    of triage, domain.md §6): it arrives there as a new case, channel "from the supervisory authority"."""
    if peer.role != PeerRole.MUNICIPALITY:
        raise ExchangeError("A hand-over goes to a municipality's or provider's installation.")
    payload = {
        "authority_reference": authority_reference,
        "authority_name": peer.organisation.name,
        "unit_name": unit_name,
        "what_happened": what_happened,
        "occurred_on": occurred_on,
        "sender_reference": sender_reference,
        "reporter": reporter,
    }
    return _queue(peer=peer, kind=MessageKind.HANDOVER, payload=payload, case=None, acting_user=acting_user)


def _handover_peer(hand_over: "HandOver") -> Peer | None:
    """The municipality's or provider's installation the hand-over goes to: by organisation number, else by name."""
    peers = Peer.objects.filter(
        organisation_id=hand_over.report.authority_id, role=PeerRole.MUNICIPALITY, is_active=True
    )
    number = hand_over.recipient_organisation_number
    return (peers.filter(organisation_number=number).first() if number else None) or peers.filter(
        name__iexact=hand_over.recipient_name
    ).first()


@transaction.atomic
def hand_over_queue(*, hand_over_id: int) -> OutboundMessage | None:
    """Queue a hand-over decided by the authority's triage (supervision.services.report_decide) to the recipient's
    installation, once. None if it is queued already, or no installation of the recipient is connected (the
    hand-over then waits, queued, for the post)."""
    from supervision.models import HandOver, HandOverState

    hand_over = (
        HandOver.objects.select_for_update()
        .select_related("report__case", "report__unit")
        .filter(pk=hand_over_id, state=HandOverState.QUEUED)
        .first()
    )
    if hand_over is None or OutboundMessage.objects.filter(hand_over=hand_over).exists():
        return None
    peer = _handover_peer(hand_over)
    if peer is None:
        return None
    report = hand_over.report
    case = report.case
    occurred = _occurred_on(case)
    message = handover_send(
        peer=peer,
        authority_reference=case.reference_number,
        what_happened=case.what_happened,
        unit_name=report.unit.name if report.unit else report.provider_in_words[:200],
        occurred_on=occurred,
        acting_user=None,
    )
    OutboundMessage.objects.filter(pk=message.pk).update(hand_over=hand_over)
    return message


def on_report_handed_over(sender: object, hand_over_id: int, **kwargs: object) -> None:
    """supervision's `report_handed_over` signal, sent after the triage commits."""
    try:
        hand_over_queue(hand_over_id=hand_over_id)
    except Exception:
        # The hand-over stays queued; the sweep queues it (exchange_sweep).
        logger.exception("Could not queue hand-over %s; the sweep will retry", hand_over_id)


def _queue(
    *,
    peer: Peer,
    kind: str,
    payload: dict[str, Any],
    case: Case | None,
    acting_user: User | None,
    actor_label: str | None = None,
    extra: dict[str, Any] | None = None,
) -> OutboundMessage:
    message = OutboundMessage.objects.create(
        peer=peer, kind=kind, payload=payload, case=case, next_attempt_at=timezone.now()
    )
    audit_record(
        action=Action.EXCHANGE_QUEUED,
        case_id=case.pk if case else None,
        actor=acting_user,
        actor_label=actor_label,
        data={"message": message.pk, "kind": kind, "peer": peer.pk, **(extra or {})},
    )
    transaction.on_commit(partial(_enqueue, message.pk))
    return message


def _enqueue(message_id: int, run_after: datetime | None = None) -> None:
    try:
        if run_after is None:
            deliver_message.enqueue(message_id)
        else:
            deliver_message.using(run_after=run_after).enqueue(message_id)
    except Exception:
        logger.exception("Could not enqueue exchange message %s; the sweep will retry", message_id)


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def _post(message: OutboundMessage) -> Answer:
    peer = message.peer
    request = urllib.request.Request(  # noqa: S310 (a peer's address is an http(s) URL, checked by its form)
        peer.base_url + PATHS[MessageKind(message.kind)],
        data=json.dumps(message.payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json, application/problem+json",
            "Authorization": f"Bearer {peer.token}",
            "Idempotency-Key": str(message.idempotency_key),
            "User-Agent": "Synpunkt-Exchange/1",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.OUTBOUND_HTTP_TIMEOUT) as response:  # noqa: S310
            status, raw = int(response.status), response.read()
    except urllib.error.HTTPError as error:
        status, raw = int(error.code), error.read()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        body = {}
    return Answer(status=status, body=body if isinstance(body, dict) else {})


def _received(answer: Answer) -> str | None:
    """Their reference if the peer has the message: received now, or before (a try whose answer was lost)."""
    if answer.status in (200, 201):
        return str(answer.body.get("reference", ""))
    if answer.status == 409 and str(answer.body.get("type", "")).endswith("/already-received"):
        return str(answer.body.get("reference", ""))
    return None


def message_deliver(message_id: int) -> bool:
    """Try to send one message if it is due. True once the peer has it (now or before)."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(
        pk=message_id, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
    if claimed != 1:
        return OutboundMessage.objects.filter(pk=message_id, status=DeliveryStatus.SENT).exists()
    message = OutboundMessage.objects.select_related("peer").get(pk=message_id)
    try:
        answer = _post(message)
        reference = _received(answer)
        error = "" if reference is not None else f"HTTP {answer.status}"
    except Exception as exception:  # the peer is down or unreachable: keep the message and try later
        reference, error = None, type(exception).__name__[:200]
    if reference is not None:
        with transaction.atomic():
            # What it said is in the case it came from, and now at the peer: the outbox keeps no copy.
            OutboundMessage.objects.filter(pk=message_id, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.SENT,
                sent_at=timezone.now(),
                remote_reference=reference[:60],
                last_error="",
                payload={},
            )
            audit_record(
                action=Action.EXCHANGE_SENT,
                case_id=message.case_id,
                data={"message": message.pk, "kind": message.kind, "peer": message.peer_id},
            )
            if message.hand_over_id is not None:
                from supervision.models import HandOver
                from supervision.services import handover_mark_sent

                handover_mark_sent(
                    hand_over=HandOver.objects.get(pk=message.hand_over_id), remote_reference=reference
                )
        return True
    if message.attempts >= MAX_ATTEMPTS:
        OutboundMessage.objects.filter(pk=message_id, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.FAILED, last_error=error
        )
        logger.error(
            "Exchange message %s given up after %s attempts (%s)", message_id, message.attempts, error
        )
        return False
    OutboundMessage.objects.filter(pk=message_id, status=DeliveryStatus.QUEUED).update(
        next_attempt_at=timezone.now() + retry_backoff(message.attempts), last_error=error
    )
    logger.warning("Exchange message %s not sent (attempt %s, %s)", message_id, message.attempts, error)
    return False


def exchange_sweep(*, now: datetime | None = None) -> int:
    """Send every queued message whose time has come; catches a lost task or a worker that died mid-send, and a
    hand-over whose signal was lost (queued by the triage, with no message yet)."""
    from supervision.models import HandOver, HandOverState

    now = now or timezone.now()
    waiting = HandOver.objects.filter(state=HandOverState.QUEUED).exclude(
        pk__in=OutboundMessage.objects.filter(hand_over__isnull=False).values("hand_over_id")
    )
    for hand_over_id in waiting.values_list("pk", flat=True)[:SWEEP_BATCH]:
        hand_over_queue(hand_over_id=hand_over_id)
    due = list(
        OutboundMessage.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(1 for message_id in due if message_deliver(message_id))


@task()
def deliver_message(message_id: int) -> bool:
    """One try; while the message is still queued, this task queues itself again for its next try."""
    if message_deliver(message_id):
        return True
    waiting = OutboundMessage.objects.filter(pk=message_id).values("status", "next_attempt_at").first()
    if waiting and waiting["status"] == DeliveryStatus.QUEUED:
        _enqueue(message_id, max(waiting["next_attempt_at"], timezone.now() + timedelta(seconds=1)))
    return False


@dataclass(frozen=True)
class ReportToAuthority:
    """The citizen's report from a case to the supervisory authority, as the case pages show it."""

    queued_at: datetime
    status: str
    # The authority's reference number, written back from its answer once it has registered the report.
    reference: str


def report_to_authority(case: Case) -> ReportToAuthority | None:
    """This case's report to the authority, if one was queued: when, whether it arrived, and the authority's
    reference number for it (one query)."""
    row = (
        OutboundMessage.objects.filter(case=case, kind=MessageKind.REPORT)
        .order_by("created_at")
        .values("created_at", "status", "remote_reference")
        .first()
    )
    if row is None:
        return None
    return ReportToAuthority(
        queued_at=row["created_at"],
        status=row["status"],
        reference=row["remote_reference"] if row["status"] == DeliveryStatus.SENT else "",
    )


def report_sent_at(case: Case) -> datetime | None:
    """When the citizen's report from this case was queued to the authority, if it was."""
    return (
        OutboundMessage.objects.filter(case=case, kind=MessageKind.REPORT)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


# --- receiving -------------------------------------------------------------------------------------------------


class AlreadyReceived(Exception):
    """The key was used before with the same body: a retry. `reference` is what the first call made."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class KeyReused(Exception):
    """The key was used before with a different body."""


def body_digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _earlier(organisation: Organisation, key: str, digest: str) -> None:
    earlier = InboundMessage.objects.filter(organisation=organisation, idempotency_key=key).first()
    if earlier is None:
        return
    if earlier.body_sha256 != digest:
        raise KeyReused(key)
    raise AlreadyReceived(earlier.reference)


def _receive_once(
    *, token: ApiToken, kind: str, key: str, payload: dict[str, Any], make: Any
) -> InboundMessage:
    organisation = token.organisation
    digest = body_digest(payload)
    _earlier(organisation, key, digest)
    try:
        with transaction.atomic():
            inbound = make(organisation, digest)
            audit_record(
                action=Action.EXCHANGE_RECEIVED,
                case_id=inbound.case_id,
                actor_label=f"api-token:{token.pk}",
                data={"inbound": inbound.pk, "kind": kind, "token": token.pk},
            )
            return inbound  # type: ignore[no-any-return]
    except IntegrityError:
        # The same key at the same moment: the other call made it; answer as to a retry.
        _earlier(organisation, key, digest)
        raise


def handover_receive(*, token: ApiToken, key: str, payload: dict[str, Any]) -> InboundMessage:
    """Register the authority's hand-over as a new case of the token's organisation, channel "from the supervisory
    authority", routed like any new case (cases.services.registration). Once per key."""

    def make(organisation: Organisation, digest: str) -> InboundMessage:
        reporter = payload.get("reporter") or {}
        unit = (
            OrgNode.objects.filter(
                organisation=organisation,
                kind=NodeKind.UNIT,
                is_active=True,
                name__iexact=(payload.get("unit_name") or "").strip(),
            ).first()
            if payload.get("unit_name")
            else None
        )
        occurred = date.fromisoformat(payload["occurred_on"]) if payload.get("occurred_on") else None
        registration = case_register(
            submission=CaseSubmission(
                organisation=organisation,
                kind=CaseKind.COMPLAINT,
                sender_role=SenderRole.OTHER_ORGANISATION,
                what_happened=payload["what_happened"],
                unit=unit,
                event_year=occurred.year if occurred else None,
                event_month=occurred.month if occurred else None,
                event_day=occurred.day if occurred else None,
                is_anonymous=not reporter,
                contact_name=reporter.get("name", ""),
                contact_email=reporter.get("email", ""),
                contact_phone=reporter.get("phone", ""),
                contact_address=reporter.get("address", ""),
                channel=Channel.SUPERVISORY_AUTHORITY,
            ),
            actor_label=f"api-token:{token.pk}",
        )
        case = registration.case
        return InboundMessage.objects.create(
            organisation=organisation,
            token=token,
            kind=MessageKind.HANDOVER,
            idempotency_key=key,
            body_sha256=digest,
            reference=case.reference_number,
            case=case,
        )

    return _receive_once(token=token, kind=MessageKind.HANDOVER, key=key, payload=payload, make=make)


def report_receive(*, token: ApiToken, key: str, payload: dict[str, Any]) -> InboundMessage:
    """Take in a report sent by a municipality's installation to the supervisory authority (the token's
    organisation), once per key, through api.receivers.report_take_in."""
    from api.receivers import report_take_in

    def make(organisation: Organisation, digest: str) -> InboundMessage:
        inbound = InboundMessage.objects.create(
            organisation=organisation,
            token=token,
            kind=MessageKind.REPORT,
            idempotency_key=key,
            body_sha256=digest,
        )
        taken = report_take_in(organisation=organisation, payload=payload, sender=f"api-token:{token.pk}")
        inbound.reference = taken.reference
        inbound.payload = None if taken.kept_elsewhere else json.loads(json.dumps(payload, default=str))
        inbound.save(update_fields=["reference", "payload"])
        return inbound

    return _receive_once(token=token, kind=MessageKind.REPORT, key=key, payload=payload, make=make)
