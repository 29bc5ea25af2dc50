"""Reading the audit trail for the log review."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.models import Event
from audit.services import READ_ACTIONS


def events_for_review(
    *,
    staff: User | None = None,
    reference: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    all_actions: bool = False,
) -> QuerySet[Event]:
    """Events newest first, with the case's reference number and the actor, filtered as asked."""
    events = Event.objects.select_related("case", "actor").order_by("-at", "-pk")
    if not all_actions:
        events = events.filter(action__in=READ_ACTIONS)
    if staff is not None:
        events = events.filter(actor=staff)
    if reference:
        events = events.filter(case__reference_number__iexact=" ".join(reference.split()))
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events
