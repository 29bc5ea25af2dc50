"""Reads for the retention pages: the organisations whose archive a person owns, their runs and holds, and a
run's preview in a page's worth (references and dates only; no case content is ever shown here)."""

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from cases.models import Case
from lexsarah.models import LexSarahRecord
from organisations.models import Organisation, Role
from retention.models import ItemState, LegalHold, RecordClass, RetentionRun, RunItem

PREVIEW_ROWS = 100


def archive_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations at whose root the person holds the archivist's role (retention.services.is_archivist)."""
    return Organisation.objects.filter(
        nodes__parent__isnull=True,
        nodes__role_assignments__user=user,
        nodes__role_assignments__role=Role.ARCHIVIST,
    ).distinct()


def runs_for(user: User) -> QuerySet[RetentionRun]:
    return RetentionRun.objects.filter(organisation__in=archive_organisations(user)).select_related(
        "organisation", "created_by", "approved_by"
    )


def active_holds_for(user: User) -> QuerySet[LegalHold]:
    organisations = archive_organisations(user)
    case_ids = Case.objects.filter(organisation__in=organisations).values("pk")
    record_ids = LexSarahRecord.objects.filter(organisation__in=organisations).values("pk")
    return (
        LegalHold.objects.filter(lifted_at__isnull=True)
        .filter(
            Q(record_class=RecordClass.COMPLAINT, record_id__in=case_ids)
            | Q(record_class=RecordClass.LEX_SARAH, record_id__in=record_ids)
        )
        .order_by("-placed_at")
    )


def run_counts(run: RetentionRun) -> list[dict[str, object]]:
    """Per class: how many the preview found due, and how many it keeps for each reason."""
    due = dict(
        RunItem.objects.filter(run=run)
        .values_list("record_class")
        .annotate(n=Count("pk"))
        .values_list("record_class", "n")
    )
    rows = []
    for value, label in RecordClass.choices:
        kept = run.kept_summary.get(value, {})
        if not due.get(value) and not kept:
            continue
        rows.append({"label": label, "due": due.get(value, 0), "kept": kept})
    return rows


def run_items_page(run: RetentionRun) -> list[RunItem]:
    return list(RunItem.objects.filter(run=run).order_by("pk")[:PREVIEW_ROWS])


def run_items_left(run: RetentionRun) -> int:
    return RunItem.objects.filter(run=run, state=ItemState.PENDING).count()
