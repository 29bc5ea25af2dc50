"""Registering a matter that came by post, phone, e-mail or a visit: the same registration as the web's."""

from datetime import date, datetime, time

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.services import CaseSubmission, Registration, case_register
from organisations.models import Organisation, OrgNode


def received_at_for(received_on: date) -> datetime:
    """The moment to record for a matter received on a given day: now if today, else midday of that day.

    The clocks count from the day received (domain.md §4), so only the date matters; midday keeps the local date
    whatever the time zone's daylight-saving shifts.
    """
    if received_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(received_on, time(12, 0)))


@transaction.atomic
def case_register_by_registrar(
    *,
    registrar: User,
    organisation: Organisation,
    channel: str,
    received_on: date,
    kind: str,
    sender_role: str,
    what_happened: str,
    unit: OrgNode | None,
    wants_manager: bool = False,
    desired_outcome: str = "",
    about_person: str = "",
    event_day: int | None = None,
    event_month: int | None = None,
    event_year: int | None = None,
    wants_answer: bool = True,
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    preferred_language: str = "sv",
    preferred_contact: str = "",
    scanned_letters: list[UploadedFile[bytes]] | None = None,
) -> Registration:
    """Register the matter through cases.services.case_register, so routing, clocks, receipt and audit are the
    web's; the clocks start on the day it was received, and the registrar is recorded as who registered it."""
    submission = CaseSubmission(
        organisation=organisation,
        kind=kind,
        sender_role=sender_role,
        what_happened=what_happened,
        unit=unit,
        desired_outcome=desired_outcome,
        event_day=event_day,
        event_month=event_month,
        event_year=event_year,
        about_person=about_person,
        wants_manager=wants_manager,
        wants_answer=wants_answer,
        is_anonymous=is_anonymous,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_address=contact_address,
        preferred_language=preferred_language,
        preferred_contact=preferred_contact,
        channel=channel,
        received_at=received_at_for(received_on),
        attachments=list(scanned_letters or []),
    )
    return case_register(submission=submission, registered_by=registrar)
