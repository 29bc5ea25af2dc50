"""The hash chain that makes the audit trail tamper-evident.

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON form of its own fields, so
changing, removing or inserting a row anywhere breaks every link after it; `manage.py audit_verify` finds the
first broken one.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(
    *,
    case_id: int | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    data: dict[str, Any],
    at: datetime,
) -> str:
    return json.dumps(
        {
            "action": action,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "case_id": case_id,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def link_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def event_payload(event: Any) -> str:
    """The event's canonical JSON: what its link hashes, after the previous event's hash."""
    return canonical(
        case_id=event.case_id,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        data=event.data,
        at=event.at,
    )


def event_hash(event: Any, prev_hash: str) -> str:
    return link_hash(prev_hash, event_payload(event))


@dataclass
class Break:
    event_id: int
    reason: str


def first_break(events: Iterator[Any]) -> Break | None:
    """Walk events in id order; the first one whose links do not hold, or None when the chain is whole."""
    expected_prev = GENESIS
    for event in events:
        if event.prev_hash != expected_prev:
            return Break(
                event.pk,
                "prev_hash does not match the hash of the row before (a row was removed or inserted)",
            )
        if event.hash != event_hash(event, event.prev_hash):
            return Break(event.pk, "hash does not match the row's contents (the row was changed)")
        expected_prev = event.hash
    return None
