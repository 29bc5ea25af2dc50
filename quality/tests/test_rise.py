"""The test of a rise (quality/rise.py): exact against a hand computation in fractions, and its promises as
properties over any counts (hypothesis): a handful never flags, a steady or falling count never flags, and a
clear rise always does."""

from fractions import Fraction
from math import comb

from hypothesis import given
from hypothesis import strategies as st

from quality.rise import ALPHA, MIN_RECENT, rise, upper_tail


def exact_tail(successes: int, trials: int, probability: Fraction) -> Fraction:
    return sum(
        (
            comb(trials, k) * probability**k * (1 - probability) ** (trials - k)
            for k in range(successes, trials + 1)
        ),
        Fraction(0),
    )


@given(trials=st.integers(0, 60), data=st.data())
def test_it_sums_the_binomial_tail_exactly(trials, data):
    successes = data.draw(st.integers(0, trials))
    expected = float(exact_tail(successes, trials, Fraction(1, 5)))
    assert abs(upper_tail(successes, trials, 0.2) - expected) <= 1e-12 + 1e-9 * expected


def test_it_holds_at_tens_of_thousands_of_cases():
    assert 0.4 < upper_tail(10_000, 50_000, 0.2) < 0.6
    assert upper_tail(12_000, 50_000, 0.2) < 1e-100


@given(recent=st.integers(0, MIN_RECENT - 1), past=st.integers(0, 10_000))
def test_a_handful_of_cases_never_flags(recent, past):
    assert not rise(recent=recent, past=past, recent_months=3, past_months=12).rose


@given(past=st.integers(0, 5_000), data=st.data())
def test_a_steady_or_falling_count_never_flags(past, data):
    recent = data.draw(st.integers(0, past // 4))
    assert not rise(recent=recent, past=past, recent_months=3, past_months=12).rose


@given(past=st.integers(0, 5_000), extra=st.integers(0, 1_000))
def test_a_clear_rise_always_flags(past, extra):
    # Three times the usual rate and at least ten cases more than expected.
    recent = max(MIN_RECENT, 3 * past // 4 + 10) + extra
    result = rise(recent=recent, past=past, recent_months=3, past_months=12)
    assert result.rose
    assert result.p_value <= ALPHA


@given(past=st.integers(0, 500), recent=st.integers(0, 500))
def test_more_recent_cases_never_make_a_rise_less_likely(past, recent):
    lower = rise(recent=recent, past=past, recent_months=3, past_months=12).p_value
    higher = rise(recent=recent + 1, past=past, recent_months=3, past_months=12).p_value
    assert higher <= lower + 1e-12


def test_five_new_cases_where_there_were_none_flag_and_four_do_not():
    assert rise(recent=5, past=0, recent_months=3, past_months=12).rose
    assert not rise(recent=4, past=0, recent_months=3, past_months=12).rose


def test_twice_the_usual_of_a_small_unit_is_not_yet_a_pattern():
    # 6 in three months against 12 in the year before: double the rate, but well within chance.
    assert not rise(recent=6, past=12, recent_months=3, past_months=12).rose
