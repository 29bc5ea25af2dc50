"""The lifecycle of a Lex Sarah record (domain.md §11): one table of what each state allows and where it leads.

    reported ──start investigation──▶ investigating ──assess──▶ assessed
                                         (record the investigation, as often as needed, before the assessment)
    assessed ──report to IVO──▶ reported to IVO ──close──▶ closed     (a serious deficiency, or a clear risk of one)
    assessed ──close without a report──▶ closed                         (neither)
    reported to IVO, closed ──record IVO's reference number──▶ (the same state)

The services in lexsarah/services.py call `require` before they change anything, so that every caller (the pages,
the demo, a command) meets the same refusals; the pages ask `operations_for` to offer only what will succeed.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lexsarah.models import REPORTABLE, Assessment, LexSarahRecord, LexSarahState


class Operation(StrEnum):
    START_INVESTIGATION = "start_investigation"
    RECORD_INVESTIGATION = "record_investigation"
    ASSESS = "assess"
    REPORT_TO_IVO = "report_to_ivo"
    RECORD_IVO_REFERENCE = "record_ivo_reference"
    CLOSE = "close"
    LINK_CASE = "link_case"


class Guard(StrEnum):
    """A condition on the record besides its state."""

    NONE = ""
    INVESTIGATION_COMPLETE = (
        "investigation_complete"  # what happened, consequences, causes and actions recorded
    )
    REPORTABLE = "reportable"  # assessed as a serious deficiency or a clear risk of one
    NOT_REPORTABLE = "not_reportable"  # assessed as neither
    SENT_TO_IVO = "sent_to_ivo"
    NO_CASE = "no_case"


@dataclass(frozen=True)
class Transition:
    source: str
    operation: Operation
    target: str
    guard: Guard = Guard.NONE


S = LexSarahState
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.REPORTED, Operation.START_INVESTIGATION, S.INVESTIGATING),
    Transition(S.INVESTIGATING, Operation.RECORD_INVESTIGATION, S.INVESTIGATING),
    Transition(S.INVESTIGATING, Operation.ASSESS, S.ASSESSED, Guard.INVESTIGATION_COMPLETE),
    Transition(S.ASSESSED, Operation.REPORT_TO_IVO, S.REPORTED_TO_IVO, Guard.REPORTABLE),
    Transition(S.ASSESSED, Operation.CLOSE, S.CLOSED, Guard.NOT_REPORTABLE),
    Transition(S.REPORTED_TO_IVO, Operation.CLOSE, S.CLOSED),
    Transition(S.REPORTED_TO_IVO, Operation.RECORD_IVO_REFERENCE, S.REPORTED_TO_IVO),
    Transition(S.CLOSED, Operation.RECORD_IVO_REFERENCE, S.CLOSED, Guard.SENT_TO_IVO),
    *(Transition(state, Operation.LINK_CASE, state, Guard.NO_CASE) for state in S if state != S.CLOSED),
)
TABLE: dict[tuple[str, Operation], Transition] = {(t.source, t.operation): t for t in TRANSITIONS}


class LexSarahError(Exception):
    """A refusal, with a message that can be shown to the person who asked (lazy, translated)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


GUARD_MESSAGES: dict[Guard, Promise] = {
    Guard.INVESTIGATION_COMPLETE: _(
        "Record the investigation first: what happened and when, the consequences for the person, the causes found "
        "and the actions taken or planned."
    ),
    Guard.REPORTABLE: _("Only a serious deficiency, or a clear risk of one, is reported to IVO."),
    Guard.NOT_REPORTABLE: _(
        "A serious deficiency, or a clear risk of one, must be reported to IVO before the record is closed."
    ),
    Guard.SENT_TO_IVO: _("The record was not reported to IVO."),
    Guard.NO_CASE: _("The record is already linked to a case."),
}


def _guard_holds(guard: Guard, record: LexSarahRecord) -> bool:
    if guard == Guard.INVESTIGATION_COMPLETE:
        return record.investigation_complete
    if guard == Guard.REPORTABLE:
        return record.assessment in REPORTABLE
    if guard == Guard.NOT_REPORTABLE:
        return record.assessment == Assessment.NEITHER
    if guard == Guard.SENT_TO_IVO:
        return record.ivo_reported_on is not None
    if guard == Guard.NO_CASE:
        return record.case_id is None
    return True


def require(record: LexSarahRecord, operation: Operation) -> str:
    """The state the operation leads to; LexSarahError, with a message a person can act on, if it is not allowed."""
    transition = TABLE.get((record.state, operation))
    if transition is None:
        if record.state == S.CLOSED:
            raise LexSarahError(_("The record is closed; nothing more can be done with it."))
        raise LexSarahError(_("This cannot be done in the record's present state."))
    if not _guard_holds(transition.guard, record):
        raise LexSarahError(GUARD_MESSAGES[transition.guard])
    return transition.target


def allowed(record: LexSarahRecord, operation: Operation) -> bool:
    transition = TABLE.get((record.state, operation))
    return transition is not None and _guard_holds(transition.guard, record)


def operations_for(record: LexSarahRecord) -> set[Operation]:
    """What the state allows now (guards aside, except those that hide a step altogether), for the page: the
    assessment is offered during the investigation, and says what is missing if it is tried too early."""
    offered = set()
    for (source, operation), transition in TABLE.items():
        if source != record.state:
            continue
        if transition.guard == Guard.INVESTIGATION_COMPLETE or _guard_holds(transition.guard, record):
            offered.add(operation)
    return offered
