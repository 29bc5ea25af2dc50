"""Turning cases and audit events into what the staff pages show: days left, readable history, safe file names."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from audit.actions import Action, action_label
from audit.models import Event
from cases.clocks import acknowledge_days_left
from cases.models import AssignmentReason, Case, CaseKind, CaseState, Channel
from cases.selectors import inform_days_left
from cases.services.categories import topics_by_case
from organisations.models import Category, Role


@dataclass
class Deadline:
    """The clock "inform the complainant by" of one case, as the pages show it."""

    inform_by: date | None
    days_left: int | None  # None: no clock runs (praise, already informed, closed)

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class AcknowledgeDeadline:
    """The clock "confirm receipt to the sender by" (organisations with one), while it runs."""

    acknowledge_by: date
    days_left: int  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(-self.days_left, 0)


_ACKNOWLEDGE_FIELDS = {"acknowledge_by", "acknowledged_at", "state"}


def acknowledge_deadline(case: Case, today: date) -> AcknowledgeDeadline | None:
    """The case's clock to confirm receipt, or None when it does not run.

    A case read with only some columns (the inbox's `.only()`) that lacks the clock's columns gives None rather
    than one more query per row."""
    if _ACKNOWLEDGE_FIELDS & case.get_deferred_fields():
        return None
    days_left = acknowledge_days_left(case, today)
    if days_left is None or case.acknowledge_by is None:
        return None
    return AcknowledgeDeadline(case.acknowledge_by, days_left)


def deadline_html(deadline: Deadline, acknowledge: AcknowledgeDeadline | None) -> SafeString:
    """The clocks of one case in words, for the inbox's "time left" column and the case page: days left to inform
    the complainant (overdue, last day), and, while it runs, to confirm receipt. Written here rather than in a
    template because the inbox shows it on every row, where a template include costs more than the whole row."""
    if deadline.days_left is None:
        main = format_html('<span class="deadline deadline--none">{}</span>', gettext("No deadline running"))
    elif deadline.overdue:
        days = deadline.overdue_days
        main = format_html(
            '<strong class="ds-tag deadline deadline--overdue" data-color="danger">'
            '<span class="deadline__icon" aria-hidden="true">⚠</span>{}</strong>',
            ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days},
        )
    elif deadline.days_left == 0:
        main = format_html('<strong class="deadline deadline--today">{}</strong>', gettext("Last day today"))
    else:
        days = deadline.days_left
        main = format_html(
            '<span class="deadline">{}</span>',
            ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days},
        )
    if acknowledge is None:
        return main
    by = acknowledge.acknowledge_by.isoformat()
    if acknowledge.overdue:
        days = acknowledge.overdue_days
        text = format_html(
            '<strong class="ds-tag" data-color="warning">{}</strong>',
            ngettext(
                "Confirm receipt: %(days)s day late (by %(date)s)",
                "Confirm receipt: %(days)s days late (by %(date)s)",
                days,
            )
            % {"days": days, "date": by},
        )
    elif acknowledge.days_left == 0:
        text = format_html("<strong>{}</strong>", gettext("Confirm receipt to the sender today"))
    else:
        days = acknowledge.days_left
        text = format_html(
            "{}",
            ngettext(
                "Confirm receipt by %(date)s (%(days)s day left)",
                "Confirm receipt by %(date)s (%(days)s days left)",
                days,
            )
            % {"days": days, "date": by},
        )
    return format_html(
        '{} <span class="deadline deadline--acknowledge" data-acknowledge-by="{}">{}</span>', main, by, text
    )


@dataclass
class InboxRow:
    """One row of the inbox, with what it shows worked out once (labels, names, the clocks in words)."""

    case: Case
    deadline: Deadline
    url: str
    subject: str
    kind: str
    unit: str
    state: str
    holder: str
    received_on: str
    inform_by: str
    deadline_text: SafeString


def inbox_subject(case: Case, topics: list[Category]) -> str:
    """What the case is about, without its content: staff's topics, else what the sender said it is mostly
    about, else nothing (the kind and the unit have columns of their own)."""
    if topics:
        return ", ".join(topic.label() for topic in topics)
    if case.citizen_topic_id and case.citizen_topic:
        return gettext("The sender: %(topic)s") % {"topic": case.citizen_topic.label()}
    return ""


# A key no case has, reversed once and replaced by each case's own (a number that cannot appear elsewhere in the path).
URL_KEY_STANDIN = 9_876_543_210


def inbox_rows(cases: list[Case], today: date) -> list[InboxRow]:
    # The unit, the holder and the topic of each row: read with the page already, except for a search
    # (cases.selectors.inbox_cases), whose page's rows get them here, one query each.
    prefetch_related_objects(cases, "unit", "holder", "citizen_topic")
    not_placed = gettext("Not placed")
    topics = topics_by_case(case.pk for case in cases)
    kinds = {value: str(label) for value, label in CaseKind.choices}
    states = {value: str(label) for value, label in CaseState.choices}
    # One reverse() for the page, not one a row: every case's address differs only in its key.
    url_pattern = reverse("staff:case_detail", args=[URL_KEY_STANDIN]).replace(str(URL_KEY_STANDIN), "{}")
    rows = []
    for case in cases:
        deadline = Deadline(case.inform_by, inform_days_left(case, today))
        rows.append(
            InboxRow(
                case=case,
                deadline=deadline,
                url=url_pattern.format(case.pk),
                subject=inbox_subject(case, topics.get(case.pk, [])),
                kind=kinds.get(case.kind, case.kind),
                unit=case.unit.name if case.unit_id and case.unit else not_placed,
                state=states.get(case.state, case.state),
                holder=str(case.holder) if case.holder_id else "–",
                received_on=timezone.localdate(case.received_at).isoformat(),
                inform_by=case.inform_by.isoformat() if case.inform_by else "–",
                deadline_text=deadline_html(deadline, acknowledge_deadline(case, today)),
            )
        )
    return rows


class CountedPaginator(Paginator):
    """A paginator given its count, for a list whose total a cheaper query than `object_list.count()` can tell
    (cases.selectors.inbox_count)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def page_range_text(page: Page, *, more: bool = False) -> str:
    """Which cases the page shows, of how many: "Ärende 1–25 av 1 234", "Cases 1–25 of 1,234" (the thousands
    grouped as the language groups them: a no-break space in Swedish, a comma in English). `more`: the count
    stopped at the paginator's count and more cases match ("Ärende 1–25 av fler än 1 000")."""
    numbers = {
        "first": formats.number_format(page.start_index(), force_grouping=True),
        "last": formats.number_format(page.end_index(), force_grouping=True),
        "total": formats.number_format(page.paginator.count, force_grouping=True),
    }
    if more:
        return gettext("Cases %(first)s–%(last)s of more than %(total)s") % numbers
    if page.start_index() == page.end_index():
        return gettext("Case %(first)s of %(total)s") % numbers
    return gettext("Cases %(first)s–%(last)s of %(total)s") % numbers


@dataclass(frozen=True)
class PageLink:
    """One place in the list of pages: a page's number and address, or a gap ("…") with neither."""

    number: int | None
    url: str | None
    is_current: bool = False


def page_links(page: Page, url: Callable[[int], str]) -> list[PageLink]:
    """The pages to offer around the current one (the first, the last and two on each side, with gaps between),
    or none when everything fits on one page."""
    if page.paginator.num_pages < 2:
        return []
    return [
        PageLink(number, url(number), number == page.number)
        if isinstance(number, int)
        else PageLink(None, None)
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


ACTOR_LABELS = {
    "citizen": _("The sender"),
    "system": _("The system"),
    # Someone who asked for a public document through the public register's form (records.services).
    "public": _("Someone from the public"),
}


def event_what(event: Event) -> str:
    """The event in words: its action, and what its codes say (the data holds codes and ids, never content)."""
    label = action_label(event.action)
    detail = event_detail(event)
    return f"{label} – {detail}" if detail else label


def actor_name(event: Event) -> str:
    if event.actor is not None:
        return str(event.actor)
    return str(ACTOR_LABELS.get(event.actor_label, event.actor_label))


def event_detail(event: Event) -> str:
    """What the event's codes say, in words (the data holds codes and ids only, never content)."""
    data = event.data or {}
    if event.action == Action.ASSIGNED and data.get("reason") in AssignmentReason.values:
        reason = str(AssignmentReason(data["reason"]).label)
        if data.get("deputy_for"):
            return str(_("%(reason)s; to the deputy of a holder who is away") % {"reason": reason})
        if data.get("holder_absent"):
            return str(_("%(reason)s; the holder is away and no deputy could take it") % {"reason": reason})
        return reason
    if event.action == Action.REGISTERED and data.get("channel") in Channel.values:
        return str(_("Channel: %(channel)s") % {"channel": Channel(data["channel"]).label})
    if event.action == Action.DEADLINE_OVERDUE_REPORTED and data.get("above_the_top"):
        if data.get("role") in Role.values:
            return str(
                _("Last step of the ladder: sent to the %(role)s instead")
                % {"role": Role(data["role"]).label.lower()}
            )
        return str(_("Last step of the ladder: nobody else could be told"))
    if event.action in {Action.DEADLINE_REMINDED_DUE, Action.DEADLINE_REMINDED_ACKNOWLEDGE} and data.get(
        "late"
    ):
        return str(_("Sent late: no sweep ran on the day"))
    return ""


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


# --- Downloads --------------------------------------------------------------------------------------------------

_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*;%]+')
# Types a browser might run or render as a page; such files are only ever offered as bytes.
_ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"}
_MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")


def safe_filename(name: str, *, fallback: str = "bilaga") -> str:
    """The sender's file name without paths, control characters or characters that are unsafe in a header."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE_IN_NAME.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: 120 - len(suffix) - 1]}.{suffix}" if dot and len(suffix) <= 10 else name[:120]
    return name or fallback


def safe_content_type(content_type: str) -> str:
    value = (content_type or "").split(";")[0].strip().lower()
    if not _MIME.match(value) or value in _ACTIVE_TYPES or value.startswith("text/"):
        return "application/octet-stream"
    return value
