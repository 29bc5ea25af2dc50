"""The case's timeline: everything that happened to a case, in one list, each entry marked internal or visible to
the sender (issue 17, item 2; domain.md §4: "the case keeps a full history: who held it at each step, what was said
to the citizen and when, actions and follow-ups").

The entries come from the case's own records (messages both ways, internal notes, actions and their follow-ups,
escalations with the reason given, assignments) and, for what has no record of its own, from the audit trail
(registration by a registrar, the flag, a withdrawal, the deadline sweep's reminders and reports, links to related
cases). The audit trail holds codes and ids only, so what it gives is named in words, never content.

`case_timeline` gathers them in a fixed number of queries, whatever the size of the case: the staff case page passes
what it has read already (staff.selectors.handling_panel_data, the assignments), and the timeline then costs one
query more, for the audit events. `timeline_entries` builds the list from what was read and asks nothing more.

Oldest first by default: the page reads as the matter does, what the sender wrote and then what happened since,
in the order it happened, as a social-services record is read, and as the sender's own page shows the same
conversation; a reply or the reason for asking for the next step follows what it answers. The clock that runs is
the last entry, where the story stops. Newest first is one link away (no script), and kept for the session, for
whoever comes back to a long case for its latest news.

Visibility follows what the sender's own case page (citizen/templates/citizen/case.html) shows: every message, the
date by which they will be told what will happen, the step (as a role, not a name), the path to IVO once flagged,
and the state. Everything else is internal.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.clocks import inform_by_for
from cases.models import (
    Action,
    Assignment,
    AssignmentReason,
    Attachment,
    Case,
    CaseKind,
    Channel,
    Escalation,
    Message,
    MessageKind,
    Note,
)
from cases.selectors import case_assignments, inform_days_left
from organisations.models import ClockMode, Organisation
from staff.presentation import event_what, role_label
from staff.selectors import PanelData, display_name, handling_panel_data

# What the audit trail adds to the case's own records. The rest of its codes are told by a record (a message, a
# note, an action, an escalation, an assignment) or are reads.
TIMELINE_EVENTS = [
    AuditAction.REGISTERED,
    AuditAction.INFORMED,  # whether the information came in time, recorded when it was given
    AuditAction.ESCALATED,  # the new step's last day to inform
    AuditAction.FLAGGED,
    AuditAction.WITHDRAWN,
    AuditAction.DEADLINE_REMINDED_BEFORE,
    AuditAction.DEADLINE_REMINDED_DUE,
    AuditAction.DEADLINE_OVERDUE_REPORTED,
    AuditAction.DEADLINE_REMINDED_ACKNOWLEDGE,
    AuditAction.CASE_RELATED,
    AuditAction.CASE_UNRELATED,
]
_CLOCK_EVENTS = {
    AuditAction.DEADLINE_REMINDED_BEFORE,
    AuditAction.DEADLINE_REMINDED_DUE,
    AuditAction.DEADLINE_OVERDUE_REPORTED,
    AuditAction.DEADLINE_REMINDED_ACKNOWLEDGE,
}

ORDER_OLDEST_FIRST = "aldst"
ORDER_NEWEST_FIRST = "nyast"
ORDERS = (ORDER_OLDEST_FIRST, ORDER_NEWEST_FIRST)


class EntryKind(StrEnum):
    """What an entry is; also its class on the page (timeline__entry--<kind>)."""

    RECEIVED = "received"
    MESSAGE_IN = "message-in"
    MESSAGE_OUT = "message-out"
    NOTICE = "notice"  # the information of what will happen: it stops the step's clock
    ANSWER = "answer"  # the final answer or the thanks: it closes the case
    NOTE = "note"
    ACTION = "action"
    FOLLOW_UP = "follow-up"
    ESCALATION = "escalation"
    ASSIGNMENT = "assignment"
    FLAG = "flag"
    WITHDRAWAL = "withdrawal"
    CLOCK = "clock"  # the deadline sweep's reminders and reports
    RELATION = "relation"
    DUE = "due"  # the step's clock while it runs: what is due next, not something that happened


@dataclass
class EntryLink:
    label: str
    url: str
    download: bool = False
    hidden_suffix: str = ""  # said to screen readers only, to tell like links apart


@dataclass
class TimelineEntry:
    """One thing that happened to the case, as the page shows it."""

    key: str  # the entry's id on the page
    kind: EntryKind
    at: datetime
    who: str
    what: str
    visible: bool  # shown on the sender's own case page
    step: int | None = None
    body: str = ""  # text someone wrote: shown as it was written, with dir="auto"
    body_label: str = ""
    body_by_sender: bool = False
    visibility_note: str = ""  # when the sender sees the entry but not all of it
    status: str = ""
    status_tone: str = ""  # Designsystemet's data-color: success, warning, danger, info, neutral
    details: list[tuple[str, str]] = field(default_factory=list)
    links: list[EntryLink] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    due_on: date | None = None  # the upcoming entry's date (its `at` only places it)

    @property
    def upcoming(self) -> bool:
        return self.kind == EntryKind.DUE


def timeline_events(case: Case) -> list[Event]:
    """The audit events the timeline tells, oldest first: one query. Reads are never among them, so however often
    the case is read, this reads only its changes (the (case, at) index, then the action)."""
    return list(
        Event.objects.filter(case_id=case.pk, action__in=TIMELINE_EVENTS)
        .select_related("actor")
        .order_by("at", "pk")
    )


def case_timeline(
    *,
    case: Case,
    today: date,
    panel: PanelData | None = None,
    assignments: list[Assignment] | None = None,
    may_follow_up: bool = False,
    newest_first: bool = False,
) -> list[TimelineEntry]:
    """The case's timeline, oldest first (or newest first), in a fixed number of queries: those of
    handling_panel_data and case_assignments unless the caller passes what it has read, and one for the audit
    events. `may_follow_up`: the reader may follow up actions (each open action then links to its form)."""
    if assignments is None:
        # Read without their people when the panel is read here: it reads them with the others'.
        assignments = case_assignments(case, people=panel is not None)
    if panel is None:
        panel = handling_panel_data(case=case, assignments=assignments)
    return timeline_entries(
        case=case,
        today=today,
        messages=panel.messages,
        notes=panel.notes,
        actions=panel.actions,
        escalations=panel.escalations,
        assignments=assignments,
        events=timeline_events(case),
        step_roles={step.number: step.role_label for step in panel.ladder},
        may_follow_up=may_follow_up,
        newest_first=newest_first,
    )


def timeline_entries(
    *,
    case: Case,
    today: date,
    messages: list[Message],
    notes: list[Note],
    actions: list[Action],
    escalations: list[Escalation],
    assignments: list[Assignment],
    events: list[Event],
    step_roles: dict[int, str] | None = None,
    may_follow_up: bool = False,
    newest_first: bool = False,
) -> list[TimelineEntry]:
    """Build the timeline from what was read; no query. Entries at the same moment keep the order in which the
    services wrote them (an escalation before the assignment it caused)."""
    step_roles = step_roles or {}
    complaint = case.kind == CaseKind.COMPLAINT
    by_action: dict[str, list[Event]] = {}
    for event in events:
        by_action.setdefault(event.action, []).append(event)
    deadlines = _StepDeadlines(case, escalations, by_action.get(AuditAction.ESCALATED, []))
    in_time = {
        event.data.get("message"): event.data.get("in_time")
        for event in by_action.get(AuditAction.INFORMED, [])
        if isinstance(event.data, dict)
    }
    flag_notes = {
        event.data.get("note")
        for event in by_action.get(AuditAction.FLAGGED, [])
        if isinstance(event.data, dict) and event.data.get("note")
    }
    notes_by_pk = {note.pk: note for note in notes}

    entries: list[TimelineEntry] = [_received(case, by_action.get(AuditAction.REGISTERED, []), deadlines)]
    entries += [
        _message(case, message, in_time.get(message.pk), deadlines, complaint=complaint)
        for message in messages
    ]
    entries += [_note(note) for note in notes if note.pk not in flag_notes]
    for number, action in enumerate(actions, start=1):
        entries.append(_action(case, action, number, today, may_follow_up=may_follow_up))
        if action.followed_up_at is not None:
            entries.append(_follow_up(action, number))
    entries += [_escalation(escalation, step_roles, deadlines) for escalation in escalations]
    entries += [_assignment(assignment, complaint=complaint) for assignment in assignments]
    for event in by_action.get(AuditAction.FLAGGED, []):
        note_id = event.data.get("note") if isinstance(event.data, dict) else None
        entries.append(_flag(event, notes_by_pk.get(note_id) if note_id else None))
    entries += [_withdrawal(event) for event in by_action.get(AuditAction.WITHDRAWN, [])]
    entries += [
        _system_event(event, EntryKind.CLOCK, "klocka") for event in events if event.action in _CLOCK_EVENTS
    ]
    entries += [
        _system_event(event, EntryKind.RELATION, "koppling")
        for event in events
        if event.action in {AuditAction.CASE_RELATED, AuditAction.CASE_UNRELATED}
    ]
    # A stable sort: entries at the same moment keep the order above, which is the order of cause and effect.
    entries.sort(key=lambda entry: entry.at)
    due = _due(case, today)
    if due is not None:
        entries.append(due)
    if newest_first:
        entries.reverse()
    return entries


# --- The clocks of each step ----------------------------------------------------------------------------------


class _StepDeadlines:
    """The last day to inform the complainant at each step: the current step's from the case; a step reached by
    escalation from the escalation's audit row (or, without one, counted from the day of the escalation as the
    service counts it); the first step's from the day the case was received. A move to another unit keeps the
    step's clock, so a step without an escalation of its own has the clock of the one before."""

    def __init__(self, case: Case, escalations: list[Escalation], escalated: list[Event]) -> None:
        self.case = case
        self.by_step: dict[int, date] = {
            escalation.to_step: inform_by_for(case.organisation, timezone.localdate(escalation.created_at))
            for escalation in escalations
        }
        for event in escalated:
            data = event.data if isinstance(event.data, dict) else {}
            to_step, inform_by = data.get("to_step"), data.get("inform_by")
            if isinstance(to_step, int) and isinstance(inform_by, str):
                try:
                    self.by_step[to_step] = date.fromisoformat(inform_by)
                except ValueError:
                    continue
        self.first: date | None = None
        if case.kind != CaseKind.PRAISE:
            if not escalations and case.inform_by is not None:
                self.first = case.inform_by  # still the first step's clock
            else:
                self.first = inform_by_for(case.organisation, timezone.localdate(case.received_at))

    def for_step(self, step: int) -> date | None:
        if step == self.case.step and self.case.inform_by is not None:
            return self.case.inform_by
        reached = [number for number in self.by_step if number <= step]
        return self.by_step[max(reached)] if reached else self.first

    def escalated_to(self, step: int) -> date | None:
        return self.by_step.get(step)


def inform_period_text(organisation: Organisation) -> str:
    """The period to inform the complainant in words: "14 calendar days", "10 working days"."""
    days = organisation.inform_period_days
    if organisation.clock_mode == ClockMode.WORKING_DAYS:
        return ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
    return ngettext("%(days)s calendar day", "%(days)s calendar days", days) % {"days": days}


def date_in_words(day: date) -> str:
    return formats.date_format(day, "j F Y")


# --- The entries, one kind each -------------------------------------------------------------------------------


def _received(case: Case, registered: list[Event], deadlines: _StepDeadlines) -> TimelineEntry:
    event = registered[0] if registered else None
    registrar = event.actor if event is not None else None
    channel = Channel(case.channel).label if case.channel in Channel.values else case.channel
    details = [(gettext("Channel"), str(channel))]
    registered_on = timezone.localdate(case.registered_at) if case.registered_at else None
    if registered_on is not None and registered_on != timezone.localdate(case.received_at):
        details.append((gettext("Registered on"), date_in_words(registered_on)))
    if deadlines.first is not None:
        details.append(
            (
                gettext("Last day to inform the sender"),
                gettext("%(date)s (%(period)s)")
                % {"date": date_in_words(deadlines.first), "period": inform_period_text(case.organisation)},
            )
        )
    return TimelineEntry(
        key="handelse-inkom",
        kind=EntryKind.RECEIVED,
        at=case.received_at,
        who=display_name(registrar) if registrar is not None else gettext("The sender"),
        what=gettext("The case came in and was registered as %(reference)s")
        % {"reference": case.reference_number},
        visible=True,
        details=details,
    )


_MESSAGE_TO_SENDER: dict[str, tuple[EntryKind, Promise]] = {
    MessageKind.INFORMATION: (EntryKind.NOTICE, _("What will happen: the information to the sender")),
    MessageKind.MESSAGE: (EntryKind.MESSAGE_OUT, _("Message to the sender")),
    MessageKind.FINAL_ANSWER: (EntryKind.ANSWER, _("Final answer to the sender: the case was closed")),
    MessageKind.THANKS: (EntryKind.ANSWER, _("Thanks to the sender: the case was closed")),
}


def _message(
    case: Case, message: Message, in_time: object, deadlines: _StepDeadlines, *, complaint: bool
) -> TimelineEntry:
    if message.from_citizen:
        entry = TimelineEntry(
            key=f"meddelande-{message.pk}",
            kind=EntryKind.MESSAGE_IN,
            at=message.created_at,
            who=gettext("The sender"),
            what=gettext("Message from the sender"),
            visible=True,
            body=message.body,
            body_by_sender=True,
        )
    else:
        kind, what = _MESSAGE_TO_SENDER.get(message.kind, _MESSAGE_TO_SENDER[MessageKind.MESSAGE])
        entry = TimelineEntry(
            key=f"meddelande-{message.pk}",
            kind=kind,
            at=message.created_at,
            who=display_name(message.author),
            what=str(what),
            visible=True,
            body=message.body,
        )
        if kind == EntryKind.NOTICE:
            due = deadlines.for_step(message.step)
            if not isinstance(in_time, bool):
                in_time = due is None or timezone.localdate(message.created_at) <= due
            entry.status = gettext("Given in time") if in_time else gettext("Given late")
            entry.status_tone = "success" if in_time else "warning"
            if due is not None:
                entry.details.append((gettext("Last day at this step"), date_in_words(due)))
        if case.preferred_contact == "post":
            entry.links.append(
                EntryLink(
                    label=gettext("Print as a letter (PDF)"),
                    url=reverse("documents:message_letter", args=[case.pk, message.pk]),
                    download=True,
                    hidden_suffix=f": {entry.what}, {formats.date_format(timezone.localtime(message.created_at), 'Y-m-d H:i')}",
                )
            )
    if complaint:
        entry.step = message.step
    entry.files = list(getattr(message, "files", []))
    return entry


def _note(note: Note) -> TimelineEntry:
    return TimelineEntry(
        key=f"anteckning-{note.pk}",
        kind=EntryKind.NOTE,
        at=note.created_at,
        who=display_name(note.author),
        what=gettext("Internal note"),
        visible=False,
        body=note.body,
    )


def action_status(action: Action, today: date) -> tuple[str, str]:
    """The action's follow-up in words, with its tone: carried out, not carried out, waiting, or late."""
    if action.followed_up_at is not None:
        if action.was_done:
            return gettext("Carried out"), "success"
        return gettext("Not carried out"), "warning"
    if action.due_on < today:
        return gettext("Late: not followed up"), "danger"
    return gettext("Not yet followed up"), "info"


def _action(case: Case, action: Action, number: int, today: date, *, may_follow_up: bool) -> TimelineEntry:
    status, tone = action_status(action, today)
    entry = TimelineEntry(
        key=f"atgard-{action.pk}",
        kind=EntryKind.ACTION,
        at=action.created_at,
        who=display_name(action.created_by),
        what=gettext("Action %(number)s added") % {"number": number},
        visible=False,
        body=action.description,
        body_label=gettext("What will be done"),
        status=status,
        status_tone=tone,
        details=[
            (gettext("Responsible"), display_name(action.responsible)),
            (gettext("To be done by"), date_in_words(action.due_on)),
        ],
    )
    if action.followed_up_at is None and may_follow_up:
        entry.links.append(
            EntryLink(
                label=gettext("Follow up action %(number)s") % {"number": number},
                url=reverse("staff:follow_up", args=[case.pk, action.pk]),
            )
        )
    return entry


def _follow_up(action: Action, number: int) -> TimelineEntry:
    assert action.followed_up_at is not None
    status, tone = (
        (gettext("Carried out"), "success") if action.was_done else (gettext("Not carried out"), "warning")
    )
    return TimelineEntry(
        key=f"uppfoljning-{action.pk}",
        kind=EntryKind.FOLLOW_UP,
        at=action.followed_up_at,
        who=display_name(action.followed_up_by),
        what=gettext("Action %(number)s followed up") % {"number": number},
        visible=False,
        body=action.effect,
        body_label=gettext("Effect"),
        status=status,
        status_tone=tone,
    )


def _escalation(
    escalation: Escalation, step_roles: dict[int, str], deadlines: _StepDeadlines
) -> TimelineEntry:
    role = step_roles.get(escalation.to_step)
    if role:
        what = gettext("Moved from step %(from)s to step %(to)s: %(role)s") % {
            "from": escalation.from_step,
            "to": escalation.to_step,
            "role": role.lower(),
        }
    else:
        what = gettext("Moved from step %(from)s to step %(to)s") % {
            "from": escalation.from_step,
            "to": escalation.to_step,
        }
    entry = TimelineEntry(
        key=f"steg-{escalation.pk}",
        kind=EntryKind.ESCALATION,
        at=escalation.created_at,
        who=gettext("The sender")
        if escalation.requested_by_citizen
        else display_name(escalation.requested_by),
        what=what,
        visible=True,
        step=escalation.to_step,
        body=escalation.reason,
    )
    if escalation.requested_by_citizen:
        entry.status = gettext("Asked for by the sender")
        entry.status_tone = "info"
        entry.body_label = gettext("The sender's own reason for asking for the next step")
        entry.body_by_sender = True
    else:
        entry.body_label = gettext("Reason")
        entry.visibility_note = gettext("The sender sees the new step, not the reason.")
    due = deadlines.escalated_to(escalation.to_step)
    if due is not None:
        entry.details.append((gettext("New last day to inform the sender"), date_in_words(due)))
    return entry


def _assignment(assignment: Assignment, *, complaint: bool) -> TimelineEntry:
    reason = (
        AssignmentReason(assignment.reason).label
        if assignment.reason in AssignmentReason.values
        else assignment.reason
    )
    entry = TimelineEntry(
        key=f"tilldelning-{assignment.pk}",
        kind=EntryKind.ASSIGNMENT,
        at=assignment.created_at,
        who=display_name(assignment.assigned_by)
        if assignment.assigned_by
        else gettext("The system (routing)"),
        what=gettext("%(name)s was given the case") % {"name": display_name(assignment.assignee)},
        visible=False,
        step=assignment.step if complaint else None,
        body=assignment.note,
        body_label=gettext("Comment") if assignment.note else "",
        details=[
            (gettext("Role"), f"{role_label(assignment.role)}, {assignment.node.name}"),
            (gettext("Why"), str(reason)),
        ],
    )
    if assignment.deputy_for is not None:  # the holder the rules chose was away (organisations/absence.py)
        entry.details.append(
            (
                gettext("Deputy for"),
                gettext("%(name)s, who is away") % {"name": display_name(assignment.deputy_for)},
            )
        )
    return entry


def _event_who(event: Event) -> str:
    if event.actor is not None:
        return display_name(event.actor)
    if event.actor_label == "citizen":
        return gettext("The sender")
    return gettext("The system")


def _flag(event: Event, note: Note | None) -> TimelineEntry:
    entry = TimelineEntry(
        key=f"flagga-{event.pk}",
        kind=EntryKind.FLAG,
        at=event.at,
        who=_event_who(event),
        what=gettext("Flagged: the case may reveal a serious deficiency (missförhållande)"),
        visible=True,
        status=gettext("Make a Lex Sarah assessment"),
        status_tone="warning",
        visibility_note=gettext("The sender is shown the path to IVO."),
    )
    if note is not None:
        entry.body = note.body
        entry.body_label = gettext("Internal note")
        entry.visibility_note = gettext("The sender is shown the path to IVO, not the note.")
    return entry


def _withdrawal(event: Event) -> TimelineEntry:
    by_citizen = isinstance(event.data, dict) and bool(event.data.get("by_citizen"))
    return TimelineEntry(
        key=f"aterkallad-{event.pk}",
        kind=EntryKind.WITHDRAWAL,
        at=event.at,
        who=_event_who(event),
        what=gettext("The sender withdrew the case")
        if by_citizen
        else gettext("The case was withdrawn on the sender's behalf"),
        visible=True,
    )


def _system_event(event: Event, kind: EntryKind, prefix: str) -> TimelineEntry:
    return TimelineEntry(
        key=f"{prefix}-{event.pk}",
        kind=kind,
        at=event.at,
        who=_event_who(event),
        what=event_what(event),
        visible=False,
    )


def _due(case: Case, today: date) -> TimelineEntry | None:
    """The step's clock while it runs, as the last entry: what is due, by when, and how much time is left."""
    days_left = inform_days_left(case, today)
    if days_left is None or case.inform_by is None:
        return None
    if days_left < 0:
        status = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", -days_left) % {
            "days": -days_left
        }
        tone = "danger"
    elif days_left == 0:
        status, tone = gettext("Last day today"), "warning"
    else:
        status = ngettext("%(days)s day left", "%(days)s days left", days_left) % {"days": days_left}
        tone = "info"
    return TimelineEntry(
        key="handelse-nasta",
        kind=EntryKind.DUE,
        at=timezone.now(),
        who=display_name(case.holder) if case.holder_id else "",
        what=gettext("Next: tell the sender what will happen, no later than %(date)s")
        % {"date": date_in_words(case.inform_by)},
        visible=True,
        step=case.step if case.kind == CaseKind.COMPLAINT else None,
        status=status,
        status_tone=tone,
        due_on=case.inform_by,
    )


@dataclass
class OpenAction:
    """An action that waits for its follow-up, for the list of what to do beside the timeline."""

    number: int
    key: str  # its entry on the timeline
    due_on: date
    late: bool


def actions_to_follow_up(actions: list[Action], today: date) -> list[OpenAction]:
    return [
        OpenAction(number=number, key=f"atgard-{action.pk}", due_on=action.due_on, late=action.due_on < today)
        for number, action in enumerate(actions, start=1)
        if action.followed_up_at is None
    ]
