"""Reads for the handling panel: what was said to and by the sender, internal notes, actions, and the ladder."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import people_attach
from cases.lifecycle import Operation, operations_for
from cases.models import (
    Action,
    Assignment,
    Attachment,
    Case,
    CaseKind,
    Escalation,
    Message,
    MessageKind,
    Note,
)
from cases.policy import CHANGING_ROLES, can_change_case
from cases.selectors import case_assignments
from cases.services import next_step_available
from organisations.models import OrgNode, Role, RoleAssignment
from organisations.selectors import ladder_holder_ids, node_ids_on_path, organisation_root


@dataclass
class LadderStepView:
    number: int
    role_label: str
    holders: list[Assignment] = field(default_factory=list)
    escalation: Escalation | None = None
    informed_on: datetime | None = None
    is_current: bool = False
    is_passed: bool = False


@dataclass
class PanelData:
    case: Case
    messages: list[Message]
    notes: list[Note]
    actions: list[Action]
    ladder: list[LadderStepView]
    escalations: list[Escalation]
    operations: set[str]
    actions_open: int
    at_top: bool
    today: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def handling_panel_data(
    *,
    case: Case,
    assignments: list[Assignment] | None = None,
    attachments: list[Attachment] | None = None,
) -> PanelData:
    """Everything the panel shows, in a fixed number of queries whatever the size of the case. The people the lists
    name are read in one query for all of them (accounts.selectors.people_attach).

    `assignments` and `attachments` (all of the case's) may be passed when the caller has read them already, as
    the staff case page has for its history and its list of files. Each message gets `files`: its attachments.
    Each query costs more in Python (building the SQL) than in the database, so the ladder is read only for
    complaints, the only kind that climbs it.
    """
    messages = list(case.messages.order_by("created_at", "pk"))
    if attachments is None:
        attachments = list(case.attachments.filter(message__isnull=False))
    files: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.message_id is not None:
            files.setdefault(attachment.message_id, []).append(attachment)
    for message in messages:
        message.files = files.get(message.pk, [])  # type: ignore[attr-defined]
    notes = list(case.notes.order_by("created_at", "pk"))
    actions = list(case.actions.order_by("created_at", "pk"))
    operations = {str(op) for op in operations_for(state=case.state, kind=case.kind)}
    steps: list[LadderStepView] = []
    escalation_list: list[Escalation] = []
    at_top = False
    if case.kind == CaseKind.COMPLAINT:
        if assignments is None:
            assignments = case_assignments(
                case, people=False
            )  # their people are read below, with the others'
        escalation_list = list(case.escalations.order_by("created_at", "pk"))
        escalations = {e.to_step: e for e in escalation_list}
        ladder = ladder_holder_ids(case.organisation_id, case.node_path)  # steps and holders: one query
        roles = [role for role, _ in ladder]
        for number, role in enumerate(roles, start=1):
            step = LadderStepView(
                number=number,
                role_label=_role_label(role),
                holders=[a for a in assignments if a.step == number],
                escalation=escalations.get(number),
                is_current=number == case.step,
                is_passed=number < case.step,
            )
            informed = [m for m in messages if m.kind == MessageKind.INFORMATION and m.step == number]
            step.informed_on = informed[-1].created_at if informed else None
            steps.append(step)
        # The top is where nobody above can take the case: the last step, or every step above it unheld.
        at_top = case.is_open and not next_step_available(case, ladder=ladder)
    # Who wrote, answers for, followed up, asked or held the case: one query for the people of all the lists (the
    # assignments' too, which the staff case page reads without them).
    people_attach(
        [
            *((message, "author") for message in messages),
            *((note, "author") for note in notes),
            *(
                (action, name)
                for action in actions
                for name in ("responsible", "followed_up_by", "created_by")
            ),
            *((escalation, "requested_by") for escalation in escalation_list),
            *(
                (assignment, name)
                for assignment in assignments or []
                for name in ("assignee", "assigned_by", "deputy_for")
            ),
        ]
    )
    if Operation.ESCALATE in operations and at_top:
        operations.discard(str(Operation.ESCALATE))
    return PanelData(
        case=case,
        messages=messages,
        notes=notes,
        actions=actions,
        ladder=steps,
        escalations=escalation_list,
        operations=operations,
        actions_open=sum(1 for a in actions if a.followed_up_at is None),
        at_top=at_top,
    )


@dataclass
class HandlingOffer:
    """What the case page offers this reader: the handling pages that will succeed, and which actions they may
    follow up."""

    may_change: bool
    offered: set[str]
    may_follow_up: bool


def handling_offer(*, case: Case, data: PanelData, user: object) -> HandlingOffer:
    """Only what will succeed: someone who may read the case but not change it (a quality developer) is offered
    nothing. The staff case page reads the answer with the case (cases.policy.case_visible_to_user_id); anywhere
    else it is asked here."""
    may_change = getattr(case, "may_change", None)
    if may_change is None:
        may_change = can_change_case(user, case)
    operations = data.operations if may_change else set()
    offered = {op for op in operations if op != Operation.ACTION_FOLLOW_UP}
    # Praise is thanked, not answered: one way to close, not two.
    if case.kind == CaseKind.PRAISE and Operation.THANK_AND_CLOSE in offered:
        offered.discard(Operation.ANSWER_AND_CLOSE)
    if case.possible_serious_deficiency:
        offered.discard(Operation.FLAG)
    return HandlingOffer(
        may_change=bool(may_change),
        offered=offered,
        may_follow_up=Operation.ACTION_FOLLOW_UP in operations,
    )


def case_node(case: Case) -> OrgNode:
    return case.unit if case.unit is not None else organisation_root(case.organisation)


def staff_on_path(case: Case) -> QuerySet[User]:
    """People who hold a case-handling role at the case's unit or above it: who may take it or answer for an action."""
    user_ids = RoleAssignment.objects.filter(
        node_id__in=node_ids_on_path(case_node(case)), role__in=CHANGING_ROLES, user__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids).order_by("first_name", "last_name", "pk")


def reassign_candidates(case: Case) -> QuerySet[User]:
    """Who the case may be given to: staff on its path, except its holder."""
    return staff_on_path(case).exclude(pk__in=[case.holder_id] if case.holder_id else [])


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
