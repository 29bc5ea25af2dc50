"""`{% deadline_text deadline %}`: the clocks of the case being shown (the inbox row's, or the case page's) in
words, as staff.presentation.deadline_html writes them (staff/_deadline.html)."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from cases.models import Case
from staff.presentation import AcknowledgeDeadline, Deadline, acknowledge_deadline, deadline_html

register = template.Library()


@register.simple_tag(takes_context=True)
def acknowledge_deadline_here(context: template.Context) -> AcknowledgeDeadline | None:
    row = context.get("row")
    case = getattr(row, "case", None) if row is not None else context.get("case")
    if not isinstance(case, Case):
        return None
    return acknowledge_deadline(case, timezone.localdate())


@register.simple_tag(takes_context=True)
def deadline_text(context: template.Context, deadline: Deadline) -> SafeString:
    return deadline_html(deadline, acknowledge_deadline_here(context))
