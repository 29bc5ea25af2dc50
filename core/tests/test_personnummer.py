"""The personnummer and samordningsnummer check (core/personnummer.py), with Skatteverket's test numbers only.

The property tests build numbers the way domain.md §9 describes them (the check digit by Luhn, computed here on its
own) and read them back; python-stdnum's Swedish module is the second opinion where it has one.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.se import personnummer as stdnum_personnummer

from core.personnummer import Personnummer, PersonnummerError, parse, validate_personnummer

TODAY = date(2026, 6, 1)


def check_digit(nine: str) -> str:
    """domain.md §9: weights 2, 1, 2, 1, … over YYMMDDNNN; sum the digits of the products; (10 − sum mod 10) mod 10."""
    total = sum(
        sum(divmod(int(digit) * (2 if index % 2 == 0 else 1), 10)) for index, digit in enumerate(nine)
    )
    return str((10 - total % 10) % 10)


def number_for(born: date, birth_number: int, *, coordination: bool = False) -> str:
    """The 12 digits, YYYYMMDDNNNC, of someone born on `born`."""
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{birth_number:03d}"
    return f"{born:%Y}{nine[2:]}{check_digit(nine)}"


birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
birth_numbers = st.integers(min_value=0, max_value=999)


def written_forms(digits: str, born: date) -> list[str]:
    """Every way the number may be written: 12 digits with or without the dash, 10 with the dash, without it, or
    with the plus for someone who turns 100 this year or is older."""
    short_separator = "+" if TODAY.year - born.year >= 100 else "-"
    forms = [digits, f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}{short_separator}{digits[8:]}"]
    if short_separator == "-":
        forms.append(digits[2:])
    return forms


def test_skatteverkets_test_numbers_are_read_right():
    tolvan = parse("19121212-1212", today=TODAY)
    assert tolvan == Personnummer(date(1912, 12, 12), "121", "2", is_coordination_number=False)
    assert str(tolvan) == "19121212-1212" and tolvan.digits == "191212121212"
    assert parse("121212+1212", today=TODAY) == tolvan  # a plus: a century back
    assert parse("191212121212", today=TODAY) == tolvan
    assert parse("121212-1212", today=TODAY).birth_date == date(2012, 12, 12)
    assert parse("20121212-1212", today=TODAY).birth_date == date(2012, 12, 12)
    coordination = parse("19121272-1219", today=TODAY)  # 1912-12-12, the day plus 60
    assert coordination.is_coordination_number and coordination.birth_date == date(1912, 12, 12)
    assert str(coordination) == "19121272-1219"


@pytest.mark.parametrize(
    "typed",
    [" 19121212-1212 ", "19121212 1212", "19121212–1212", "19121212\u22121212", "１９１２１２１２－１２１２"],
)
def test_it_reads_spaces_dashes_and_full_width_digits_as_people_type_them(typed):
    assert str(parse(typed, today=TODAY)) == "19121212-1212"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "format"),
        ("1912121212", "check_digit"),  # 10 digits, fine in form: 2019-12-12, 121, check digit 2 is wrong
        ("19121212-121", "format"),
        ("1912121212121", "format"),
        ("19121212-12x2", "format"),
        ("١٩١٢١٢١٢-١٢١٢", "format"),
        ("1912-12-12-1212", "separator"),
        ("1912121-21212", "separator"),
        ("19121212-12-12", "separator"),
        ("19121212+1212", "plus"),
        ("19121312-1212", "date"),  # month 13
        ("19121232-1212", "date"),  # day 32
        ("19121292-1212", "date"),  # a coordination day 92 is day 32
        ("19120012-1212", "date"),
        ("17121212-1212", "date"),  # before 1800
        ("19000229-0000", "date"),  # 1900 was no leap year
        ("000229+0000", "date"),  # the plus makes it 1900
        ("20260702-1234", "future"),
        ("260702-1234", "future"),  # this year, a month ahead
        ("19121212-1213", "check_digit"),
        ("19121272-1212", "check_digit"),
    ],
)
def test_it_says_what_is_wrong(typed, code):
    with pytest.raises(PersonnummerError) as raised:
        parse(typed, today=TODAY)
    assert raised.value.code == code


def test_the_29th_of_february_exists_only_in_a_leap_year():
    assert parse(number_for(date(2000, 2, 29), 1), today=TODAY).birth_date == date(2000, 2, 29)
    leap_day = number_for(date(2000, 2, 29), 1)
    assert parse(leap_day[2:], today=TODAY).birth_date == date(2000, 2, 29)  # 10 digits: 2000, not 1900
    with pytest.raises(PersonnummerError, match="date"):
        parse(f"{leap_day[2:8]}+{leap_day[8:]}", today=TODAY)  # with the plus: 1900-02-29, no such day


@given(birth_dates, birth_numbers, st.booleans())
def test_every_number_built_by_the_rule_is_read_back_in_every_form(born, birth_number, coordination):
    digits = number_for(born, birth_number, coordination=coordination)
    for typed in written_forms(digits, born):
        number = parse(typed, today=TODAY)
        assert number.birth_date == born
        assert number.is_coordination_number is coordination
        assert number.digits == digits
        assert str(number) == f"{digits[:8]}-{digits[8:]}"


@given(birth_dates, birth_numbers, st.booleans(), st.integers(0, 9), st.integers(1, 9))
def test_one_wrong_digit_is_always_caught(born, birth_number, coordination, position, change):
    digits = number_for(born, birth_number, coordination=coordination)
    index = 2 + position  # one of the ten digits YYMMDDNNNC
    wrong = digits[:index] + str((int(digits[index]) + change) % 10) + digits[index + 1 :]
    with pytest.raises(PersonnummerError) as raised:
        parse(wrong, today=TODAY)
    assert raised.value.code in {"date", "future", "check_digit"}


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_it_agrees_with_python_stdnum_where_stdnum_has_an_opinion(digits):
    try:
        ours = parse(digits, today=TODAY)
    except PersonnummerError:
        ours = None
    theirs = stdnum_personnummer.is_valid(digits)
    if ours is not None and not ours.is_coordination_number:
        assert theirs
    if theirs:
        born = stdnum_personnummer.get_birth_date(digits)
        assume(date(1800, 1, 1) <= born <= TODAY)  # stdnum accepts dates in the future and long ago
        assert ours is not None


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("typed", "swedish", "english"),
    [
        (
            "1912121",
            "Skriv 10 eller 12 siffror, till exempel 19121212-1212",
            "Write 10 or 12 digits, for example 19121212-1212",
        ),
        (
            "191-21212-1212",
            "Sätt bindestrecket precis före de fyra sista siffrorna, till exempel 19121212-1212",
            "Put the dash just before the last four digits, for example 19121212-1212",
        ),
        (
            "19121212+1212",
            "Skriv bindestreck, inte plustecken, när du skriver 12 siffror, till exempel 19121212-1212. "
            "Plustecken används bara med 10 siffror, för den som är 100 år eller äldre",
            "Write a dash, not a plus, with 12 digits, for example 19121212-1212. The plus is only for 10 digits, "
            "for someone who is 100 or older",
        ),
        (
            "19120231-1212",
            "Datumet finns inte – kontrollera år, månad och dag",
            "The date does not exist – check the year, the month and the day",
        ),
        (
            "20991212-1212",
            "Datumet har inte varit än – kontrollera året",
            "The date has not happened yet – check the year",
        ),
        (
            "19121212-1213",
            "Kontrollsiffran stämmer inte – kontrollera att du skrivit rätt",
            "The check digit does not match – check that you wrote the number right",
        ),
    ],
)
def test_each_message_in_swedish_and_english(typed, swedish, english):
    for language, expected in (("sv", swedish), ("en", english)):
        with translation.override(language):
            with pytest.raises(ValidationError) as raised:
                validate_personnummer(typed)
            assert raised.value.messages == [expected]
            assert raised.value.code.startswith("personnummer_")


@time_machine.travel(TODAY)
def test_the_validator_uses_today_for_the_century():
    validate_personnummer("121212-1212")
    with pytest.raises(ValidationError):
        validate_personnummer(f"{(TODAY + timedelta(days=1)):%y%m%d}-0000")
