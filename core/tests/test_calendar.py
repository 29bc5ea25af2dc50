from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.calendar import add_working_days, days_off, easter_sunday, is_working_day, next_working_day


def test_it_computes_easter_for_known_years():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)


def test_it_knows_the_movable_days_of_2026():
    off = days_off(2026)
    assert off[date(2026, 4, 3)] == "Långfredagen"
    assert off[date(2026, 4, 6)] == "Annandag påsk"
    assert off[date(2026, 5, 14)] == "Kristi himmelsfärdsdag"
    assert off[date(2026, 6, 19)] == "Midsommarafton"
    assert off[date(2026, 6, 20)] == "Midsommardagen"
    assert off[date(2026, 10, 31)] == "Alla helgons dag"


def test_it_treats_the_eves_as_days_off():
    assert not is_working_day(date(2026, 12, 24))
    assert not is_working_day(date(2025, 12, 31))
    assert not is_working_day(date(2027, 6, 25))  # Midsummer Eve 2027


def test_it_skips_christmas_and_new_year_when_adding_working_days():
    # Wed 23 Dec 2026 + 2 working days: 24, 25, 26, 27 off; Mon 28 is the first, Tue 29 the second.
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    # Tue 29 Dec 2026 + 2: Wed 30, (31 off, 1 Jan off, weekend) Mon 4 Jan.
    assert add_working_days(date(2026, 12, 29), 2) == date(2027, 1, 4)


def test_it_moves_the_appeal_example_of_the_domain_to_the_28th():
    # domain.md §5: received 2026-12-03, three weeks is Christmas Eve, last day 2026-12-28.
    assert next_working_day(date(2026, 12, 3) + timedelta(weeks=3)) == date(2026, 12, 28)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_easter_is_always_a_sunday_in_march_or_april(day):
    easter = easter_sunday(day.year)
    assert easter.weekday() == 6
    assert date(day.year, 3, 22) <= easter <= date(day.year, 4, 25)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 40))
def test_adding_working_days_lands_on_a_working_day(start, count):
    result = add_working_days(start, count)
    assert result >= start
    if count:
        assert is_working_day(result)
