"""The case page as a workbench: one timeline of everything that happened to the case, each entry marked internal or
visible to the sender, in a fixed number of queries; the summary and what can be done beside it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.models import Case
from cases.services import case_escalate, case_inform, case_withdraw, message_add, note_add
from staff.tests.conftest import register
from staff.tests.workbench_case import CITIZEN_REASON, LONG_WORD, rich_case
from staff.timeline import EntryKind, case_timeline, date_in_words

EVERY_KIND_IN_ORDER = [
    EntryKind.RECEIVED,  # day 0: registered from the web
    EntryKind.ASSIGNMENT,  # day 0: routed to the contact staff
    EntryKind.NOTE,  # day 1
    EntryKind.CLOCK,  # day 1: the sweep's reminder
    EntryKind.NOTICE,  # day 2: the information of what will happen
    EntryKind.MESSAGE_IN,  # day 3: the sender writes, with a file
    EntryKind.ACTION,  # day 4: action 1
    EntryKind.ACTION,  # day 5: action 2, late by day 12
    EntryKind.FOLLOW_UP,  # day 6: action 1 followed up
    EntryKind.FLAG,  # day 7: with its note
    EntryKind.ESCALATION,  # day 9: asked for by the sender, with their reason
    EntryKind.ASSIGNMENT,  # day 9: the unit manager takes the case
    EntryKind.RELATION,  # day 10: linked to the twin case
    EntryKind.MESSAGE_OUT,  # day 11: the unit manager writes
    EntryKind.DUE,  # the clock of step 2, running
]
VISIBLE_KINDS = {
    EntryKind.RECEIVED,
    EntryKind.NOTICE,
    EntryKind.MESSAGE_IN,
    EntryKind.MESSAGE_OUT,
    EntryKind.ANSWER,
    EntryKind.ESCALATION,
    EntryKind.FLAG,
    EntryKind.WITHDRAWAL,
    EntryKind.DUE,
}


def case_url(case, **params) -> str:
    url = reverse("staff:case_detail", args=[case.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def read(case) -> Case:
    """The case as the case page reads it (case_for_staff: with its unit, holder and organisation)."""
    return Case.objects.select_related("unit", "holder", "organisation").get(pk=case.pk)


def entries_html(html: str) -> list[str]:
    """Each timeline entry's HTML, in page order."""
    timeline = html.split('id="tidslinje"', 1)[1].split("</ol>", 1)[0]
    return [part for part in timeline.split('<li class="timeline__entry ')[1:]]


@pytest.fixture
def rich(tree):
    return rich_case(tree)


def test_it_merges_every_kind_of_entry_oldest_first(rich):
    entries = case_timeline(case=read(rich.case), today=rich.today)
    assert [entry.kind for entry in entries] == EVERY_KIND_IN_ORDER
    happened = [entry.at for entry in entries if not entry.upcoming]
    assert happened == sorted(happened)
    assert len({entry.key for entry in entries}) == len(entries)  # each can be linked to


def test_newest_first_is_the_same_list_reversed(rich):
    oldest = case_timeline(case=read(rich.case), today=rich.today)
    newest = case_timeline(case=read(rich.case), today=rich.today, newest_first=True)
    assert [entry.key for entry in newest] == [entry.key for entry in reversed(oldest)]
    assert newest[0].kind == EntryKind.DUE


def test_each_entry_says_who_when_and_what(rich, tree):
    entries = {entry.key: entry for entry in case_timeline(case=read(rich.case), today=rich.today)}
    by_kind = {}
    for entry in entries.values():
        by_kind.setdefault(entry.kind, []).append(entry)
    received = by_kind[EntryKind.RECEIVED][0]
    assert received.who == "Avsändaren" and rich.case.reference_number in received.what
    assert ("Kanal", "Webb") in received.details
    routed, escalated = by_kind[EntryKind.ASSIGNMENT]
    assert routed.who == "Systemet (automatisk fördelning)" and "Anna Kontaktsson" in routed.what
    assert escalated.who == "Systemet (automatisk fördelning)" and "Bertil Enhetsson" in escalated.what
    assert escalated.step == 2
    notice = by_kind[EntryKind.NOTICE][0]
    assert notice.who == "Anna Kontaktsson" and notice.status == "Lämnat i tid"
    assert notice.body == "Vi pratar med nattpersonalen och återkommer."
    message_in = by_kind[EntryKind.MESSAGE_IN][0]
    assert message_in.who == "Avsändaren" and message_in.body_by_sender
    assert [file.original_name for file in message_in.files] == ["foto av larmet.pdf"]
    done, late = by_kind[EntryKind.ACTION]
    assert (done.what, done.status) == ("Åtgärd 1 lades till", "Genomförd")
    assert (late.what, late.status, late.status_tone) == (
        "Åtgärd 2 lades till",
        "Försenad: inte uppföljd",
        "danger",
    )
    assert ("Ansvarig", "Bertil Enhetsson") in done.details
    follow_up = by_kind[EntryKind.FOLLOW_UP][0]
    assert follow_up.body == "Larmen besvaras nu inom fem minuter." and follow_up.status == "Genomförd"
    flag = by_kind[EntryKind.FLAG][0]
    assert flag.body == "Kan vara ett missförhållande: bedöm lex Sarah."  # its note, not a second entry
    assert not any("lex Sarah" in note.body for note in by_kind[EntryKind.NOTE])
    clock = by_kind[EntryKind.CLOCK][0]
    assert clock.who == "Systemet" and clock.what == "Påminde handläggaren före datumet för information"
    due = by_kind[EntryKind.DUE][0]
    assert due.due_on == read(rich.case).inform_by and due.status == "11 dagar kvar"


def test_the_escalation_carries_the_senders_own_reason(rich):
    entries = case_timeline(case=read(rich.case), today=rich.today)
    escalation = next(entry for entry in entries if entry.kind == EntryKind.ESCALATION)
    assert escalation.body == CITIZEN_REASON and escalation.body_by_sender
    assert escalation.who == "Avsändaren" and escalation.status == "Avsändaren bad om det"
    assert escalation.body_label == "Avsändarens eget skäl till att be om nästa steg"
    assert escalation.what == "Från steg 1 till steg 2: enhetschef"
    assert escalation.details == [
        ("Ny sista dag att informera avsändaren", date_in_words(read(rich.case).inform_by))
    ]


def test_a_staff_escalation_says_the_reason_is_internal(tree):
    case = register(tree)
    case_escalate(
        case=case, reason="Behöver enhetschefen", requested_by_citizen=False, acting_user=tree.contact_staff
    )
    entries = case_timeline(case=read(case), today=timezone.localdate())
    escalation = next(entry for entry in entries if entry.kind == EntryKind.ESCALATION)
    assert escalation.who == "Anna Kontaktsson" and escalation.body == "Behöver enhetschefen"
    assert not escalation.body_by_sender
    assert escalation.visibility_note == "Avsändaren ser det nya steget, men inte skälet."


def test_internal_and_visible_entries_are_marked_in_words(rich, tree):
    entries = case_timeline(case=read(rich.case), today=rich.today)
    for entry in entries:
        assert entry.visible == (entry.kind in VISIBLE_KINDS), entry.kind
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        html = signed_in(tree.unit_manager).get(case_url(rich.case)).content.decode()
    parts = entries_html(html)
    assert len(parts) == len(entries)
    for entry, part in zip(entries, parts, strict=True):
        assert f'id="{entry.key}"' in part
        marking = "Synlig för avsändaren" if entry.visible else "Intern"
        other = "Intern<" if entry.visible else "Synlig för avsändaren"
        assert f">{marking}</span>" in part and other not in part, entry.kind
    # The legend says what the markings mean, in words.
    assert "Avsändaren ser detta:" in html and "Internt:" in html


def test_text_the_sender_wrote_keeps_its_direction_and_breaks(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        html = signed_in(tree.unit_manager).get(case_url(rich.case)).content.decode()
    parts = entries_html(html)
    message = next(part for part in parts if part.startswith("timeline__entry--message-in"))
    assert re.search(
        r'<div class="timeline__text" dir="auto"><p>Det har inte blivit bättre\. ' + LONG_WORD, message
    )
    escalation = next(part for part in parts if part.startswith("timeline__entry--escalation"))
    assert 'dir="auto"' in escalation and CITIZEN_REASON in escalation
    assert "Avsändarens eget skäl till att be om nästa steg" in escalation


def test_the_order_is_chosen_by_a_link_and_kept_for_the_session(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        client = signed_in(tree.unit_manager)
        first = client.get(case_url(rich.case)).content.decode()
        assert entries_html(first)[0].startswith("timeline__entry--received")
        assert re.search(r'href="[^"]*\?ordning=aldst#tidslinje" aria-current="true"', first)
        newest = client.get(case_url(rich.case, ordning="nyast")).content.decode()
        assert entries_html(newest)[0].startswith("timeline__entry--due")
        assert re.search(r'href="[^"]*\?ordning=nyast#tidslinje" aria-current="true"', newest)
        again = client.get(case_url(rich.case)).content.decode()  # e.g. back from a form
        assert entries_html(again)[0].startswith("timeline__entry--due")
        nonsense = client.get(case_url(rich.case, ordning="<x>")).content.decode()
        assert entries_html(nonsense)[0].startswith("timeline__entry--due")


def test_staff_outside_the_tree_are_still_refused(rich, tree):
    for user in (tree.other_unit_staff, tree.other_unit_manager, tree.administrator):
        client = signed_in(user)
        for params in ({}, {"ordning": "nyast"}):
            response = client.get(case_url(rich.case, **params))
            assert response.status_code == 404
            body = response.content.decode()
            assert CITIZEN_REASON not in body and rich.case.reference_number not in body
    assert not Event.objects.filter(
        case=rich.case, action=AuditAction.VIEWED, actor__in=[tree.other_unit_staff, tree.administrator]
    ).exists()


def test_a_reader_who_may_not_change_the_case_is_offered_no_follow_up(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        reader = signed_in(tree.quality_developer).get(case_url(rich.case)).content.decode()
        manager = signed_in(tree.unit_manager).get(case_url(rich.case)).content.decode()
    follow_up = reverse("staff:follow_up", args=[rich.case.pk, rich.case.actions.order_by("pk").last().pk])
    assert follow_up not in reader and "Åtgärd 2 i tidslinjen" not in reader
    assert follow_up in manager and "Åtgärd 2 i tidslinjen" in manager
    assert CITIZEN_REASON in reader  # reading is allowed: the timeline is there


# The timeline's own reads: the assignments; the messages, their files, the notes, the actions, the escalations, the
# ladder and the people they all name (staff.selectors.handling_panel_data); the audit events. The same for one
# entry of each kind or fifty.
TIMELINE_QUERIES = 9


def test_the_timeline_costs_a_fixed_number_of_queries(rich, tree, django_assert_num_queries):
    case = read(rich.case)
    with django_assert_num_queries(TIMELINE_QUERIES):
        small = case_timeline(case=case, today=rich.today)
    for index in range(5):
        note_add(case=case, body=f"Anteckning {index}", acting_user=tree.unit_manager)
        message_add(case=case, body=f"Meddelande {index}", from_citizen=True)
        message_add(case=case, body=f"Svar {index}", from_citizen=False, acting_user=tree.unit_manager)
    case_inform(case=case, body="Vi utreder på steg 2.", acting_user=tree.unit_manager)
    case = read(case)
    with django_assert_num_queries(TIMELINE_QUERIES):
        large = case_timeline(case=case, today=rich.today)
    assert len(large) == len(small) + 16 - 1  # the clock stopped: no entry for what is due


def test_the_case_page_costs_no_more_queries_with_a_longer_timeline(rich, tree):
    client = signed_in(tree.unit_manager)
    client.get(case_url(rich.case))  # the first visit also saves the session
    with CaptureQueriesContext(connection) as before:
        client.get(case_url(rich.case))
    case = read(rich.case)
    for index in range(5):
        note_add(case=case, body=f"Anteckning {index}", acting_user=tree.unit_manager)
        message_add(case=case, body=f"Meddelande {index}", from_citizen=True)
    with CaptureQueriesContext(connection) as after:
        client.get(case_url(rich.case))
    assert len(after) == len(before)


def test_a_notice_given_after_the_date_is_marked_late(tree):
    case = register(tree, days_ago=20)
    case_inform(case=case, body="Förlåt dröjsmålet: vi utreder.", acting_user=tree.contact_staff)
    entries = case_timeline(case=read(case), today=timezone.localdate())
    notice = next(entry for entry in entries if entry.kind == EntryKind.NOTICE)
    assert (notice.status, notice.status_tone) == ("Lämnat för sent", "warning")
    assert ("Sista dag på det här steget", notice.details[0][1]) == notice.details[0]
    assert not any(entry.kind == EntryKind.DUE for entry in entries)


def test_an_overdue_clock_is_the_last_entry(tree):
    case = register(tree, days_ago=20)
    entries = case_timeline(case=read(case), today=timezone.localdate())
    assert entries[-1].kind == EntryKind.DUE
    assert (entries[-1].status, entries[-1].status_tone) == ("Försenat med 6 dagar", "danger")


def test_a_withdrawal_and_a_final_answer_are_visible_to_the_sender(tree):
    from cases.services import case_answer_and_close
    from cases.tests.handling_helpers import closing_categories

    withdrawn = register(tree)
    case_withdraw(case=withdrawn, by_citizen=True)
    entries = case_timeline(case=read(withdrawn), today=timezone.localdate())
    assert [(entry.kind, entry.who, entry.visible) for entry in entries[-1:]] == [
        (EntryKind.WITHDRAWAL, "Avsändaren", True)
    ]
    assert entries[-1].what == "Avsändaren återkallade ärendet"
    closed = register(tree)
    case_answer_and_close(
        case=closed,
        body="Vi har pratat med personalen.",
        acting_user=tree.contact_staff,
        **closing_categories(closed),
    )
    last = case_timeline(case=read(closed), today=timezone.localdate())[-1]
    assert (last.kind, last.visible, last.what) == (
        EntryKind.ANSWER,
        True,
        "Slutligt svar till avsändaren: ärendet avslutades",
    )


def test_the_summary_and_the_actions_come_before_the_matter(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        html = signed_in(tree.unit_manager).get(case_url(rich.case)).content.decode()
    main = html.split('<main id="main"', 1)[1]
    order = [
        main.index('id="case-overview-heading"'),
        main.index('id="handling-todo-heading"'),
        main.index('id="case-submitted-heading"'),
        main.index('id="timeline-heading"'),
        main.index('id="handling-ladder-heading"'),
    ]
    assert order == sorted(order)
    summary = main.split('id="case-overview-heading"', 1)[1].split("</section>", 1)[0]
    for text in (
        rich.case.reference_number,
        "2 av 4: Enhetschef",
        "Bertil Enhetsson</bdi> (du)",
        "11 dagar kvar",
        "Fristen: 14 kalenderdagar på varje steg.",
        "E-post: <span",
        "karin.exempel@example.se",
        "2 åtgärder, 1 väntar på uppföljning",
    ):
        assert text in summary, text
    todo = main.split('id="handling-todo-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="#atgard-{rich.case.actions.order_by("pk").last().pk}"' in todo
    assert "försenad: skulle vara klar senast" in todo
    related = main.split('id="case-related-heading"', 1)[1].split("</section>", 1)[0]
    assert rich.twin.reference_number in related


def test_the_ladder_reflows_with_its_headers_kept(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        html = signed_in(tree.unit_manager).get(case_url(rich.case)).content.decode()
    ladder = html.split('id="handling-ladder-heading"', 1)[1].split("</table>", 1)[0]
    assert 'class="ds-table handling-ladder table-stack"' in ladder
    assert ladder.count('role="columnheader"') == 5 and ladder.count('role="rowheader"') == 4
    for label in ("Steg", "Roll", "Ansvarig", "Nått", "Avsändaren informerad"):
        assert ladder.count(f'data-label="{label}"') == 4, label  # one for each step


def signed_in(user):
    from staff.tests.conftest import signed_in_client

    return signed_in_client(user)


def test_a_letter_registered_later_names_the_registrar_and_both_days(tree):
    from cases.models import CaseKind, Channel, SenderRole
    from cases.services import CaseSubmission, case_register

    case = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.PERSON_CONCERNED,
            what_happened="Brev: hemtjänsten kom inte.",
            unit=tree.care_home,
            channel=Channel.POST,
            received_at=timezone.now() - timedelta(days=3),
        ),
        registered_by=tree.registrar,
    ).case
    received = case_timeline(case=read(case), today=timezone.localdate())[0]
    assert received.kind == EntryKind.RECEIVED and received.who == str(tree.registrar)
    assert ("Kanal", "Post") in received.details
    assert ("Registrerat den", date_in_words(timezone.localdate())) in received.details
    assert received.at == case.received_at  # placed when it arrived, not when it was registered


def test_the_timeline_speaks_english_to_those_who_ask(rich, tree):
    with time_machine.travel(rich.start + timedelta(days=12), tick=False):
        html = (
            signed_in(tree.unit_manager)
            .get(case_url(rich.case), headers={"Accept-Language": "en"})
            .content.decode()
        )
    for text in (
        ">Visible to the sender</span>",
        ">Internal</span>",
        "The sender&#x27;s own reason for asking for the next step",
        "Moved from step 1 to step 2: unit manager",
        "Late: not followed up",
        "Oldest first",
        "11 days left",
    ):
        assert text in html, text
