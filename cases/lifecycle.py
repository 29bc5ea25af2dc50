"""The lifecycle of a case: which operations each state and each kind allows (domain.md §4, style.md).

The services in cases/handling.py call `require` before they change anything, so that the rules live here, in one
table, and every caller (staff views, the citizen's page, the API, commands) meets the same refusals.

    registered ──inform──▶ informed
        ▲                      │
        └──────escalate────────┘   (a new step: a new clock, back to registered)
    registered | informed ──answer and close / thank and close──▶ closed
    registered | informed ──withdraw──▶ withdrawn
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, CaseState


class Operation(StrEnum):
    INFORM = "inform"
    NOTE = "note"
    ACTION_ADD = "action_add"
    ACTION_FOLLOW_UP = "action_follow_up"
    MESSAGE = "message"
    ANSWER_AND_CLOSE = "answer_and_close"
    THANK_AND_CLOSE = "thank_and_close"
    REASSIGN = "reassign"
    MOVE = "move"
    FLAG = "flag"
    ESCALATE = "escalate"
    WITHDRAW = "withdraw"
    CATEGORISE = "categorise"
    # A supervisory authority's decision on a report, with its written notice, closes it (supervision/).
    DECIDE_REPORT = "decide_report"


class CaseError(Exception):
    """A domain refusal, with a message that can be shown to the person who asked (lazy, translated)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(CaseError):
    pass


class ActionsNotFollowedUp(CaseError):
    pass


class LadderTopReached(CaseError):
    """There is no step above: the citizen is shown the path to IVO instead (domain.md §4, §6)."""


_WHILE_OPEN = {
    Operation.NOTE,
    Operation.ACTION_ADD,
    Operation.ACTION_FOLLOW_UP,
    Operation.MESSAGE,
    Operation.ANSWER_AND_CLOSE,
    Operation.THANK_AND_CLOSE,
    Operation.REASSIGN,
    Operation.MOVE,
    Operation.FLAG,
    Operation.ESCALATE,
    Operation.WITHDRAW,
    Operation.CATEGORISE,
    Operation.DECIDE_REPORT,
}

# Allowed operations per state. Informing is once per step: after escalation the case is registered again.
ALLOWED: dict[str, frozenset[Operation]] = {
    CaseState.REGISTERED: frozenset({Operation.INFORM, *_WHILE_OPEN}),
    CaseState.INFORMED: frozenset(_WHILE_OPEN),
    CaseState.CLOSED: frozenset(),
    CaseState.WITHDRAWN: frozenset(),
}

# Operations a kind never allows. Only complaints climb the ladder; praise and suggestions take the lighter path
# (thank or answer, and close: issue 3, item 6); praise has no clock, so nobody "informs" about it.
# A report to the supervisory authority has no ladder and closes only with the authority's decision and its notice
# (supervision.services.report_decide), never with a plain answer; no other kind takes that decision.
REFUSED_FOR_KIND: dict[str, frozenset[Operation]] = {
    CaseKind.COMPLAINT: frozenset({Operation.THANK_AND_CLOSE, Operation.DECIDE_REPORT}),
    CaseKind.FEEDBACK: frozenset({Operation.ESCALATE, Operation.DECIDE_REPORT}),
    CaseKind.PRAISE: frozenset({Operation.ESCALATE, Operation.INFORM, Operation.DECIDE_REPORT}),
    CaseKind.ACCESSIBILITY: frozenset(
        {Operation.ESCALATE, Operation.THANK_AND_CLOSE, Operation.DECIDE_REPORT}
    ),
    CaseKind.REPORT: frozenset(
        {Operation.ESCALATE, Operation.THANK_AND_CLOSE, Operation.ANSWER_AND_CLOSE, Operation.MOVE}
    ),
}

_STATE_MESSAGES: dict[str, Promise] = {
    CaseState.CLOSED: _("The case is closed; nothing more can be done with it."),
    CaseState.WITHDRAWN: _("The case has been withdrawn; nothing more can be done with it."),
}


def allowed(*, state: str, kind: str, operation: Operation) -> bool:
    return operation in ALLOWED.get(state, frozenset()) and operation not in REFUSED_FOR_KIND.get(
        kind, frozenset()
    )


def require(*, state: str, kind: str, operation: Operation) -> None:
    """Raise TransitionNotAllowed, with a message a person can act on, unless the operation is allowed."""
    if operation in REFUSED_FOR_KIND.get(kind, frozenset()):
        if kind == CaseKind.REPORT:
            raise TransitionNotAllowed(
                _(
                    "A report closes with the decision on how it will be handled, and its notice to the reporter."
                )
            )
        if operation == Operation.ESCALATE:
            raise TransitionNotAllowed(
                _("Only complaints move up the ladder; praise and suggestions are answered and closed.")
            )
        if operation == Operation.INFORM:
            raise TransitionNotAllowed(_("Praise has no deadline to inform; thank the sender and close."))
        if kind == CaseKind.REPORT:
            raise TransitionNotAllowed(
                _(
                    "A report closes with the decision on how it will be handled, and its notice to the reporter."
                )
            )
        raise TransitionNotAllowed(_("This cannot be done with this kind of case."))
    if operation not in ALLOWED.get(state, frozenset()):
        if state in _STATE_MESSAGES:
            raise TransitionNotAllowed(_STATE_MESSAGES[state])
        if operation == Operation.INFORM:
            raise TransitionNotAllowed(
                _("The complainant has already been informed at this step; send a message instead.")
            )
        raise TransitionNotAllowed(_("This cannot be done in the case's present state."))


def operations_for(*, state: str, kind: str) -> set[Operation]:
    """What may be done now, for pages that only offer what will succeed."""
    return {operation for operation in Operation if allowed(state=state, kind=kind, operation=operation)}
