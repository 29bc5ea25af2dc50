"""Writing to the audit trail. Every service that reads or changes a case calls `audit_record` itself."""

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import Action
from audit.chain import GENESIS, event_hash
from audit.models import Event
from core.database import transaction_lock

# Any fixed 64-bit number: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK_ID = 0x5359_4E50_4155_4454  # "SYNPAUDT"


@dataclass(frozen=True)
class Entry:
    """One event to append (see audit_record)."""

    action: Action
    case_id: int | None = None
    actor: User | None = None
    actor_label: str | None = None
    data: dict[str, Any] | None = None


def audit_record(
    *,
    action: Action,
    case_id: int | None = None,
    actor: User | None = None,
    actor_label: str | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event, chained to the one before. `data` must hold identifiers and codes only, never case
    content or personal data."""
    return audit_record_many(
        [Entry(action=action, case_id=case_id, actor=actor, actor_label=actor_label, data=data)]
    )[0]


def audit_record_many(entries: list[Entry]) -> list[Event]:
    """Append events in order, each chained to the one before, with one lock and one read of the chain's end.

    Appends are serialised so that two transactions never chain to the same predecessor: on PostgreSQL by a
    transaction-level advisory lock (held until the transaction ends, so call this last in a transaction), on
    SQLite by the write lock its IMMEDIATE transactions take at BEGIN. Inside a caller's transaction the events are
    part of it: if they fail, so does the change. Outside one (recording a read) the append is a transaction of its
    own.
    """
    events = [_event(entry) for entry in entries]
    _append(events)
    return events


def _event(entry: Entry) -> Event:
    actor_label = entry.actor_label
    if actor_label is None:
        actor_label = f"staff:{entry.actor.pk}" if entry.actor is not None else "system"
    return Event(
        case_id=entry.case_id,
        actor=entry.actor,
        actor_label=actor_label,
        action=str(entry.action),
        # Stored as it will read back, so that the hash computed now is the hash verified later.
        data=json.loads(json.dumps(entry.data or {}, cls=DjangoJSONEncoder)),
        at=timezone.now(),
    )


@transaction.atomic(savepoint=False)
def _append(events: list[Event]) -> None:
    transaction_lock(CHAIN_LOCK_ID)  # PostgreSQL: an advisory lock; SQLite: IMMEDIATE transactions
    prev_hash = Event.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS
    for event in events:
        event.prev_hash = prev_hash
        event.hash = event_hash(event, prev_hash)
        prev_hash = event.hash
    Event.objects.bulk_create(events)
