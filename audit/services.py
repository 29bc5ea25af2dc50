"""Writing to the audit trail. Every service that reads or changes a case calls `audit_record` itself."""

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.chain import GENESIS, event_hash
from audit.models import Event
from core.database import transaction_lock

# Any fixed 64-bit number: the advisory lock that serialises appends to the chain on PostgreSQL.
CHAIN_LOCK_ID = 0x5359_4E50_4155_4454  # "SYNPAUDT"


class Action:
    """The vocabulary of the audit trail (stable codes, translated when shown)."""

    REGISTERED = "registered"
    VIEWED = "viewed"
    ATTACHMENT_DOWNLOADED = "attachment_downloaded"
    ASSIGNED = "assigned"
    CITIZEN_VIEWED = "citizen_viewed"
    # Accounts and the log itself.
    SIGNED_IN = "signed_in"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    LOGGED_OUT_EVERYWHERE = "logged_out_everywhere"
    LOG_REVIEWED = "log_reviewed"
    # The organisation: its tree, roles and ladder, which decide who may see which cases (organisations.services).
    ORGANISATION_CREATED = "organisation_created"
    ORGANISATION_CHANGED = "organisation_changed"
    NODE_CREATED = "node_created"
    NODE_RENAMED = "node_renamed"
    NODE_MOVED = "node_moved"
    NODE_KIND_CHANGED = "node_kind_changed"
    NODE_DEACTIVATED = "node_deactivated"
    NODE_REACTIVATED = "node_reactivated"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    LADDER_CHANGED = "ladder_changed"
    # Staff accounts, their passwords and second factors, changed by an administrator (accounts.services).
    STAFF_ACCOUNT_CREATED = "staff_account_created"
    STAFF_ACCOUNT_CHANGED = "staff_account_changed"
    STAFF_PRIVILEGES_CHANGED = "staff_privileges_changed"
    STAFF_ACCOUNT_DEACTIVATED = "staff_account_deactivated"
    STAFF_ACCOUNT_REACTIVATED = "staff_account_reactivated"
    PASSWORD_SET = "password_set"
    SECOND_FACTOR_RESET = "second_factor_reset"
    # Related cases (cases/relations.py): recorded on both cases.
    CASE_RELATED = "case_related"
    CASE_UNRELATED = "case_unrelated"


# The actions that are reads of a case, for the log review's default view.
READ_ACTIONS = [Action.VIEWED, Action.ATTACHMENT_DOWNLOADED, Action.CITIZEN_VIEWED]


@dataclass(frozen=True)
class Entry:
    """One event to append (see audit_record)."""

    action: str
    case_id: int | None = None
    actor: User | None = None
    actor_label: str | None = None
    data: dict[str, Any] | None = None


def audit_record(
    *,
    action: str,
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
        action=entry.action,
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
