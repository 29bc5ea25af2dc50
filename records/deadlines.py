"""Reminders about requests for public documents, sent by the periodic sweep (sweep.services): on the last day to
handle a request, and once the day after when it is overdue. Each goes to the case's holder, or to the people
who registered the request when the case has no holder, and says only the case's reference number and where to
find the request: never what the case is about, nor who asked.

Each reminder is claimed by one conditional UPDATE of its own column, so that two sweeps at once send it once.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.services import email_enqueue
from records.models import DocumentRequest, RequestState


@dataclass(frozen=True)
class RequestReminders:
    reminded: int
    overdue_reported: int


def _recipient(request: DocumentRequest) -> str:
    holder = request.case.holder if request.case is not None else None
    person = holder or request.registered_by
    return person.email if person is not None and person.is_active else ""


def _send(request: DocumentRequest, *, template: str) -> None:
    to = _recipient(request)
    if not to:
        return
    email_enqueue(
        to=to,
        kind=template,
        template=template,
        context={
            "reference_number": request.case_reference,
            "due_on": request.due_on,
            "request_url": settings.SITE_URL + reverse("records:detail", args=[request.pk]),
        },
        language=settings.LANGUAGE_CODE,
        case_id=request.case_id,
    )


def request_deadline_sweep(*, today: date | None = None) -> RequestReminders:
    """Remind on the last day, report the day after; each request at most once of each."""
    today = today or timezone.localdate()
    open_requests = DocumentRequest.objects.filter(state=RequestState.RECEIVED).select_related(
        "case__holder", "registered_by"
    )
    reminded = overdue = 0
    for request in open_requests.filter(due_on=today, reminded_on__isnull=True):
        with transaction.atomic():
            claimed = DocumentRequest.objects.filter(
                pk=request.pk, state=RequestState.RECEIVED, reminded_on__isnull=True
            ).update(reminded_on=today)
            if claimed == 1:
                _send(request, template="document_request_due")
                reminded += 1
    for request in open_requests.filter(due_on__lt=today, overdue_reported_on__isnull=True):
        with transaction.atomic():
            claimed = DocumentRequest.objects.filter(
                pk=request.pk, state=RequestState.RECEIVED, overdue_reported_on__isnull=True
            ).update(overdue_reported_on=today)
            if claimed == 1:
                _send(request, template="document_request_overdue")
                overdue += 1
    return RequestReminders(reminded=reminded, overdue_reported=overdue)
