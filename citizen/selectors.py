"""Reads for the citizen's case page. Only what the citizen may see: never notes, actions or staff names."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cases.lifecycle import Operation, allowed
from cases.models import Attachment, Case, CaseKind, CaseState, Message
from cases.services import next_step_available
from organisations.models import Role
from organisations.selectors import ladder_holder_ids


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    step: int
    steps: int
    step_role: str  # the role's label at the current step
    inform_by: date | None
    is_overdue: bool
    can_reply: bool
    can_escalate: bool
    can_withdraw: bool
    show_ivo: bool
    at_top: bool


def case_for_citizen(case_id: int) -> Case | None:
    return Case.objects.select_related("organisation", "unit").filter(pk=case_id).first()


def messages_for_citizen(case: Case) -> QuerySet[Message]:
    """Every message both ways, in order, with the attachments that belong to each."""
    return Message.objects.filter(case=case).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "pk"))
    )


def attachment_for_citizen(case: Case, attachment_id: int) -> Attachment | None:
    """An attachment the citizen may open: one they sent, or one that came with a message to them."""
    return (
        Attachment.objects.filter(case=case, pk=attachment_id)
        .filter(Q(from_citizen=True) | Q(message__isnull=False))
        .first()
    )


def case_overview(case: Case, *, today: date | None = None) -> CaseOverview:
    """What the case page says about where the case stands and what the citizen can do now."""
    today = today or timezone.localdate()
    holders = ladder_holder_ids(case.organisation_id, case.node_path)  # the ladder and its holders: one query
    ladder = [role for role, _ in holders]
    steps = max(len(ladder), case.step)
    role = ladder[case.step - 1] if 0 < case.step <= len(ladder) else ""
    step_role = str(Role(role).label) if role in Role.values else ""
    waiting = case.state == CaseState.REGISTERED and case.inform_by is not None
    is_complaint = case.kind == CaseKind.COMPLAINT
    # The top is where nobody above holds a role of the ladder (a small provider may have two steps).
    at_top = is_complaint and not next_step_available(case, ladder=holders)
    can_escalate = (
        is_complaint
        and not at_top
        and allowed(state=case.state, kind=case.kind, operation=Operation.ESCALATE)
    )
    return CaseOverview(
        case=case,
        step=case.step,
        steps=steps,
        step_role=step_role,
        inform_by=case.inform_by if waiting else None,
        is_overdue=waiting and case.inform_by is not None and case.inform_by < today,
        can_reply=allowed(state=case.state, kind=case.kind, operation=Operation.MESSAGE),
        can_escalate=can_escalate,
        can_withdraw=allowed(state=case.state, kind=case.kind, operation=Operation.WITHDRAW),
        # After the last step, when staff suspect a serious deficiency, or once a complaint is closed (someone not
        # satisfied with how it was handled can turn to IVO: domain.md §5, §6).
        show_ivo=case.possible_serious_deficiency
        or (is_complaint and (at_top or case.state == CaseState.CLOSED)),
        at_top=at_top,
    )


def cases_for_person(person_key: str) -> QuerySet[Case]:
    """Every case tied to the person, in every organisation of the installation, newest first."""
    return (
        Case.objects.filter(identity__person_key=person_key)
        .select_related("organisation")
        .order_by("-received_at", "-pk")
    )


def case_for_person(person_key: str, case_id: int) -> Case | None:
    return cases_for_person(person_key).filter(pk=case_id).first()
