"""Swedish public holidays and working days, computed for any year (lag 1989:253 om allmänna helgdagar).

Periods in working days, and the appeal rule of lag (1930:173) om beräkning av lagstadgad tid, skip Saturdays,
Sundays, every public holiday, and Midsummer Eve, Christmas Eve and New Year's Eve. Nothing here is a hand-kept
list: Easter comes from the Gregorian computus, the movable Saturdays from their defining week.
"""

from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(start: date) -> date:
    """The Saturday in the seven days from `start`."""
    return start + timedelta(days=(5 - start.weekday()) % 7)


@lru_cache(maxsize=256)
def public_holidays(year: int) -> dict[date, str]:
    """Public holidays (allmänna helgdagar) of the year, with their Swedish names."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(date(year, 6, 20))
    return {
        date(year, 1, 1): "Nyårsdagen",
        date(year, 1, 6): "Trettondedag jul",
        easter - timedelta(days=2): "Långfredagen",
        easter: "Påskdagen",
        easter + timedelta(days=1): "Annandag påsk",
        date(year, 5, 1): "Första maj",
        easter + timedelta(days=39): "Kristi himmelsfärdsdag",
        easter + timedelta(days=49): "Pingstdagen",
        date(year, 6, 6): "Sveriges nationaldag",
        midsummer_day: "Midsommardagen",
        _saturday_between(date(year, 10, 31)): "Alla helgons dag",
        date(year, 12, 25): "Juldagen",
        date(year, 12, 26): "Annandag jul",
    }


@lru_cache(maxsize=256)
def days_off(year: int) -> dict[date, str]:
    """Public holidays plus the eves that lag (1930:173) treats the same way."""
    off = dict(public_holidays(year))
    off[_saturday_between(date(year, 6, 20)) - timedelta(days=1)] = "Midsommarafton"
    off[date(year, 12, 24)] = "Julafton"
    off[date(year, 12, 31)] = "Nyårsafton"
    return off


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in days_off(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (the start day itself is day zero)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_calendar_days(start: date, count: int) -> date:
    return start + timedelta(days=count)
