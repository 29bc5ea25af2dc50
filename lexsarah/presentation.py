"""Turning Lex Sarah records and their audit events into what the pages show: deadlines and the timeline in words."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from audit.actions import Action, action_label
from audit.models import Event
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState
from staff.presentation import Deadline, actor_name, deadline_html


def deadline_text(due: date | None, today: date) -> SafeString:
    """The running deadline in words, overdue ones marked in text ("Overdue by 3 days"), as the inbox says it."""
    return deadline_html(Deadline(due, (due - today).days if due is not None else None), None)


def is_overdue(record: LexSarahRecord, today: date) -> bool:
    return record.due_on is not None and record.due_on < today


def due_label(record: LexSarahRecord) -> str:
    """What the running deadline is for."""
    if record.due_on is None:
        return ""
    if record.state == LexSarahState.REPORTED:
        return _("Start the investigation")
    return _("Report to IVO")


def _detail(event: Event) -> str:
    data = event.data or {}
    if event.action == Action.LEX_SARAH_ASSESSED and data.get("assessment") in Assessment.values:
        return str(Assessment(data["assessment"]).label)
    if event.action == Action.LEX_SARAH_INVESTIGATION_RECORDED and data.get("fields"):
        names = {
            "findings": _("What happened and when"),
            "consequences": _("Consequences for the person"),
            "causes": _("Causes found"),
            "actions": _("Actions taken or planned"),
        }
        return ", ".join(names.get(name, name) for name in data["fields"])
    if event.action == Action.LEX_SARAH_INVESTIGATION_STARTED and data.get("late"):
        return _("Later than the deadline")
    if event.action == Action.LEX_SARAH_REPORTED_TO_IVO and "sent_on" in data:
        if data.get("on_time"):
            return _("Sent %(date)s, within the deadline") % {"date": data["sent_on"]}
        return _("Sent %(date)s, after the deadline") % {"date": data["sent_on"]}
    if event.action == Action.LEX_SARAH_CLOSED:
        return _("After the report to IVO") if data.get("reported_to_ivo") else _("Without a report to IVO")
    return ""


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    who: str
    what: str
    detail: str


def timeline(events: list[Event]) -> list[TimelineItem]:
    """The record's events in words, newest first as given, each with who and when (MoJ's timeline)."""
    return [
        TimelineItem(
            at=event.at, who=actor_name(event), what=action_label(event.action), detail=_detail(event)
        )
        for event in events
    ]
