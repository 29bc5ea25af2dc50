"""The date by which the complainant must be told what will happen (domain.md §4): calendar or working days."""

from datetime import date

from core.calendar import add_calendar_days, add_working_days
from organisations.models import ClockMode, Organisation


def inform_by_for(organisation: Organisation, start: date) -> date:
    """The last day to inform the complainant, counting from `start` (the day received, or the day escalated)."""
    if organisation.clock_mode == ClockMode.WORKING_DAYS:
        return add_working_days(start, organisation.inform_period_days)
    return add_calendar_days(start, organisation.inform_period_days)


def acknowledge_by_for(organisation: Organisation, start: date) -> date | None:
    if organisation.acknowledge_period_days is None:
        return None
    return add_working_days(start, organisation.acknowledge_period_days)
