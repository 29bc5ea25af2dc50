"""Every change of a case goes through a function in this package: typed, keyword-only, atomic, audited
(style.md). Registration, handling, the ladder and the mails about a case each have a module; the names are
re-exported here, so that `from cases.services import case_register` is the way in."""

from cases.lifecycle import ActionsNotFollowedUp, CaseError, LadderTopReached, TransitionNotAllowed
from cases.services.categories import case_categorise
from cases.services.handling import (
    action_add,
    action_follow_up,
    case_answer_and_close,
    case_decide_and_close,
    case_flag_serious_deficiency,
    case_inform,
    case_move,
    case_reassign,
    case_thank_and_close,
    case_withdraw,
    message_add,
    note_add,
)
from cases.services.ladder import case_escalate, next_step_available
from cases.services.mail import (
    case_news_email_enqueue,
    receipt_email_enqueue,
    staff_email_enqueue,
)
from cases.services.registration import (
    UNIT_NOT_GIVEN,
    CaseSubmission,
    Registration,
    attachment_add,
    case_assign,
    case_register,
    reference_number_next,
)

__all__ = [
    "UNIT_NOT_GIVEN",
    "ActionsNotFollowedUp",
    "CaseError",
    "CaseSubmission",
    "LadderTopReached",
    "Registration",
    "TransitionNotAllowed",
    "action_add",
    "action_follow_up",
    "attachment_add",
    "case_answer_and_close",
    "case_assign",
    "case_categorise",
    "case_decide_and_close",
    "case_escalate",
    "case_flag_serious_deficiency",
    "case_inform",
    "case_move",
    "case_news_email_enqueue",
    "case_reassign",
    "case_register",
    "case_thank_and_close",
    "case_withdraw",
    "message_add",
    "next_step_available",
    "note_add",
    "receipt_email_enqueue",
    "reference_number_next",
    "staff_email_enqueue",
]
