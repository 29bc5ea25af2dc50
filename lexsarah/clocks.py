"""The Lex Sarah deadlines: to start the investigation, and to report to IVO (domain.md §11).

Both are counted in calendar days from the organisation's settings (lexsarah.models.LexSarahSettings), whose
periods are marked "to verify": the law says "without delay", the days are regulatory or local detail.
"""

from datetime import date

from core.calendar import add_calendar_days
from lexsarah.models import IvoReportCountedFrom, LexSarahRecord, LexSarahSettings, LexSarahState


def investigation_due_for(settings: LexSarahSettings, reported_on: date) -> date:
    """The last day to start the investigation of a staff report received on `reported_on`."""
    return add_calendar_days(reported_on, settings.investigation_start_days)


def ivo_report_due_for(settings: LexSarahSettings, *, reported_on: date, assessed_on: date) -> date:
    """The last day to report to IVO, counted from the assessment or from the staff report, as the organisation
    has chosen."""
    start = (
        reported_on if settings.ivo_report_counted_from == IvoReportCountedFrom.STAFF_REPORT else assessed_on
    )
    return add_calendar_days(start, settings.ivo_report_days)


def running_due(record: LexSarahRecord) -> date | None:
    """The deadline that runs in the record's state: to start the investigation while it has not started, to
    report to IVO once a serious deficiency (or a clear risk of one) is assessed and until it is reported."""
    if record.state == LexSarahState.REPORTED:
        return record.investigation_due
    if record.state == LexSarahState.ASSESSED and record.is_reportable:
        return record.ivo_report_due
    return None


def days_left(record: LexSarahRecord, today: date) -> int | None:
    """Days left of the running deadline (negative: overdue), or None when none runs."""
    if record.due_on is None:
        return None
    return (record.due_on - today).days
