"""Whether the citizen's case page offers to send the report to IVO directly, and whether it has been sent."""

from django import template

from api.exchange import authority_peer, report_sent_at
from cases.models import Case

register = template.Library()


@register.simple_tag
def ivo_exchange(case: Case) -> dict[str, object]:
    """`connected`: the organisation is connected to IVO's installation; `sent_at`: when this case's report went."""
    connected = authority_peer(case.organisation) is not None
    return {"connected": connected, "sent_at": report_sent_at(case) if connected else None}
