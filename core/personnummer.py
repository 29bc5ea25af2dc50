"""The Swedish personal identity number (personnummer) and coordination number (samordningsnummer), checked for real
(domain.md §9), in one place: the appeal letter uses it now, e-ID log-in (BankID, issue 20) will.

    YYMMDD-NNNC    10 digits; the dash may be left out
    YYMMDD+NNNC    10 digits, someone who turns 100 this year or is older: the plus moves the date a century back
    YYYYMMDDNNNC   12 digits; a dash before the last four is allowed (YYYYMMDD-NNNC), a plus is not

The date must exist (29 February only in a leap year, with the century the number implies) and must not be in the
future; a coordination number is the date with 60 added to the day; C is the Luhn check digit over the ten digits
YYMMDDNNN C.

python-stdnum's `stdnum.se.personnummer` knows the formats, the century of the plus and the check digit, but it
refuses every coordination number (day 61–91 is no date to it), accepts a plus in the 12-digit form, and says
only "invalid length" when the dash is in the wrong place. So this module parses the number itself, to say what is
wrong in words a person can act on, and leaves the check digit to `stdnum.luhn`.

`parse()` needs no Django: it raises `PersonnummerError` with a code. `validate_personnummer()` is the form
validator, with a message for every code (`MESSAGES`). Test numbers only (Skatteverket's): 19121212-1212,
20121212-1212, the coordination number 19121272-1219.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from core.validators import is_invisible_character

COORDINATION_DAY_OFFSET = 60
EARLIEST_YEAR = 1800

# What people type or paste for the dash: hyphens, dashes and minus signs (a word processor turns "-" into "–").
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")
ALLOWED = re.compile(r"[0-9+-]+")


class PersonnummerError(ValueError):
    """What is wrong with a number, as a code: format, separator, plus, date, future or check_digit."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Personnummer:
    """A checked number. `birth_date` is the real date, also for a coordination number (its day less 60)."""

    birth_date: date
    birth_number: str  # NNN
    check_digit: str  # C
    is_coordination_number: bool

    @property
    def digits(self) -> str:
        """The 12 digits, YYYYMMDDNNNC, as BankID and the population register write them."""
        day = self.birth_date.day + (COORDINATION_DAY_OFFSET if self.is_coordination_number else 0)
        return f"{self.birth_date:%Y%m}{day:02d}{self.birth_number}{self.check_digit}"

    def __str__(self) -> str:
        """YYYYMMDD-NNNC: the century written out, so that no plus is needed and nothing is ambiguous."""
        return f"{self.digits[:8]}-{self.digits[8:]}"


def parse(text: str, *, today: date | None = None) -> Personnummer:
    """The number in `text`, checked, or PersonnummerError. Spaces are ignored, and full-width digits and the
    dashes people type for "-" are read as what they are. `today` decides the century of a 10-digit number."""
    today = today or timezone.localdate()
    typed = "".join(
        character
        for character in unicodedata.normalize("NFKC", text).translate(DASHES)
        if not is_invisible_character(character)
    )
    if not ALLOWED.fullmatch(typed):
        raise PersonnummerError("format")
    digits = typed.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12):
        raise PersonnummerError("format")
    separator = ""
    if len(typed) > len(digits):
        separator = typed[-5]
        if len(typed) > len(digits) + 1 or separator not in "-+":
            raise PersonnummerError("separator")
    if separator == "+" and len(digits) == 12:
        raise PersonnummerError("plus")

    month, day_field = int(digits[-8:-6]), int(digits[-6:-4])
    if len(digits) == 12:
        year = int(digits[:4])
    else:
        # The century is the latest one that does not put the year after this one; a plus moves it one back.
        year = today.year - (today.year - int(digits[:2])) % 100 - (100 if separator == "+" else 0)
    coordination = day_field > COORDINATION_DAY_OFFSET
    day = day_field - COORDINATION_DAY_OFFSET if coordination else day_field
    if year < EARLIEST_YEAR:
        raise PersonnummerError("date")
    try:
        birth_date = date(year, month, day)
    except ValueError:
        raise PersonnummerError("date") from None
    if birth_date > today:
        raise PersonnummerError("future")
    if not luhn.is_valid(digits[-10:]):
        raise PersonnummerError("check_digit")
    return Personnummer(
        birth_date=birth_date,
        birth_number=digits[-4:-1],
        check_digit=digits[-1],
        is_coordination_number=coordination,
    )


EXAMPLE = "19121212-1212"

MESSAGES = {
    "format": _("Write 10 or 12 digits, for example %(example)s"),
    "separator": _("Put the dash just before the last four digits, for example %(example)s"),
    "plus": _(
        "Write a dash, not a plus, with 12 digits, for example %(example)s. The plus is only for 10 digits, "
        "for someone who is 100 or older"
    ),
    "date": _("The date does not exist – check the year, the month and the day"),
    "future": _("The date has not happened yet – check the year"),
    "check_digit": _("The check digit does not match – check that you wrote the number right"),
}


def validate_personnummer(value: str) -> None:
    """The form validator: a message for what is wrong, in the person's language."""
    try:
        parse(value)
    except PersonnummerError as error:
        raise ValidationError(
            MESSAGES[error.code], code=f"personnummer_{error.code}", params={"example": EXAMPLE}
        ) from None
