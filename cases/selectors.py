"""Reads of cases for staff: the inbox, one case with its parts, and its history.

Every function starts from `cases.policy.cases_visible_to`, so nothing here can reach a case the user may not see.
A page that shows one case opens it with `case_for_staff_read`, which also records the read in the audit trail.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import F, OrderBy, Q, QuerySet

from accounts.models import User
from audit.actions import READ_ACTIONS, Action
from audit.models import Event
from audit.services import audit_record
from cases.models import OPEN_STATES, Assignment, Attachment, Case, CaseState, nearest_deadline
from cases.policy import (
    can_change_case,
    case_visible_to_user_id,
    cases_visible_to,
    is_staff_user,
    reading_paths,
)
from cases.search import case_search
from organisations.models import NodeKind, OrgNode

INBOX_PAGE_SIZE = 25

# The clock "inform the complainant by" runs until they have been informed (domain.md §4); each new step of the
# ladder starts a new clock, which the handling services record by putting the case back in this state.
CLOCK_RUNNING_STATES = [CaseState.REGISTERED]

TAB_MINE = "mine"
TAB_SCOPE = "scope"
STATE_OPEN = ""  # the default: every open case
STATE_ALL = "all"

# The inbox's orders. The default is what triage needs: the case whose running clock ends first at the top.
SORT_DEADLINE = "deadline"
SORT_NEWEST = "newest"  # received, the most recent first
SORT_OLDEST = "oldest"  # received, the earliest first

INBOX_OWN_COLUMNS = [
    "pk",
    "reference_number",
    "kind",
    "state",
    "received_at",
    "inform_by",
    "acknowledge_by",
    "acknowledged_at",
    "subject",
]
INBOX_COLUMNS = [
    *INBOX_OWN_COLUMNS,
    "unit__name",
    "holder__username",
    "holder__first_name",
    "holder__last_name",
    # What the sender said it is mostly about, shown until staff have chosen the topics (staff.presentation).
    "citizen_topic__name",
    "citizen_topic__name_en",
]


class UnitChoice(NamedTuple):
    """A unit as the inbox's filter offers it: no model instance, as a list of thirty is read on every page."""

    pk: int
    name: str
    path: str


@dataclass(frozen=True)
class InboxFilters:
    tab: str = TAB_MINE
    state: str = STATE_OPEN
    unit: UnitChoice | None = None
    kind: str = ""
    overdue: bool = False
    text: str = ""
    sort: str = SORT_DEADLINE


def units_in_scope(user: User, *, paths: list[str] | None = None) -> QuerySet[OrgNode]:
    """The units in the parts of the tree where the user holds a reading role: the choices of the unit filter.
    `paths`: cases.policy.reading_paths(user), when the caller has read them already."""
    if paths is None:
        paths = reading_paths(user)
    if not paths:
        return OrgNode.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgNode.objects.filter(condition, kind=NodeKind.UNIT, is_active=True).order_by("name", "pk")


def unit_choices_in_scope(user: User, *, paths: list[str] | None = None) -> list[UnitChoice]:
    """units_in_scope, as (pk, name, path), in the same order."""
    return [UnitChoice(*row) for row in units_in_scope(user, paths=paths).values_list("pk", "name", "path")]


def inbox_order(sort: str) -> list[OrderBy | str]:
    """The ORDER BY of each of the inbox's orders, each ending with the primary key so that pages never overlap."""
    if sort == SORT_NEWEST:
        return [F("received_at").desc(), "-pk"]
    if sort == SORT_OLDEST:
        return [F("received_at").asc(), "pk"]
    return [nearest_deadline().asc(nulls_last=True), "pk"]


def _inbox_narrowed(
    cases: QuerySet[Case], *, user: User, filters: InboxFilters, today: date
) -> QuerySet[Case]:
    """`cases` narrowed by the inbox's filters: the tab, the state, the unit, the kind, overdue and the text."""
    if filters.tab == TAB_MINE:
        cases = cases.filter(holder=user)
    if filters.state == STATE_OPEN:
        cases = cases.filter(state__in=OPEN_STATES)
    elif filters.state != STATE_ALL:
        cases = cases.filter(state=filters.state)
    if filters.unit is not None:
        cases = cases.filter(node_path__startswith=filters.unit.path)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.overdue:
        cases = cases.filter(state__in=CLOCK_RUNNING_STATES, inform_by__lt=today)
    return case_search(cases, filters.text)


def inbox_cases(
    *, user: User, filters: InboxFilters, today: date, paths: list[str] | None = None
) -> QuerySet[Case]:
    """The inbox's cases for `user` under `filters`, in the order `filters.sort` names (by default the nearest
    running deadline first, cases without one last). `paths`: cases.policy.reading_paths(user), when the caller
    has read them already."""
    cases = _inbox_narrowed(cases_visible_to(user, paths=paths), user=user, filters=filters, today=today)
    if filters.text:
        # A text search sorts all its matches before it takes a page, and PostgreSQL joins the unit, the holder and
        # the topic to every match first, hashing the whole user and node tables (3.5 of the query's 8 ms at a
        # million cases). So a search reads them for the page's rows alone (staff.presentation.inbox_rows); a page
        # without one walks an index in its order and joins them to those rows only.
        return cases.only(*INBOX_OWN_COLUMNS, "unit", "holder", "citizen_topic").order_by(
            *inbox_order(filters.sort)
        )
    return (
        cases.select_related("unit", "holder", "citizen_topic")
        # Only what a row shows: the case texts and the tsvector stay on disk.
        .only(*INBOX_COLUMNS)
        .order_by(*inbox_order(filters.sort))
    )


def outermost_paths(paths: list[str]) -> list[str]:
    """`paths` without those inside another of them: parts of the tree that do not overlap, in order."""
    ordered = sorted(set(paths))
    return [
        path for path in ordered if not any(path != other and path.startswith(other) for other in ordered)
    ]


# A text search counts its cases up to this many and then says "more than" (docs/decisions/0045).
SEARCH_COUNT_LIMIT = 1000


def inbox_count(
    *,
    user: User,
    filters: InboxFilters,
    today: date,
    paths: list[str] | None = None,
    at_most: int | None = None,
) -> int:
    """How many cases inbox_cases finds, counted in one query as the sum of parts that do not overlap: each part
    of the tree the user reads, and the cases they hold outside all of them (docs/decisions/0029).

    Counted as the inbox lists them (`holder OR path OR path`), PostgreSQL must OR several index scans into a
    bitmap and visit every matching row in the table. Each part alone is one range of an index (a path prefix, or
    the holder), which it can count from the index; the parts are disjoint, so their sum is the same number.

    `at_most`: count no further than this (a text search, counted up to SEARCH_COUNT_LIMIT + 1). Each part is then
    counted on its own with a LIMIT, which lets PostgreSQL walk the part's index and stop, instead of first
    collecting every case in the country that has the word (docs/decisions/0045)."""
    if paths is None:
        paths = reading_paths(user)
    if filters.tab == TAB_MINE or not paths:
        cases = inbox_cases(user=user, filters=filters, today=today, paths=paths)
        if at_most is not None:
            return cases.order_by().values_list("pk")[:at_most].count()
        return cases.count()
    outermost = outermost_paths(paths)
    outside = Q()
    for path in outermost:
        outside &= ~Q(node_path__startswith=path)
    parts = [Case.objects.filter(node_path__startswith=path) for path in outermost]
    parts.append(Case.objects.filter(outside, holder=user))
    narrowed = [
        _inbox_narrowed(part, user=user, filters=filters, today=today).values_list("pk") for part in parts
    ]
    if at_most is not None:
        total = 0
        for part in narrowed:
            total += part[: at_most - total].count()
            if total >= at_most:
                break
        return total
    return narrowed[0].union(*narrowed[1:], all=True).count()


def inform_days_left(case: Case, today: date) -> int | None:
    """Days left to inform the complainant (negative: overdue), or None when no clock runs."""
    if case.state not in CLOCK_RUNNING_STATES or case.inform_by is None:
        return None
    return (case.inform_by - today).days


# --- One case ---------------------------------------------------------------------------------------------------


def case_for_staff(*, user: User, pk: int, held: Iterable[tuple[str, str]] | None = None) -> Case | None:
    """The case, if `user` may see it; None otherwise (the caller answers 404 and so reveals nothing). `held`: the
    user's roles with their paths, when read already in this request (cases.policy.case_visible_to_user_id)."""
    if not is_staff_user(user):
        return None
    found = (
        case_visible_to_user_id(user.pk, pk, held=held)
        # "identity": the sender identified with BankID, if they were (citizen.CaseIdentity, masked number only).
        .select_related("unit", "holder", "organisation", "citizen_topic", "identity")
        # The search document is the database's alone: no page shows it, and it is the row's largest value.
        .defer("search_document")
    )
    # At most one row (the primary key): read without the ORDER BY that first() adds, which makes Django match
    # the ordering against each of the hundred-odd columns of the five related rows, on every case page.
    return next(iter(found), None)


def case_for_staff_read(
    *,
    user: User,
    pk: int,
    change: bool = False,
    data: dict[str, object] | None = None,
    held: Iterable[tuple[str, str]] | None = None,
) -> Case | None:
    """The one way a page, a form, a letter or the API opens a case for staff: the case, read with what the pages
    need, if `user` may see it (with `change`, may change it), and the read recorded in the audit trail
    (domain.md §8: every read is logged), with `data` (ids and codes only: which page, which document). None, with
    nothing recorded, for anyone else: the caller answers 404 and so reveals nothing."""
    case = case_for_staff(user=user, pk=pk, held=held)
    if case is None or (change and not can_change_case(user, case)):
        return None
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=user, data=data)
    return case


def attachment_for_staff(*, user: User, case_pk: int, attachment_pk: int) -> Attachment | None:
    """An attachment of a case `user` may see; None otherwise."""
    return (
        Attachment.objects.select_related("case")
        .filter(pk=attachment_pk, case__in=cases_visible_to(user).filter(pk=case_pk))
        .first()
    )


def case_attachments(case: Case) -> list[Attachment]:
    """The case's attachments, in the order they came."""
    return list(case.attachments.all())


def case_assignments(case: Case, *, people: bool = True) -> list[Assignment]:
    """Who held the case at each step, why, and who gave it to them, oldest first. Without `people`, the staff
    members are not read: the caller reads them with others (staff.selectors.handling_panel_data does)."""
    # A case has a handful: sorted here, not by the database, for the same reason as case_for_staff's read.
    related = ("assignee", "assigned_by", "node", "deputy_for") if people else ("node",)
    assignments = case.assignments.select_related(*related).order_by()
    return sorted(assignments, key=lambda assignment: (assignment.created_at, assignment.pk))


def case_changes(case: Case) -> list[Event]:
    """The audit events that are not reads, oldest first."""
    return list(
        Event.objects.filter(case=case)
        .exclude(action__in=READ_ACTIONS)
        .select_related("actor")
        .order_by("at", "pk")
    )


def case_reads(case: Case, *, limit: int = 50) -> list[Event]:
    """The most recent reads of the case (staff opening it, downloads, the sender following it), newest first."""
    return list(
        Event.objects.filter(case=case, action__in=READ_ACTIONS)
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
