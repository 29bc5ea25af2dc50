"""An accessibility problem becomes a tracked case (DOS-lagen 2018:1937: a way to report, answered quickly)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from cases.models import CaseKind, ContactPreference, SenderRole
from cases.services import CaseSubmission, Registration, case_register
from organisations.models import Organisation


@transaction.atomic
def accessibility_problem_report(
    *,
    organisation: Organisation,
    description: str,
    where: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    language: str = "sv",
) -> Registration:
    """Register the report as a case of its own kind, with no unit: the registrar places it, and it gets the
    organisation's answer date like any other case."""
    what_happened = description
    if where:
        with translation.override(settings.LANGUAGE_CODE):
            label = gettext("Where it happened")
        what_happened = f"{description}\n\n{label}: {where}"
    identified = bool(contact_name or contact_email or contact_phone)
    preferred = ContactPreference.EMAIL if contact_email else ContactPreference.PHONE if contact_phone else ""
    return case_register(
        submission=CaseSubmission(
            organisation=organisation,
            kind=CaseKind.ACCESSIBILITY,
            sender_role=SenderRole.OTHER,
            what_happened=what_happened,
            unit=None,
            wants_answer=bool(contact_email or contact_phone),
            is_anonymous=not identified,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            preferred_language=language,
            preferred_contact=preferred,
        )
    )
