"""What the staff pages write: only the audit trail of their reads (domain.md §8: every read is logged); the
read of a case itself is recorded by cases.selectors.case_for_staff_read, which opens it.

Each record is one append, a transaction of its own (audit.services.audit_record_many): nothing else is written
with it, so no transaction is opened around it."""

from accounts.models import User
from audit.actions import Action
from audit.models import Event
from audit.services import audit_record
from cases.models import Attachment


def attachment_download_record(*, attachment: Attachment, actor: User) -> Event:
    """Record that `actor` downloaded one of the case's attachments (its id only, never its name)."""
    return audit_record(
        action=Action.ATTACHMENT_DOWNLOADED,
        case_id=attachment.case_id,
        actor=actor,
        data={"attachment": attachment.pk},
    )


def case_search_record(*, actor: User) -> Event:
    """Record that `actor` searched the cases, without the query."""
    return audit_record(action=Action.SEARCHED, actor=actor)
