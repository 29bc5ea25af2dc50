"""Writes of the quality work. The taxonomies are changed by organisations.services; here, the record that a
member of staff took the statistics out of the system."""

from django.db import transaction

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from organisations.models import Organisation


@transaction.atomic
def statistics_export_record(
    *,
    user: User,
    organisation: Organisation,
    table: str,
    file_format: str,
    selection: dict[str, object],
    rows: int,
    case_level: bool,
) -> None:
    """Record an export in the audit trail: which table, as what, under which filter (codes and ids) and how
    many rows, never what the rows say. A case-level export has its own action, for the log review."""
    audit_record(
        action=Action.CASES_EXPORTED if case_level else Action.STATISTICS_EXPORTED,
        actor=user,
        data={
            "organisation": organisation.pk,
            "table": table,
            "format": file_format,
            "filter": selection,
            "rows": rows,
        },
    )
