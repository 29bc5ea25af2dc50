"""Every mail about a case: the receipt, news for the sender, mail to staff (the link the sender asks for is citizen.services'). Each
says that there is something and where to look, never the case's content (domain.md §3); each goes through the
outbox (notifications.services.email_enqueue), in the caller's transaction."""

from django.conf import settings

from accounts.models import User
from cases.models import Case
from citizen.services import LINK_MAX_AGE, citizen_link_for
from notifications.models import OutboundEmail
from notifications.services import email_enqueue


def receipt_email_enqueue(*, case: Case) -> OutboundEmail:
    """The receipt: the reference number and how to follow the case, nothing of what was written."""
    return email_enqueue(
        to=case.contact_email,
        kind="receipt",
        template="receipt",
        context={
            "reference_number": case.reference_number,
            "organisation": case.organisation.name,
            "inform_by": case.inform_by,
            "site_url": settings.SITE_URL,
        },
        language=case.preferred_language,
        case_id=case.pk,
    )


def _can_mail(case: Case) -> bool:
    return bool(case.contact_email) and not case.is_anonymous


def _citizen_link_context(case: Case) -> dict[str, object]:
    """A new link to the case page, for mails to an identified sender; nothing for anyone else."""
    if not _can_mail(case):
        return {}
    return {
        "link": citizen_link_for(case),
        "link_days": LINK_MAX_AGE.days,
        "follow_url": f"{settings.SITE_URL}/folj/",
    }


def case_news_email_enqueue(*, case: Case) -> OutboundEmail | None:
    """Tell an identified sender that there is news in their case, with a fresh link to the case page.

    Call it from the service that adds something the citizen may read (a message, the information, the final
    answer), inside its transaction. Says nothing of the news itself (secrecy, domain.md §3). Anonymous senders
    and senders without an e-mail address get nothing: they follow the case with their code.
    """
    if not _can_mail(case):
        return None
    return email_enqueue(
        to=case.contact_email,
        kind="case_news",
        template="case_news",
        context={
            "reference_number": case.reference_number,
            "organisation": case.organisation.name,
            **_citizen_link_context(case),
        },
        language=case.preferred_language,
        case_id=case.pk,
    )


def staff_case_url(case: Case) -> str:
    return f"{settings.SITE_URL}/personal/arende/{case.pk}/"


def staff_email_enqueue(
    *, user: User | None, case: Case, template: str, extra: dict[str, object] | None = None
) -> None:
    """A mail to a member of staff about a case: the reference number and a link, never its content."""
    if user is None or not user.email:
        return
    email_enqueue(
        to=user.email,
        kind=template,
        template=template,
        context={
            "reference_number": case.reference_number,
            "case_url": staff_case_url(case),
            "inform_by": case.inform_by,
            **(extra or {}),
        },
        language=settings.LANGUAGE_CODE,
        case_id=case.pk,
    )
