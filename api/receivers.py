"""Where a report received through the API goes on the supervisory authority's installation.

This is the one seam between the exchange and the authority's own records (issue 19, items 1–5, the
`supervision` app). Until that app is wired here, the report is kept whole on its `InboundMessage` row with a
reference of its own, so that nothing accepted is lost; wiring it means calling the supervision app's
registration service below and returning its reference with `kept_elsewhere=True`.
"""

from dataclasses import dataclass
from typing import Any

from organisations.models import Organisation


@dataclass(frozen=True)
class TakenIn:
    reference: str
    # True when the report now lives in the authority's own records: the API then keeps no copy of it.
    kept_elsewhere: bool


def report_take_in(*, organisation: Organisation, payload: dict[str, Any], inbound_id: int) -> TakenIn:
    """Register the report with the authority (the token's organisation). Runs in the receiving transaction."""
    return TakenIn(reference=f"{organisation.reference_prefix} API/{inbound_id:05d}", kept_elsewhere=False)
