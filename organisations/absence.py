"""Absence and deputies (issue 17, item 4): a manager records that someone is away and who stands in for them;
while the absence lasts, routing gives the deputy the cases that would have gone to the person.

The rules, in one place:

- **Who may set or end an absence.** A manager (unit manager, deputy head or head of operations) whose part of the
  tree covers *every* node where the person holds a role that receives cases, in that organisation: the unit
  manager for the people of their units, the deputy head for their area, the head of operations for everyone. A
  person who also works at a unit outside the manager's part is refused with the name of that unit: the absence
  changes where that unit's cases go too, so a manager above both must decide. A manager may record their own
  absence (they plan their holidays); nobody is their own deputy.
- **Who may be the deputy.** An active member of staff who could hold every case the person could be given: for
  every node where the person holds a role that receives cases, the deputy holds such a role on that node or
  above it (so the deputy sees and may change the cases there, cases/policy.py). Checked when the absence is set,
  and again for each case when it is routed, since roles change.
- **Dates.** Whole days, both included, as managers plan them; the last day may be left open ("until further
  notice": sick leave seldom has a known end), and the list of absences shows such ones as open so that they are
  not forgotten. An absence wholly in the past changes nothing and is refused; the first day may be in the past
  ("sick since Monday"), which records the truth without rewriting where past cases went. Ending one takes effect
  at once; its planned dates are kept.
- **Overlaps.** One person has at most one absence at a time in an organisation: a new one that overlaps one not
  yet ended is refused, naming the dates of the other; to change the deputy, end the absence and set a new one.
- **Chains.** If the deputy is away too, their own deputy takes the case, and so on; a person met twice ends the
  chain (a cycle), and so does a deputy who cannot hold the case. Then the rules as they were apply: the holder
  the ladder chose keeps the case, and its history says that they were away with no deputy who could take it.

Everything that changes an absence is here, audited in the hash chain; the organisations app imports nothing of
cases (the leaving move, which moves cases, is cases/services/handover.py).
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import formats, timezone
from django.utils.translation import gettext

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from organisations.models import Absence, Organisation, Role, RoleAssignment
from organisations.selectors import (
    LadderRow,
    ladder_from_rows,
    ladder_roles_by_id,
    ladder_rows,
    path_node_ids,
)

# The roles that hold cases: every role that may change a case (cases.policy.CHANGING_ROLES, which a test holds
# equal to this; the organisations app imports nothing of cases). The administrator keeps the organisation, the
# quality developer and the person responsible for Lex Sarah read; the archivist reads no case.
HANDLING_ROLES = [
    role
    for role in Role.values
    if role not in (Role.ADMINISTRATOR, Role.QUALITY_DEVELOPER, Role.LEX_SARAH, Role.ARCHIVIST)
]
# The roles that set absences and move a leaving person's cases: the managers of the ladder.
MANAGER_ROLES = [Role.UNIT_MANAGER, Role.DEPUTY_HEAD, Role.HEAD_OF_OPERATIONS]

# However the chain of deputies is drawn, routing follows at most this many: a guard beside the cycle check.
CHAIN_LIMIT = 20


# --- who manages whom -----------------------------------------------------------------------------------------


def _covered(path: str, paths: list[str]) -> bool:
    return any(path.startswith(prefix) for prefix in paths)


def _outermost(paths: list[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not _covered(path, kept):
            kept.append(path)
    return kept


def managed_paths(user: User, *, organisation: Organisation | None = None) -> list[str]:
    """The parts of the tree where `user` is a manager of the ladder (each path covers its subtree)."""
    if not user.is_active:
        return []
    assignments = RoleAssignment.objects.filter(user=user, role__in=MANAGER_ROLES)
    if organisation is not None:
        assignments = assignments.filter(node__organisation=organisation)
    return _outermost(list(assignments.values_list("node__path", flat=True)))


def is_manager(user: object) -> bool:
    """Whether `user` may use the absence pages at all: an active manager of the ladder somewhere."""
    return (
        isinstance(user, User)
        and user.is_active
        and RoleAssignment.objects.filter(user=user, role__in=MANAGER_ROLES).exists()
    )


def _handling_assignments(person: User, organisation: Organisation) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(user=person, node__organisation=organisation, role__in=HANDLING_ROLES)
        .select_related("node")
        .order_by("node__path", "pk")
    )


def person_refusal(*, manager: User, person: User, organisation: Organisation) -> str | None:
    """Why `manager` may not set an absence for `person` or move their cases in `organisation`, or None."""
    paths = managed_paths(manager, organisation=organisation)
    if not paths:
        return gettext("Only a unit manager, deputy head or head of operations can do this.")
    held = _handling_assignments(person, organisation)
    if not held or not any(_covered(a.node.path, paths) for a in held):
        return gettext("%(name)s receives no cases in your part of the organisation.") % {
            "name": display_name(person)
        }
    outside = [a.node.name for a in held if not _covered(a.node.path, paths)]
    if outside:
        return gettext(
            "%(name)s also receives cases at %(places)s, outside your part of the organisation: a manager "
            "above both must do this."
        ) % {"name": display_name(person), "places": ", ".join(dict.fromkeys(outside))}
    return None


def deputy_refusal(*, person: User, deputy: User, organisation: Organisation) -> str | None:
    """Why `deputy` cannot stand in for `person` in `organisation`, or None (the rule in the module's docstring)."""
    if deputy.pk == person.pk:
        return gettext("A person cannot be their own deputy: choose someone else.")
    if not deputy.is_active:
        return gettext("%(name)s's account is turned off: choose someone else.") % {
            "name": display_name(deputy)
        }
    nodes = {a.node.pk: a.node for a in _handling_assignments(person, organisation)}
    deputy_node_ids = set(
        RoleAssignment.objects.filter(
            user=deputy, node__organisation=organisation, role__in=HANDLING_ROLES
        ).values_list("node_id", flat=True)
    )
    uncovered = [
        node.name for node in nodes.values() if not deputy_node_ids.intersection(path_node_ids(node.path))
    ]
    if uncovered:
        return gettext(
            "%(deputy)s cannot hold %(name)s's cases at %(places)s: the deputy needs a role that receives "
            "cases there or above it."
        ) % {
            "deputy": display_name(deputy),
            "name": display_name(person),
            "places": ", ".join(uncovered),
        }
    return None


def holding_role(user_id: int, node_path: str) -> RoleAssignment | None:
    """The role through which `user_id` may hold a case at the node of `node_path`: a role that receives cases on
    that node or above it, the nearest first; None if they have none (or their account is turned off)."""
    return (
        RoleAssignment.objects.filter(
            user_id=user_id,
            user__is_active=True,
            node_id__in=path_node_ids(node_path),
            role__in=HANDLING_ROLES,
        )
        .select_related("node")
        .order_by("-node__path", "pk")
        .first()
    )


def holders_on_paths(*, organisation: Organisation, paths: list[str]) -> dict[str, list[RoleAssignment]]:
    """For each node path, the people who could hold a case there: each active person's role that receives
    cases on that node or the nearest above it (with `user` and `node` loaded), by name. One query for them all:
    what the leaving move offers and checks for every case at once."""
    node_ids = {node_id for path in paths for node_id in path_node_ids(path)}
    assignments = list(
        RoleAssignment.objects.filter(
            node__organisation=organisation,
            node_id__in=node_ids,
            role__in=HANDLING_ROLES,
            user__is_active=True,
        )
        .select_related("user", "node")
        .order_by("pk")
    )
    found: dict[str, list[RoleAssignment]] = {}
    for path in set(paths):
        rank = {node_id: position for position, node_id in enumerate(path_node_ids(path))}
        nearest: dict[int, RoleAssignment] = {}
        for assignment in assignments:
            if assignment.node_id not in rank:
                continue
            current = nearest.get(assignment.user_id)
            if current is None or rank[assignment.node_id] < rank[current.node_id]:
                nearest[assignment.user_id] = assignment
        found[path] = sorted(nearest.values(), key=lambda a: (display_name(a.user).casefold(), a.user_id))
    return found


# --- who is away ----------------------------------------------------------------------------------------------


def _away_on(at: datetime) -> Q:
    """Absences in force at the moment `at`: begun, not past their last day, not ended."""
    today = timezone.localdate(at)
    return (
        Q(starts_on__lte=today)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        & (Q(ended_at__isnull=True) | Q(ended_at__gt=at))
    )


def absence_now(*, person_id: int, organisation_id: int, at: datetime | None = None) -> Absence | None:
    """The absence of `person_id` in force at `at` (now), or None: one indexed query."""
    return (
        Absence.objects.filter(
            _away_on(at or timezone.now()), person_id=person_id, organisation_id=organisation_id
        )
        .order_by("pk")
        .first()
    )


class Away(NamedTuple):
    """An absence in force, as following a chain of deputies needs it."""

    pk: int
    deputy_id: int


# The mark of an absence's row among the ladder's rows (ladder_and_absences): no role is called this.
_AWAY_ROW = "~away"


def ladder_and_absences(
    organisation_id: int, path: str, *, at: datetime
) -> tuple[list[tuple[str, tuple[int, int] | None]], dict[int, Away]]:
    """organisations.selectors.ladder_holder_ids, and the organisation's absences in force at `at` by the absent
    person's id, in the one query: what routing a new case needs (cases.routing), which so reads who is away in
    the same round trip as who holds each step."""
    node_ids = path_node_ids(path)
    away_rows = (
        Absence.objects.filter(_away_on(at), organisation_id=organisation_id)
        .order_by()
        .values_list(Value(_AWAY_ROW), "person_id", "deputy_id", "pk")
    )
    if not node_ids:
        ladder: list[tuple[str, tuple[int, int] | None]] = [
            (role, None) for role in ladder_roles_by_id(organisation_id)
        ]
        rows: list[LadderRow] = list(away_rows)
    else:
        rows = list(ladder_rows(organisation_id, node_ids).union(away_rows, all=True).order_by())
    away: dict[int, Away] = {}
    for _mark, person_id, deputy_id, pk in sorted(
        (row for row in rows if row[0] == _AWAY_ROW), key=lambda r: r[3]
    ):
        assert person_id is not None and deputy_id is not None
        away.setdefault(person_id, Away(pk, deputy_id))  # the earliest absence first, as absence_now
    if node_ids:
        ladder = ladder_from_rows((row for row in rows if row[0] != _AWAY_ROW), node_ids)
    return ladder, away


@dataclass(frozen=True)
class Deputising:
    """What routing does when the holder it chose is away.

    `receiver_id` gets the case: the deputy at the end of the chain, or, when no deputy can take it (`fallback`
    says why: "cycle" or "cannot_hold"), the absent holder, as before this rule. `absent_id` is the holder the
    ladder chose; `via_ids` the deputies passed over because they are away too; `absence_ids` the absences
    followed.
    """

    receiver_id: int
    absent_id: int
    via_ids: tuple[int, ...]
    absence_ids: tuple[int, ...]
    fallback: str = ""

    @property
    def by_deputy(self) -> bool:
        return not self.fallback

    def audit_data(self) -> dict[str, Any]:
        """What the audit event of the assignment adds: ids and codes only."""
        if self.by_deputy:
            return {
                "deputy_for": self.absent_id,
                "via": list(self.via_ids),
                "absences": list(self.absence_ids),
            }
        return {"holder_absent": True, "no_deputy": self.fallback, "absences": list(self.absence_ids)}


def deputy_for(
    *,
    holder_id: int,
    organisation_id: int,
    node_path: str,
    at: datetime | None = None,
    in_force: dict[int, Away] | None = None,
) -> Deputising | None:
    """Who takes a case at the node of `node_path` that routing gives to `holder_id`, if they are away at `at`.

    None when the holder is not away (the common case: one indexed query). Otherwise the chain of deputies is
    followed until someone present who can hold the case (organisations.absence.holding_role) is found; a person
    met twice (a cycle), a deputy who cannot hold the case, or a chain longer than CHAIN_LIMIT ends it, and the
    holder keeps the case (Deputising.fallback says why). `in_force`: the organisation's absences in force at
    `at` by person (ladder_and_absences), when the caller has read them: then nobody's absence is queried.
    """
    at = at or timezone.now()

    def away(person_id: int) -> Away | None:
        if in_force is not None:
            return in_force.get(person_id)
        found = absence_now(person_id=person_id, organisation_id=organisation_id, at=at)
        return Away(found.pk, found.deputy_id) if found is not None else None

    absence = away(holder_id)
    if absence is None:
        return None
    seen = [holder_id]
    absences = [absence.pk]
    fallback = "cycle"
    while len(seen) <= CHAIN_LIMIT:
        deputy_id = absence.deputy_id
        if deputy_id in seen:
            break
        next_absence = away(deputy_id)
        if next_absence is None:
            if holding_role(deputy_id, node_path) is None:
                fallback = "cannot_hold"
                break
            return Deputising(
                receiver_id=deputy_id,
                absent_id=holder_id,
                via_ids=tuple(seen[1:]),
                absence_ids=tuple(absences),
            )
        seen.append(deputy_id)
        absences.append(next_absence.pk)
        absence = next_absence
    return Deputising(
        receiver_id=holder_id,
        absent_id=holder_id,
        via_ids=tuple(seen[1:]),
        absence_ids=tuple(absences),
        fallback=fallback,
    )


def absences_in_force(
    organisation_ids: list[int], *, at: datetime | None = None
) -> dict[tuple[int, int], Absence]:
    """Every absence in force at `at` (now) in these organisations, by (organisation id, person id), with the
    deputy loaded: one query, for pages that follow several chains."""
    found: dict[tuple[int, int], Absence] = {}
    for absence in (
        Absence.objects.filter(_away_on(at or timezone.now()), organisation_id__in=organisation_ids)
        .select_related("deputy")
        .order_by("-pk")
    ):
        found[(absence.organisation_id, absence.person_id)] = absence
    return found


def deputy_chain(absence: Absence, in_force: dict[tuple[int, int], Absence]) -> list[User]:
    """The deputies who would take the person's new cases now, in order (the last one, present, receives them),
    from the absences in force (absences_in_force). For the list of absences: no case, so no check that they can
    hold one. Stops before anyone met twice."""
    chain: list[User] = []
    seen = {absence.person_id}
    current: Absence | None = absence
    while current is not None and current.deputy_id not in seen and len(chain) < CHAIN_LIMIT:
        chain.append(current.deputy)
        seen.add(current.deputy_id)
        current = in_force.get((absence.organisation_id, current.deputy_id))
    return chain


def covered_people(manager: User, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of the (organisation id, person id) pairs, those whose absences `manager` may set and end (person_refusal
    finds nothing), in two queries for them all."""
    if not pairs:
        return set()
    managed: dict[int, list[str]] = {}
    for organisation_id, path in RoleAssignment.objects.filter(
        user=manager, user__is_active=True, role__in=MANAGER_ROLES
    ).values_list("node__organisation_id", "node__path"):
        managed.setdefault(organisation_id, []).append(path)
    places: dict[tuple[int, int], list[str]] = {}
    for organisation_id, person_id, path in RoleAssignment.objects.filter(
        user_id__in={person_id for _, person_id in pairs},
        node__organisation_id__in={organisation_id for organisation_id, _ in pairs},
        role__in=HANDLING_ROLES,
    ).values_list("node__organisation_id", "user_id", "node__path"):
        places.setdefault((organisation_id, person_id), []).append(path)
    return {
        pair
        for pair in pairs
        if places.get(pair) and all(_covered(path, managed.get(pair[0], [])) for path in places[pair])
    }


# --- setting and ending ---------------------------------------------------------------------------------------


def display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def period_text(absence: Absence) -> str:
    """The period in words, in the active language: from 1 July 2026 to 21 July 2026, or from … until further
    notice."""
    if absence.ends_on is None:
        return gettext("from %(start)s until further notice") % {"start": _day(absence.starts_on)}
    return gettext("from %(start)s to %(end)s") % {
        "start": _day(absence.starts_on),
        "end": _day(absence.ends_on),
    }


def _absence_data(absence: Absence) -> dict[str, Any]:
    return {
        "organisation": absence.organisation_id,
        "absence": absence.pk,
        "person": absence.person_id,
        "deputy": absence.deputy_id,
        "starts_on": absence.starts_on.isoformat(),
        "ends_on": absence.ends_on.isoformat() if absence.ends_on else None,
    }


@transaction.atomic
def absence_set(
    *,
    organisation: Organisation,
    person: User,
    deputy: User,
    starts_on: date,
    ends_on: date | None,
    acting_user: User,
) -> Absence:
    """Record that `person` is away from `starts_on` through `ends_on` (None: until further notice), with
    `deputy` standing in: new and escalated cases meant for them go to the deputy meanwhile. Refused, with a
    sentence that says why (ValidationError), when the acting manager does not cover the person, the deputy
    cannot hold their cases, the dates are wrong, or it overlaps another absence of theirs."""
    refusal = person_refusal(manager=acting_user, person=person, organisation=organisation)
    if refusal:
        raise ValidationError(refusal, code="scope")
    refusal = deputy_refusal(person=person, deputy=deputy, organisation=organisation)
    if refusal:
        raise ValidationError(refusal, code="deputy")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(gettext("The last day away cannot be before the first day."), code="dates")
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError(
            gettext("The last day away has passed: an absence wholly in the past changes nothing."),
            code="past",
        )
    # Two managers setting absences for the same person at once: the second waits for the first, then sees it.
    User.objects.select_for_update().filter(pk=person.pk).first()
    overlapping = (
        Absence.objects.filter(organisation=organisation, person=person, ended_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        .order_by("starts_on")
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    other = overlapping.first()
    if other is not None:
        raise ValidationError(
            gettext("%(name)s is already away %(period)s. End that absence first, or choose days outside it.")
            % {"name": display_name(person), "period": period_text(other)},
            code="overlap",
        )
    absence = Absence.objects.create(
        organisation=organisation,
        person=person,
        deputy=deputy,
        starts_on=starts_on,
        ends_on=ends_on,
        set_by=acting_user,
    )
    audit_record(action=Action.ABSENCE_SET, actor=acting_user, data=_absence_data(absence))
    return absence


@transaction.atomic
def absence_end(*, absence: Absence, acting_user: User) -> Absence:
    """End an absence now (the person is back, or it was set by mistake): from this moment their new cases come to
    them again. The planned dates are kept. Refused for a manager who does not cover the person."""
    absence = Absence.objects.select_for_update().select_related("person", "organisation").get(pk=absence.pk)
    refusal = person_refusal(manager=acting_user, person=absence.person, organisation=absence.organisation)
    if refusal:
        raise ValidationError(refusal, code="scope")
    if absence.ended_at is not None:
        raise ValidationError(gettext("This absence has already been ended."), code="ended")
    absence.ended_at = timezone.now()
    absence.ended_by = acting_user
    absence.save(update_fields=["ended_at", "ended_by"])
    audit_record(
        action=Action.ABSENCE_ENDED,
        actor=acting_user,
        data={
            **_absence_data(absence),
            "early": absence.ends_on is None or absence.ends_on >= timezone.localdate(),
        },
    )
    return absence


# --- what the manager's pages read ----------------------------------------------------------------------------


def _under(paths: list[str], field: str = "node__path") -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths), Q(pk__in=[]))


def absences_for_manager(manager: User) -> QuerySet[Absence]:
    """The absences of the people who receive cases in the manager's part of the tree, newest first."""
    paths = managed_paths(manager)
    if not paths:
        return Absence.objects.none()
    works_here = RoleAssignment.objects.filter(user=OuterRef("person"), role__in=HANDLING_ROLES).filter(
        _under(paths)
    )
    return (
        Absence.objects.filter(Exists(works_here))
        .select_related("person", "deputy", "set_by", "ended_by", "organisation")
        .order_by("-starts_on", "-pk")
    )


def is_current_or_planned(absence: Absence, today: date) -> bool:
    return absence.ended_at is None and (absence.ends_on is None or absence.ends_on >= today)


@dataclass(frozen=True)
class Person:
    """A member of staff as the manager's forms offer them: their name and where they receive cases."""

    user: User
    organisation: Organisation
    places: str

    @property
    def label(self) -> str:
        return f"{display_name(self.user)} – {self.places}" if self.places else display_name(self.user)


def _people(assignments: QuerySet[RoleAssignment]) -> list[Person]:
    grouped: dict[tuple[int, int], list[RoleAssignment]] = {}
    for assignment in assignments.select_related("user", "node__organisation").order_by("node__path", "pk"):
        grouped.setdefault((assignment.user_id, assignment.node.organisation_id), []).append(assignment)
    people = [
        Person(
            user=rows[0].user,
            organisation=rows[0].node.organisation,
            places="; ".join(f"{a.get_role_display()}, {a.node.name}" for a in rows),
        )
        for rows in grouped.values()
    ]
    return sorted(people, key=lambda p: (display_name(p.user).casefold(), p.user.pk, p.organisation.pk))


def people_managed(manager: User, *, active_only: bool = True) -> list[Person]:
    """The people who receive cases in the manager's part of the tree (whose absence they may set, unless the
    person also works outside it: absence_set says so). `active_only=False` adds those whose account is turned
    off, whose cases may still need moving."""
    paths = managed_paths(manager)
    if not paths:
        return []
    assignments = RoleAssignment.objects.filter(role__in=HANDLING_ROLES).filter(_under(paths))
    if active_only:
        assignments = assignments.filter(user__is_active=True)
    return _people(assignments)


def has_handling_role(person: User, organisation: Organisation) -> bool:
    """Whether the person still receives cases somewhere in the organisation (someone who has left does not)."""
    return RoleAssignment.objects.filter(
        user=person, node__organisation=organisation, role__in=HANDLING_ROLES
    ).exists()


def deputy_candidates(manager: User) -> list[Person]:
    """Whom the manager may choose as a deputy: people who receive cases in the manager's part of the tree or on
    a node above it (only they can cover someone there)."""
    paths = managed_paths(manager)
    if not paths:
        return []
    above = {node_id for path in paths for node_id in path_node_ids(path)}
    return _people(
        RoleAssignment.objects.filter(role__in=HANDLING_ROLES, user__is_active=True).filter(
            _under(paths) | Q(node_id__in=above)
        )
    )


def roles_in_part(*, manager: User, person: User, organisation: Organisation) -> list[RoleAssignment]:
    """The person's roles on nodes in the manager's part of the tree: what the leaving move may end."""
    paths = managed_paths(manager, organisation=organisation)
    if not paths:
        return []
    return list(
        RoleAssignment.objects.filter(user=person, node__organisation=organisation)
        .filter(_under(paths))
        .select_related("node")
        .order_by("node__path", "role")
    )


__all__ = [
    "HANDLING_ROLES",
    "MANAGER_ROLES",
    "Deputising",
    "Person",
    "absence_end",
    "absence_now",
    "absence_set",
    "absences_for_manager",
    "absences_in_force",
    "covered_people",
    "deputy_candidates",
    "deputy_chain",
    "deputy_for",
    "deputy_refusal",
    "has_handling_role",
    "holders_on_paths",
    "holding_role",
    "is_manager",
    "managed_paths",
    "people_managed",
    "period_text",
    "person_refusal",
    "roles_in_part",
]
