"""The report to IVO on the case pages: whether the citizen's page offers to send it directly, whether it has been
sent, and IVO's reference number for it once IVO has registered it."""

from django import template

from api.exchange import ReportToAuthority, authority_peer, report_to_authority
from cases.models import Case

register = template.Library()


@register.simple_tag
def ivo_exchange(case: Case) -> dict[str, object]:
    """`connected`: the organisation is connected to IVO's installation; `sent_at`: when this case's report went;
    `reference`: IVO's reference number for it, once IVO has it."""
    connected = authority_peer(case.organisation) is not None
    sent = report_to_authority(case) if connected else None
    return {
        "connected": connected,
        "sent_at": sent.queued_at if sent else None,
        "reference": sent.reference if sent else "",
    }


@register.simple_tag
def ivo_report(case: Case) -> ReportToAuthority | None:
    """The case's report to IVO for the staff's case page, if one was sent from it."""
    return report_to_authority(case)
