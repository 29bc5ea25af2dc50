"""The date by which the complainant must be told what will happen (domain.md §4): calendar or working days."""

from datetime import date

from cases.models import Case, CaseState
from core.calendar import add_calendar_days, add_working_days
from organisations.models import ClockMode, Organisation


def inform_by_for(organisation: Organisation, start: date) -> date:
    """The last day to inform the complainant, counting from `start` (the day received, or the day escalated)."""
    if organisation.clock_mode == ClockMode.WORKING_DAYS:
        return add_working_days(start, organisation.inform_period_days)
    return add_calendar_days(start, organisation.inform_period_days)


def acknowledge_by_for(organisation: Organisation, start: date) -> date | None:
    """The last day to confirm receipt to the sender (organisations that use working days: 2 by default), or None
    for organisations without that clock. Counted in working days whatever the organisation's clock mode."""
    if organisation.acknowledge_period_days is None:
        return None
    return add_working_days(start, organisation.acknowledge_period_days)


def acknowledge_running(case: Case) -> bool:
    """Whether the case's acknowledgement clock runs: the organisation has one, the current step is open and not
    yet informed, and nobody has written to the sender at this step yet."""
    return (
        case.acknowledge_by is not None
        and case.acknowledged_at is None
        and case.state == CaseState.REGISTERED
    )


def acknowledge_days_left(case: Case, today: date) -> int | None:
    """Days left to confirm receipt to the sender (negative: overdue), or None when that clock does not run."""
    if not acknowledge_running(case) or case.acknowledge_by is None:
        return None
    return (case.acknowledge_by - today).days
