"""Writes of the quality work. The taxonomies are changed by organisations.services; here, the record that a
member of staff took the statistics out of the system or read the quality report or the patterns, and the saving
of the quality report's texts."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from organisations.models import Organisation, OrgNode
from quality.models import SECTION_FIELDS, QualityReport


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


class StaleReport(Exception):
    """The report was saved by someone else after this form was opened."""


@transaction.atomic
def quality_report_save(
    *, node: OrgNode, year: int, texts: dict[str, str], version: int, acting_user: User
) -> QualityReport:
    """Save the texts of `node`'s quality report for `year` as the draft it always is, creating it on the first
    save. `version` is the one the form was opened with: if someone saved since, nothing is saved and StaleReport
    is raised (the caller keeps what was typed). The audit row names the sections that changed, not their text."""
    report, _created = QualityReport.objects.select_for_update().get_or_create(
        node=node, year=year, defaults={"organisation_id": node.organisation_id}
    )
    if report.version != version:
        raise StaleReport
    changed = [name for name in SECTION_FIELDS if name in texts and getattr(report, name) != texts[name]]
    if not changed:
        return report
    for name in changed:
        setattr(report, name, texts[name])
    report.version += 1
    report.updated_at = timezone.now()
    report.updated_by = acting_user
    report.save()
    audit_record(
        action=Action.QUALITY_REPORT_SAVED,
        actor=acting_user,
        data={
            "organisation": node.organisation_id,
            "node": node.pk,
            "year": year,
            "sections": changed,
            "version": report.version,
        },
    )
    return report


def quality_report_read_record(*, user: User, node: OrgNode, year: int, file_format: str) -> None:
    """Record that `user` read the quality report of `node` for `year`, on the page ("html") or as a PDF."""
    audit_record(
        action=Action.QUALITY_REPORT_VIEWED,
        actor=user,
        data={"organisation": node.organisation_id, "node": node.pk, "year": year, "format": file_format},
    )


def patterns_read_record(
    *, user: User, organisation: Organisation, window: dict[str, object], rises: int, cases: int
) -> None:
    """Record that `user` looked at the patterns across units: the months compared, how many rises and how many
    cases behind them were listed (ids and counts only)."""
    audit_record(
        action=Action.PATTERNS_VIEWED,
        actor=user,
        data={"organisation": organisation.pk, **window, "rises": rises, "cases": cases},
    )
