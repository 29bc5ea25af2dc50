"""The lifecycle as a table: every transition it holds, and everything it refuses (lexsarah/lifecycle.py)."""

import pytest
from django.utils import translation

from lexsarah.lifecycle import TABLE, Guard, LexSarahError, Operation, allowed, operations_for, require
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState

S = LexSarahState
O = Operation  # noqa: E741

# (state, operation) -> the state it leads to: the whole table, written out once more by hand.
EXPECTED = {
    (S.REPORTED, O.START_INVESTIGATION): S.INVESTIGATING,
    (S.INVESTIGATING, O.RECORD_INVESTIGATION): S.INVESTIGATING,
    (S.INVESTIGATING, O.ASSESS): S.ASSESSED,
    (S.ASSESSED, O.REPORT_TO_IVO): S.REPORTED_TO_IVO,
    (S.ASSESSED, O.CLOSE): S.CLOSED,
    (S.REPORTED_TO_IVO, O.CLOSE): S.CLOSED,
    (S.REPORTED_TO_IVO, O.RECORD_IVO_REFERENCE): S.REPORTED_TO_IVO,
    (S.CLOSED, O.RECORD_IVO_REFERENCE): S.CLOSED,
    (S.REPORTED, O.LINK_CASE): S.REPORTED,
    (S.INVESTIGATING, O.LINK_CASE): S.INVESTIGATING,
    (S.ASSESSED, O.LINK_CASE): S.ASSESSED,
    (S.REPORTED_TO_IVO, O.LINK_CASE): S.REPORTED_TO_IVO,
}


@pytest.fixture(autouse=True)
def _english():
    """The refusals' messages are read in English here (the pages show them in the person's language)."""
    with translation.override("en"):
        yield


def record(state, **values) -> LexSarahRecord:
    return LexSarahRecord(state=state, **values)


COMPLETE = dict(findings="a", consequences="b", causes="c", actions="d")


def test_the_table_is_exactly_the_expected_one():
    assert {key: transition.target for key, transition in TABLE.items()} == EXPECTED


@pytest.mark.parametrize(("state", "operation"), [(s, o) for s in S for o in O if (s, o) not in EXPECTED])
def test_it_refuses_every_operation_the_table_does_not_hold(state, operation):
    with pytest.raises(LexSarahError):
        require(record(state, **COMPLETE, assessment=Assessment.SERIOUS), operation)


def test_a_closed_record_says_so():
    with pytest.raises(LexSarahError, match="closed"):
        require(record(S.CLOSED), O.CLOSE)


def test_the_assessment_needs_the_whole_investigation():
    partial = record(S.INVESTIGATING, findings="a", consequences="b", causes="c", actions=" ")
    with pytest.raises(LexSarahError, match="Record the investigation first"):
        require(partial, O.ASSESS)
    assert require(record(S.INVESTIGATING, **COMPLETE), O.ASSESS) == S.ASSESSED
    # Offered all the same, so that the page can say what is missing.
    assert O.ASSESS in operations_for(partial)


@pytest.mark.parametrize("assessment", [Assessment.SERIOUS, Assessment.CLEAR_RISK])
def test_a_serious_deficiency_or_a_clear_risk_goes_to_ivo_and_cannot_be_closed_before(assessment):
    assessed = record(S.ASSESSED, assessment=assessment)
    assert require(assessed, O.REPORT_TO_IVO) == S.REPORTED_TO_IVO
    with pytest.raises(LexSarahError, match="must be reported to IVO"):
        require(assessed, O.CLOSE)
    assert operations_for(assessed) == {O.REPORT_TO_IVO, O.LINK_CASE}


def test_neither_is_closed_without_a_report_to_ivo():
    assessed = record(S.ASSESSED, assessment=Assessment.NEITHER)
    assert require(assessed, O.CLOSE) == S.CLOSED
    with pytest.raises(LexSarahError, match="Only a serious deficiency"):
        require(assessed, O.REPORT_TO_IVO)
    assert operations_for(assessed) == {O.CLOSE, O.LINK_CASE}


def test_ivo_s_reference_can_be_added_after_closing_only_if_it_went_to_ivo():
    from datetime import date

    assert allowed(record(S.CLOSED, ivo_reported_on=date(2026, 3, 1)), O.RECORD_IVO_REFERENCE)
    assert not allowed(record(S.CLOSED), O.RECORD_IVO_REFERENCE)


def test_a_record_is_linked_to_one_case_at_most(tree):
    from staff.tests.conftest import register

    case = register(tree)
    assert not allowed(record(S.REPORTED, case=case), O.LINK_CASE)
    assert allowed(record(S.REPORTED), O.LINK_CASE)
    assert TABLE[(S.REPORTED, O.LINK_CASE)].guard == Guard.NO_CASE
