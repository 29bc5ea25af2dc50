"""Reads of Lex Sarah records: who may see them, the list, one record with its timeline, the links from a case,
and the counts for the statistics and the quality report.

Only the people responsible for Lex Sarah (organisations.models.Role.LEX_SARAH) see records, those of the part
of the tree below the node where they hold the role; nobody else, whatever their other roles (not the case's
holder, not an administrator, not the person who reported it). Every function that returns records starts from
`records_visible_to`; a page that shows one record opens it with `record_for_staff_read`, which records the read.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncYear
from django.utils import timezone

from accounts.models import User
from audit.actions import Action
from audit.models import Event
from audit.services import audit_record
from cases.models import Case
from cases.policy import is_staff_user, scope_paths_for_roles
from lexsarah.models import (
    OPEN_STATES,
    Assessment,
    LexSarahRecord,
    LexSarahSettings,
    LexSarahState,
)
from organisations.models import Organisation, OrgNode, Role
from organisations.selectors import scope_paths

PAGE_SIZE = 25

# The record's changes, for its timeline (its reads are in the administrators' log review).
CHANGE_ACTIONS = [
    Action.LEX_SARAH_REPORTED,
    Action.LEX_SARAH_CASE_LINKED,
    Action.LEX_SARAH_INVESTIGATION_STARTED,
    Action.LEX_SARAH_INVESTIGATION_RECORDED,
    Action.LEX_SARAH_ASSESSED,
    Action.LEX_SARAH_REPORTED_TO_IVO,
    Action.LEX_SARAH_IVO_REFERENCE_RECORDED,
    Action.LEX_SARAH_CLOSED,
]


# --- Settings ---------------------------------------------------------------------------------------------------


def lex_sarah_settings_for(organisation: Organisation) -> LexSarahSettings:
    """The organisation's Lex Sarah periods: its saved row, or the defaults (unsaved) where it has none."""
    return LexSarahSettings.objects.filter(organisation=organisation).first() or LexSarahSettings(
        organisation=organisation
    )


# --- Who may see and report ---------------------------------------------------------------------------------------


def lex_sarah_paths(user: object) -> list[str]:
    """The tree paths under which `user` is responsible for Lex Sarah; none for anyone else."""
    if not is_staff_user(user):
        return []
    assert isinstance(user, User)
    return scope_paths_for_roles(user, [Role.LEX_SARAH])


def _under(paths: Iterable[str], field: str = "node_path") -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def records_visible_to(user: object, *, paths: list[str] | None = None) -> QuerySet[LexSarahRecord]:
    """The records `user` may see and handle: those under a node where they hold the Lex Sarah role.
    `paths`: lex_sarah_paths(user), when the caller has read them already in this request."""
    if paths is None:
        paths = lex_sarah_paths(user)
    if not paths:
        return LexSarahRecord.objects.none()
    return LexSarahRecord.objects.filter(_under(paths))


def may_handle(user: object, record: LexSarahRecord) -> bool:
    return _covers(lex_sarah_paths(user), record.node_path)


def may_start_from_case(user: object, case: Case, *, paths: list[str] | None = None) -> bool:
    """Whether `user` is responsible for Lex Sarah on the case's node or above, and so starts the investigation
    from the case themselves. `paths`: lex_sarah_paths(user), when the caller has read them already."""
    return _covers(lex_sarah_paths(user) if paths is None else paths, case.node_path)


def _covers(paths: list[str], node_path: str) -> bool:
    return any(node_path.startswith(path) for path in paths)


def report_nodes(user: object) -> QuerySet[OrgNode]:
    """The parts of the tree `user` may report a serious deficiency about: every active node under a node where
    they hold any role. Everyone who works there must report (SoL 2025:400 27 kap.), whatever their role."""
    if not is_staff_user(user):
        return OrgNode.objects.none()
    assert isinstance(user, User)
    paths = scope_paths(user)
    if not paths:
        return OrgNode.objects.none()
    return OrgNode.objects.filter(_under(paths, "path"), is_active=True).select_related("organisation")


def may_report(user: object, node: OrgNode) -> bool:
    return report_nodes(user).filter(pk=node.pk).exists()


# --- One record -------------------------------------------------------------------------------------------------


def record_for_staff(*, user: object, pk: int) -> LexSarahRecord | None:
    """The record, if `user` may see it; None otherwise (the caller answers 404, and so reveals nothing)."""
    return (
        records_visible_to(user)
        .select_related(
            "organisation", "node", "case", "reported_by", "investigator", "assessed_by", "ivo_reported_by"
        )
        .filter(pk=pk)
        .first()
    )


def record_for_staff_read(
    *, user: object, pk: int, data: dict[str, object] | None = None
) -> LexSarahRecord | None:
    """The one way a page or a document opens a record: the record if `user` may see it, and the read recorded in
    the audit trail with `data` (ids and codes only). None, with nothing recorded, for anyone else."""
    record = record_for_staff(user=user, pk=pk)
    if record is not None:
        record_read(user=user, record=record, data=data)
    return record


def record_read(*, user: object, record: LexSarahRecord, data: dict[str, object] | None = None) -> None:
    """Record that `user` read `record` (opened with record_for_staff), with `data` (ids and codes only)."""
    assert isinstance(user, User)
    audit_record(
        action=Action.LEX_SARAH_VIEWED,
        actor=user,
        data={"lex_sarah": record.pk, "reference": record.reference_number, **(data or {})},
    )


def record_timeline(record: LexSarahRecord) -> list[Event]:
    """Everything done with the record, newest first, each with who did it. Lex Sarah events carry no case id
    (audit/actions.py): they are found by the record's id in their data, among the Lex Sarah actions only."""
    return list(
        Event.objects.filter(action__in=CHANGE_ACTIONS, data__lex_sarah=record.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def node_label(node: OrgNode, names: dict[int, str]) -> str:
    """ "Äldreomsorg › Solgårdens äldreboende": the node under its ancestors, the root left out below it."""
    ids = [int(part) for part in node.path.strip("/").split("/") if part]
    if len(ids) > 1:
        ids = ids[1:]
    return " › ".join(names.get(i, "?") for i in ids)


def node_labels(nodes: list[OrgNode]) -> dict[int, str]:
    """node_label for each node, with the names of their ancestors read in one query."""
    ids = {int(part) for node in nodes for part in node.path.strip("/").split("/") if part}
    names = dict(OrgNode.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {node.pk: node_label(node, names) for node in nodes}


# --- The list ---------------------------------------------------------------------------------------------------

STATE_OPEN = ""  # the default: every open record
STATE_ALL = "all"


@dataclass(frozen=True)
class ListFilters:
    state: str = STATE_OPEN
    overdue: bool = False


def records_for_list(
    *, user: object, filters: ListFilters, today: date, paths: list[str] | None = None
) -> QuerySet[LexSarahRecord]:
    """The records of the user's part of the tree under `filters`, the next deadline first, those without one
    last (newest first among them)."""
    records = records_visible_to(user, paths=paths)
    if filters.state == STATE_OPEN:
        records = records.filter(state__in=OPEN_STATES)
    elif filters.state != STATE_ALL:
        records = records.filter(state=filters.state)
    if filters.overdue:
        records = records.filter(due_on__lt=today)
    return records.select_related("node", "case").order_by(
        F("due_on").asc(nulls_last=True), "-reported_at", "-pk"
    )


# --- From a case ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseLexSarah:
    """What the case page shows of Lex Sarah, to someone responsible for it there: the records linked to the
    case, and whether they may start one from it."""

    records: list[LexSarahRecord]
    may_start: bool


def lex_sarah_for_case(*, user: object, case: Case) -> CaseLexSarah:
    """The records linked to `case` that `user` may see, and whether they may start one from it (the Lex Sarah
    role on the case's node or above). Two small queries for them; for anyone else the caller asks nothing."""
    paths = lex_sarah_paths(user)
    if not paths:
        return CaseLexSarah(records=[], may_start=False)
    records = list(records_visible_to(user, paths=paths).filter(case=case).order_by("reported_at", "pk"))
    return CaseLexSarah(records=records, may_start=may_start_from_case(user, case, paths=paths))


# --- Counting, for the statistics and the quality report ----------------------------------------------------------

PERIOD_MONTH = "month"
PERIOD_YEAR = "year"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime.combine(start, time.min, zone), datetime.combine(end, time.max, zone)


def lex_sarah_counts(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    period: str = PERIOD_MONTH,
    under: OrgNode | None = None,
) -> list[dict[str, Any]]:
    """The organisation's Lex Sarah records reported from `start` to `end` (both days included), counted by the
    part of the tree they concern and by month or year of the staff report, in one aggregate query:

        {"node_id", "period" (the first day of the month or year, a date), "reported", "serious", "clear_risk",
         "neither", "not_assessed", "reported_to_ivo", "ivo_on_time", "closed"}

    `under` narrows to a part of the tree (an area and its units). Counts only, no content and no personal data:
    the statistics and the quality report (domain.md §7) decide who sees them. A node's rows roll up to its
    ancestors by the node's path (OrgNode.path)."""
    if period not in (PERIOD_MONTH, PERIOD_YEAR):
        raise ValueError(f"period must be {PERIOD_MONTH!r} or {PERIOD_YEAR!r}")
    first, last = _bounds(start, end)
    records = LexSarahRecord.objects.filter(organisation=organisation, reported_at__range=(first, last))
    if under is not None:
        records = records.filter(node_path__startswith=under.path)
    truncate = TruncMonth if period == PERIOD_MONTH else TruncYear
    rows = (
        records.annotate(period=truncate("reported_at"))
        .values("node_id", "period")
        .annotate(
            reported=Count("pk"),
            serious=Count("pk", filter=Q(assessment=Assessment.SERIOUS)),
            clear_risk=Count("pk", filter=Q(assessment=Assessment.CLEAR_RISK)),
            neither=Count("pk", filter=Q(assessment=Assessment.NEITHER)),
            not_assessed=Count("pk", filter=Q(assessment="")),
            reported_to_ivo=Count("pk", filter=Q(ivo_reported_on__isnull=False)),
            ivo_on_time=Count(
                "pk", filter=Q(ivo_reported_on__isnull=False, ivo_reported_on__lte=F("ivo_report_due"))
            ),
            closed=Count("pk", filter=Q(state=LexSarahState.CLOSED)),
        )
        .order_by("period", "node_id")
    )
    result: list[dict[str, Any]] = []
    for row in rows:
        moment = row["period"]
        result.append(
            {**row, "period": timezone.localdate(moment) if isinstance(moment, datetime) else moment}
        )
    return result


__all__ = [
    "lex_sarah_counts",
    "lex_sarah_for_case",
    "lex_sarah_paths",
    "lex_sarah_settings_for",
    "may_handle",
    "may_report",
    "may_start_from_case",
    "record_for_staff",
    "record_for_staff_read",
    "record_read",
    "record_timeline",
    "records_for_list",
    "records_visible_to",
    "report_nodes",
]
