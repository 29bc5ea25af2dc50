"""`{% acknowledge_deadline_here as ack %}`: the clock to confirm receipt for the case being shown (the inbox row's,
or the case page's), for staff/_deadline.html."""

from django import template
from django.utils import timezone

from cases.models import Case
from staff.presentation import AcknowledgeDeadline, acknowledge_deadline

register = template.Library()


@register.simple_tag(takes_context=True)
def acknowledge_deadline_here(context: template.Context) -> AcknowledgeDeadline | None:
    row = context.get("row")
    case = getattr(row, "case", None) if row is not None else context.get("case")
    if not isinstance(case, Case):
        return None
    return acknowledge_deadline(case, timezone.localdate())
