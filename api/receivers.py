"""Where a report received through the API goes on the supervisory authority's installation: the supervision app's
registration (issue 19, items 1–5), as a report of the channel "from another installation", once per sender's
reference."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from cases.models import Channel, SenderRole
from organisations.models import Organisation


@dataclass(frozen=True)
class TakenIn:
    reference: str
    # True when the report now lives in the authority's own records: the API then keeps no copy of it.
    kept_elsewhere: bool


def report_take_in(*, organisation: Organisation, payload: dict[str, Any], sender: str) -> TakenIn:
    """Register the report with the authority (the token's organisation), in the receiving transaction. Raises
    supervision's ReportError (bad county, not an authority) and ReportAlreadyRegistered (the sender's reference
    came before), which the API answers as problems."""
    from supervision.services import report_register

    reporter = payload.get("reporter") or {}
    occurred = date.fromisoformat(payload["occurred_on"]) if payload.get("occurred_on") else None
    own_report = payload["kind"] == "deficiency_report"
    registration = report_register(
        authority=organisation,
        channel=Channel.INSTALLATION,
        county=payload.get("county") or "",
        what_happened=payload["what_happened"],
        provider_in_words=(payload.get("unit_name") or payload["sender_organisation"])[:300],
        sender_role=SenderRole.OTHER_ORGANISATION if own_report else SenderRole.OTHER,
        is_anonymous=not reporter,
        wants_answer=bool(reporter),
        contact_name=reporter.get("name", ""),
        contact_email=reporter.get("email", ""),
        contact_phone=reporter.get("phone", ""),
        contact_address=reporter.get("address", ""),
        event_day=occurred.day if occurred else None,
        event_month=occurred.month if occurred else None,
        event_year=occurred.year if occurred else None,
        external_reference=f"{sender}:{payload['sender_reference']}"[:100],
    )
    return TakenIn(reference=registration.reference_number, kept_elsewhere=True)
