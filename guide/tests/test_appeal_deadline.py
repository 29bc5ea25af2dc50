"""The last day an appeal must arrive: three weeks, then the next working day (förvaltningslagen 44 §, lag
1930:173), for every kind of day off, Easter-dependent days and Midsummer included."""

from datetime import date

import pytest

from guide.appeals import APPEALABLE_DECISIONS, appeal_last_day


@pytest.mark.parametrize(
    ("received", "last_day", "why"),
    [
        (date(2026, 11, 2), date(2026, 11, 23), "an ordinary Monday stays"),
        (date(2026, 11, 7), date(2026, 11, 30), "Saturday moves to Monday"),
        (date(2026, 11, 8), date(2026, 11, 30), "Sunday moves to Monday"),
        (
            date(2026, 12, 3),
            date(2026, 12, 28),
            "domain.md example: Christmas Eve, Christmas, Boxing Day, Sunday",
        ),
        (date(2029, 12, 4), date(2029, 12, 27), "Christmas Day on a Tuesday, then Boxing Day"),
        (date(2029, 12, 3), date(2029, 12, 27), "Christmas Eve on a Monday"),
        (date(2026, 12, 10), date(2027, 1, 4), "New Year's Eve, New Year's Day, then a weekend"),
        (date(2028, 12, 11), date(2029, 1, 2), "New Year's Day on a Monday"),
        (date(2025, 12, 16), date(2026, 1, 7), "Epiphany"),
        (date(2026, 3, 13), date(2026, 4, 7), "Good Friday 2026, Easter weekend, Easter Monday"),
        (date(2027, 3, 8), date(2027, 3, 30), "Easter Monday 2027"),
        (date(2026, 4, 23), date(2026, 5, 15), "Ascension Day 2026 (Easter + 39 days)"),
        (date(2027, 4, 15), date(2027, 5, 7), "Ascension Day 2027"),
        (date(2026, 4, 10), date(2026, 5, 4), "1 May on a Friday"),
        (date(2028, 5, 16), date(2028, 6, 7), "National Day on a Tuesday"),
        (date(2026, 5, 29), date(2026, 6, 22), "Midsummer Eve 2026 (19 June)"),
        (date(2027, 6, 4), date(2027, 6, 28), "Midsummer Eve 2027 (25 June)"),
        (date(2026, 10, 10), date(2026, 11, 2), "All Saints' Day 2026 (Saturday 31 October)"),
        (date(2026, 10, 9), date(2026, 10, 30), "the Friday before All Saints' Day is a working day"),
        (date(2027, 10, 15), date(2027, 11, 5), "All Saints' Eve is no day off (Friday 5 November 2027)"),
    ],
)
def test_it_moves_the_last_day_to_the_next_working_day(received, last_day, why):
    assert appeal_last_day(received) == last_day, why


def test_it_counts_three_weeks_from_the_day_received():
    assert appeal_last_day(date(2026, 9, 1)) == date(2026, 9, 22)


def test_every_appealable_decision_names_its_legal_basis():
    bases = {decision.key: decision.legal_basis for decision in APPEALABLE_DECISIONS}
    assert bases["sol_assistance"] == "SoL (2025:400) 35 kap. 1 §"
    assert bases["fee_home_care"].startswith("SoL (2025:400) 35 kap. 1 §")
    assert bases["fee_elderly_housing"].startswith("SoL (2025:400) 35 kap. 1 §")
    for number in range(1, 11):
        assert bases[f"lss_{number}"] == f"LSS (1993:387) 27 §, 9 § {number}"
