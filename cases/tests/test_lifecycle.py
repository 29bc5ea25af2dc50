"""cases.lifecycle: the one table of what each state and each kind of case allows, and the refusals it raises
(in Swedish, the default language, as the person who asked reads them)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.lifecycle import (
    ALLOWED,
    REFUSED_FOR_KIND,
    CaseError,
    Operation,
    TransitionNotAllowed,
    allowed,
    operations_for,
    require,
)
from cases.models import CaseKind, CaseState

OPEN_STATES = (CaseState.REGISTERED, CaseState.INFORMED)
TERMINAL_STATES = (CaseState.CLOSED, CaseState.WITHDRAWN)
# A supervisory authority's decision on a report is the only close of a report, and of nothing else (supervision/).
WHILE_OPEN = set(Operation) - {Operation.INFORM, Operation.DECIDE_REPORT}
MUNICIPAL_OPERATIONS = set(Operation) - {Operation.DECIDE_REPORT}


def test_the_table_covers_every_state_and_every_kind():
    assert set(ALLOWED) == set(CaseState.values)
    assert set(REFUSED_FOR_KIND) == set(CaseKind.values)


@pytest.mark.parametrize("operation", sorted(MUNICIPAL_OPERATIONS))
def test_a_registered_complaint_allows_everything_but_thanking(operation):
    expected = operation != Operation.THANK_AND_CLOSE
    assert allowed(state=CaseState.REGISTERED, kind=CaseKind.COMPLAINT, operation=operation) is expected


@pytest.mark.parametrize("operation", sorted(WHILE_OPEN - {Operation.THANK_AND_CLOSE}))
def test_an_informed_complaint_allows_everything_while_open(operation):
    require(state=CaseState.INFORMED, kind=CaseKind.COMPLAINT, operation=operation)


def test_it_informs_once_per_step():
    assert Operation.INFORM in ALLOWED[CaseState.REGISTERED]
    with pytest.raises(TransitionNotAllowed, match="redan fått information"):
        require(state=CaseState.INFORMED, kind=CaseKind.COMPLAINT, operation=Operation.INFORM)


@pytest.mark.parametrize("state", TERMINAL_STATES)
@pytest.mark.parametrize("operation", sorted(Operation))
def test_a_closed_or_withdrawn_case_allows_nothing(state, operation):
    assert ALLOWED[state] == frozenset()
    assert not allowed(state=state, kind=CaseKind.COMPLAINT, operation=operation)
    with pytest.raises(CaseError):
        require(state=state, kind=CaseKind.COMPLAINT, operation=operation)


@pytest.mark.parametrize(
    ("state", "message"),
    [(CaseState.CLOSED, "är avslutat"), (CaseState.WITHDRAWN, "är återkallat")],
)
def test_it_says_why_a_terminal_state_refuses(state, message):
    with pytest.raises(TransitionNotAllowed, match=message) as refusal:
        require(state=state, kind=CaseKind.COMPLAINT, operation=Operation.NOTE)
    assert str(refusal.value.message) == str(refusal.value)


@pytest.mark.parametrize("kind", [CaseKind.FEEDBACK, CaseKind.PRAISE, CaseKind.ACCESSIBILITY])
def test_only_complaints_climb_the_ladder(kind):
    for state in OPEN_STATES:
        with pytest.raises(TransitionNotAllowed, match="Bara klagomål går vidare"):
            require(state=state, kind=kind, operation=Operation.ESCALATE)
    require(state=CaseState.REGISTERED, kind=CaseKind.COMPLAINT, operation=Operation.ESCALATE)


def test_praise_has_no_deadline_to_inform_but_is_thanked_and_closed():
    with pytest.raises(TransitionNotAllowed, match="Beröm har ingen tidsgräns"):
        require(state=CaseState.REGISTERED, kind=CaseKind.PRAISE, operation=Operation.INFORM)
    require(state=CaseState.REGISTERED, kind=CaseKind.PRAISE, operation=Operation.THANK_AND_CLOSE)


@pytest.mark.parametrize("kind", [CaseKind.COMPLAINT, CaseKind.ACCESSIBILITY])
def test_a_complaint_or_an_accessibility_report_is_answered_not_thanked(kind):
    with pytest.raises(TransitionNotAllowed, match="den här sortens ärende"):
        require(state=CaseState.REGISTERED, kind=kind, operation=Operation.THANK_AND_CLOSE)
    require(state=CaseState.REGISTERED, kind=kind, operation=Operation.ANSWER_AND_CLOSE)


def test_the_kind_refuses_before_the_state_does():
    # A closed praise asked to escalate hears about its kind, the rule that never changes.
    with pytest.raises(TransitionNotAllowed, match="Bara klagomål"):
        require(state=CaseState.CLOSED, kind=CaseKind.PRAISE, operation=Operation.ESCALATE)


def test_an_open_suggestion_offers_what_will_succeed():
    assert operations_for(state=CaseState.REGISTERED, kind=CaseKind.FEEDBACK) == MUNICIPAL_OPERATIONS - {
        Operation.ESCALATE
    }
    assert operations_for(state=CaseState.INFORMED, kind=CaseKind.FEEDBACK) == WHILE_OPEN - {
        Operation.ESCALATE
    }
    assert operations_for(state=CaseState.WITHDRAWN, kind=CaseKind.FEEDBACK) == set()


@pytest.mark.parametrize("kind", [kind for kind in CaseKind.values if kind != CaseKind.REPORT])
def test_only_a_report_closes_with_a_decision(kind):
    require(state=CaseState.REGISTERED, kind=CaseKind.REPORT, operation=Operation.DECIDE_REPORT)
    assert not allowed(state=CaseState.REGISTERED, kind=kind, operation=Operation.DECIDE_REPORT)


@pytest.mark.parametrize(
    "operation", [Operation.ANSWER_AND_CLOSE, Operation.THANK_AND_CLOSE, Operation.ESCALATE]
)
def test_a_report_does_not_close_or_climb_as_a_complaint_does(operation):
    with pytest.raises(TransitionNotAllowed, match="beslutet"):
        require(state=CaseState.REGISTERED, kind=CaseKind.REPORT, operation=operation)


@given(
    state=st.sampled_from(CaseState.values),
    kind=st.sampled_from(CaseKind.values),
    operation=st.sampled_from(Operation),
)
def test_require_refuses_exactly_what_allowed_denies(state, kind, operation):
    expected = operation in ALLOWED[state] and operation not in REFUSED_FOR_KIND[kind]
    assert allowed(state=state, kind=kind, operation=operation) is expected
    assert (operation in operations_for(state=state, kind=kind)) is expected
    if expected:
        require(state=state, kind=kind, operation=operation)
    else:
        with pytest.raises(TransitionNotAllowed):
            require(state=state, kind=kind, operation=operation)
