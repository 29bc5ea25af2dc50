"""The log review page: administrators see who read which cases; nobody else; the review is logged."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from audit.services import audit_record
from cases.services import CaseSubmission, case_register

pytestmark = pytest.mark.django_db
URL = "/konto/granskning/"


def table(response) -> str:
    body = response.content.decode()
    return body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""


@pytest.fixture
def case(tree):
    return case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Hemligt innehåll",
            unit=tree.care_home,
        )
    ).case


def test_the_url_is_the_one_in_the_brief():
    assert reverse("accounts:audit_review") == URL


def test_an_administrator_sees_who_read_which_case(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference_number in body
    assert "Anna Kontaktsson" in body
    assert "Läste ärendet" in body
    assert "Hemligt innehåll" not in body
    assert Event.objects.filter(action=Action.LOG_REVIEWED, actor=tree.administrator).count() == 1


def test_it_filters_by_staff_member_reference_and_date(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.unit_manager)
    client.force_login(tree.administrator)
    rows = table(client.get(URL, {"staff": tree.unit_manager.pk}))
    assert "Bertil Enhetsson" in rows and "Anna Kontaktsson" not in rows
    assert "Anna Kontaktsson" not in table(client.get(URL, {"reference": "SN 1999/00001"}))
    assert "Anna Kontaktsson" in table(client.get(URL, {"reference": case.reference_number.lower()}))
    assert table(client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-01-02"})) == ""


def test_a_bad_date_range_gets_a_message(client, tree):
    client.force_login(tree.administrator)
    response = client.get(URL, {"date_from": "2026-02-02", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Till-datumet måste" in response.content.decode()


def test_it_pages(client, tree, case):
    for index in range(55):
        read_at(index * 45, case=case, actor=tree.contact_staff)  # far enough apart to be a row each
    client.force_login(tree.administrator)
    body = client.get(URL).content.decode()
    assert "Sida 1 av 2" in body
    assert "Nästa sida" in body and "sida=2" in body
    response = client.get(URL, {"sida": 2})
    assert response.status_code == 200 and len(rows_of(response)) == 5
    # Pages are pages of events, grouped or not: the count and the pages are those of the trail.
    for _ in range(55):
        audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.unit_manager)
    for query in ({}, {"each_read": "on"}):
        body = client.get(URL, query).content.decode()
        assert "110 händelser" in body and "Sida 1 av 3" in body


@pytest.mark.parametrize("persona", ["contact_staff", "unit_manager", "head_of_operations", "registrar"])
def test_other_staff_may_not_review_the_log(client, tree, persona):
    client.force_login(getattr(tree, persona))
    assert client.get(URL).status_code == 403


def test_a_superuser_may_review_the_log(client, tree):
    tree.contact_staff.is_superuser = True
    tree.contact_staff.save()
    client.force_login(tree.contact_staff)
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def other_tree(tree):
    from organisations.testing import build_tree

    return build_tree(slug="grannby", prefix="GB")


def other_case(other_tree):
    return case_register(
        submission=CaseSubmission(
            organisation=other_tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Grannbyns hemliga innehåll",
            unit=other_tree.care_home,
        )
    ).case


def test_an_administrator_sees_only_the_log_of_their_own_organisation(client, tree, case, other_tree):
    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    audit_record(action=Action.SIGNED_IN, actor=other_tree.unit_manager)
    client.force_login(tree.administrator)
    rows = table(client.get(URL, {"action": "alla"}))
    assert case.reference_number in rows and "Anna Kontaktsson" in rows
    assert theirs.reference_number not in rows
    from audit.selectors import events_for_review

    seen = events_for_review(reviewer=tree.administrator, actions=None)
    assert not seen.filter(actor=other_tree.unit_manager).exists()  # the other organisation's log-in
    assert not seen.filter(case=theirs).exists()
    assert seen.filter(case=case).exists()
    # Nothing of the other organisation's people in the filter either.
    body = client.get(URL).content.decode()
    assert f'value="{tree.contact_staff.pk}"' in body
    for person in (other_tree.contact_staff, other_tree.unit_manager, other_tree.administrator):
        assert f'value="{person.pk}"' not in body
    assert table(client.get(URL, {"reference": theirs.reference_number})) == ""
    # Choosing a person of the other organisation is refused by the form (not a choice), so shows nothing of them.
    response = client.get(URL, {"staff": other_tree.contact_staff.pk})
    assert "Grannbyns" not in response.content.decode()
    assert theirs.reference_number not in table(response)
    # And the other way round.
    client.force_login(other_tree.administrator)
    rows = table(client.get(URL))
    assert theirs.reference_number in rows and case.reference_number not in rows


def test_a_superuser_sees_every_organisations_log(client, tree, case, other_tree):
    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    tree.quality_developer.is_superuser = True
    tree.quality_developer.save()
    client.force_login(tree.quality_developer)
    rows = table(client.get(URL))
    assert case.reference_number in rows and theirs.reference_number in rows


def test_an_administrator_of_both_sees_both(client, tree, case, other_tree):
    from organisations.models import Role, RoleAssignment

    theirs = other_case(other_tree)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.VIEWED, case_id=theirs.pk, actor=other_tree.contact_staff)
    RoleAssignment.objects.create(user=tree.administrator, node=other_tree.root, role=Role.ADMINISTRATOR)
    client.force_login(tree.administrator)
    rows = table(client.get(URL))
    assert case.reference_number in rows and theirs.reference_number in rows


# --- Filters: what was done, and reads outside the reader's part of the organisation -------------------------


def rows_of(response) -> list[str]:
    """The table's rows, each as its text without tags."""
    rows = table(response).split("</tr>")[:-1]
    return [" ".join(re.sub(r"<[^>]+>", "", re.sub(r"</t[dh]>", " ", row)).split()) for row in rows]


def test_it_filters_by_what_was_done(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.ASSIGNED, case_id=case.pk, actor=tree.unit_manager)
    audit_record(action=Action.SIGNED_IN, actor=tree.deputy_head)
    client.force_login(tree.administrator)
    reads = table(client.get(URL))
    assert "Läste ärendet" in reads and "Tilldelade ärendet" not in reads and "Loggade in" not in reads
    log_ins = table(client.get(URL, {"action": Action.SIGNED_IN}))
    assert "Cecilia Biträdesson" in log_ins and "Läste ärendet" not in log_ins
    assert "Anna Kontaktsson" not in log_ins
    assignments = table(client.get(URL, {"action": Action.ASSIGNED}))
    assert "Bertil Enhetsson" in assignments and "Tilldelade ärendet" in assignments
    everything = table(client.get(URL, {"action": "alla"}))
    for label in ("Läste ärendet", "Tilldelade ärendet", "Loggade in"):
        assert label in everything


def test_the_action_filter_offers_the_trails_vocabulary_by_name_in_both_languages(client, tree):
    client.force_login(tree.administrator)
    body = client.get(URL).content.decode()
    assert f'<option value="{Action.VIEWED}">Läste ärendet</option>' in body
    assert f'<option value="{Action.LOG_REVIEWED}">Granskade loggen</option>' in body
    assert (
        '<option value="closed">Avslutade ärendet</option>' in body
    )  # handling's own codes (cases.services.handling)
    assert '<option value="alla">Alla händelser</option>' in body
    client.cookies["django_language"] = "en"
    body = client.get(URL).content.decode()
    assert f'<option value="{Action.VIEWED}">Read the case</option>' in body
    assert '<option value="alla">Every event</option>' in body


def test_an_action_that_is_not_in_the_vocabulary_is_refused(client, tree, case):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    response = client.get(URL, {"action": "dropped_the_table"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Fel:" in body
    assert "Välj ett giltigt alternativ" in body


@pytest.fixture
def outsider_read(tree, case):
    """Charlie works at the group home (LSS) and read a case of the care home (elderly care)."""
    return audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.other_unit_staff)


def test_it_marks_reads_outside_the_readers_part_of_the_organisation(client, tree, case, outsider_read):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)  # the care home's own
    audit_record(action=Action.ATTACHMENT_DOWNLOADED, case_id=case.pk, actor=tree.deputy_head)  # above it
    audit_record(
        action=Action.VIEWED, case_id=case.pk, actor=tree.quality_developer
    )  # reads all, from the top
    client.force_login(tree.administrator)
    response = client.get(URL)
    rows = {row.split(" ", 2)[2] for row in rows_of(response)}  # without the date and time
    assert rows == {
        f"Charlie Annansson Läste ärendet {case.reference_number} Utanför",
        f"Anna Kontaktsson Läste ärendet {case.reference_number} Inom",
        f"Cecilia Biträdesson Öppnade en bilaga {case.reference_number} Inom",
        f"Fredrik Kvalitetsson Läste ärendet {case.reference_number} Inom",
    }
    body = response.content.decode()
    # Shown at once, above the table, with the way to see only those; said in words, not only in colour.
    assert "1 läsning i urvalet gjordes utanför läsarens del av organisationen." in body
    assert "outside_only=on" in body
    assert '<span class="ds-tag" data-color="warning">Utanför</span>' in body
    # And the page says that the roles are today's.
    assert "Rollerna är dagens" in body


def test_an_administrators_role_gives_no_part_to_read_in_but_holding_the_case_does(client, tree, case):
    from cases.models import Case

    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.administrator)
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.other_unit_manager)
    Case.objects.filter(pk=case.pk).update(holder=tree.other_unit_manager)
    client.force_login(tree.administrator)
    rows = " | ".join(rows_of(client.get(URL)))
    assert f"Gun Adminsson Läste ärendet {case.reference_number} Utanför" in rows
    assert f"Harald Björksson Läste ärendet {case.reference_number} Inom" in rows


def test_it_uses_todays_roles(client, tree, case):
    from organisations.models import RoleAssignment

    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.unit_manager)
    RoleAssignment.objects.filter(user=tree.unit_manager).delete()  # Bertil has left the care home since
    client.force_login(tree.administrator)
    assert rows_of(client.get(URL))[0].endswith(
        f"Bertil Enhetsson Läste ärendet {case.reference_number} Utanför"
    )


def test_it_filters_only_the_reads_outside_the_readers_part(client, tree, case, outsider_read):
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=tree.contact_staff)
    audit_record(action=Action.SIGNED_IN, actor=tree.other_unit_staff)
    client.force_login(tree.administrator)
    for query in ({"outside_only": "on"}, {"outside_only": "on", "action": "alla"}):
        rows = rows_of(client.get(URL, query))
        assert len(rows) == 1 and "Charlie Annansson Läste ärendet" in rows[0]
    # The citizen's own reads are never outside anything.
    audit_record(action=Action.CITIZEN_VIEWED, case_id=case.pk, actor_label="citizen")
    rows = rows_of(client.get(URL, {"outside_only": "on"}))
    assert len(rows) == 1
    citizen = [row for row in rows_of(client.get(URL)) if "Medborgaren läste" in row]
    assert citizen and not citizen[0].endswith(("Utanför", "Inom"))


def test_the_filters_combine(client, tree, case, outsider_read, other_tree):
    second = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened="Ett annat ärende",
            unit=tree.group_home,
        )
    ).case
    audit_record(action=Action.VIEWED, case_id=second.pk, actor=tree.other_unit_staff)  # Charlie's own unit
    audit_record(action=Action.ATTACHMENT_DOWNLOADED, case_id=case.pk, actor=tree.other_unit_staff)
    client.force_login(tree.administrator)
    query = {"staff": tree.other_unit_staff.pk, "reference": case.reference_number, "action": Action.VIEWED}
    rows = rows_of(client.get(URL, query))
    assert len(rows) == 1 and rows[0].endswith("Läste ärendet " + case.reference_number + " Utanför")
    assert len(rows_of(client.get(URL, {"staff": tree.other_unit_staff.pk}))) == 3
    assert len(rows_of(client.get(URL, {"staff": tree.other_unit_staff.pk, "outside_only": "on"}))) == 2


# --- Repeated reads are one row ------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def read_at(minutes: float, *, case, actor, action=Action.VIEWED):
    with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False):
        return audit_record(action=action, case_id=case.pk, actor=actor)


def test_repeated_reads_of_a_case_by_one_person_are_one_row(client, tree, case):
    for minutes in (0, 10, 35, 60):  # each within 30 minutes of the one before: one run of four
        read_at(minutes, case=case, actor=tree.contact_staff)
    read_at(20, case=case, actor=tree.unit_manager)  # someone else, in between: a row of its own
    read_at(95, case=case, actor=tree.contact_staff)  # 35 minutes after the last: a new run
    read_at(96, case=case, actor=tree.contact_staff, action=Action.ATTACHMENT_DOWNLOADED)  # another kind
    client.force_login(tree.administrator)
    response = client.get(URL)
    assert rows_of(response) == [
        f"2026-03-02 10:36:00 Anna Kontaktsson Öppnade en bilaga {case.reference_number} Inom",
        f"2026-03-02 10:35:00 Anna Kontaktsson Läste ärendet {case.reference_number} Inom",
        f"2026-03-02 09:00–10:00 Anna Kontaktsson Läste ärendet, 4 gånger {case.reference_number} Inom",
        f"2026-03-02 09:20:00 Bertil Enhetsson Läste ärendet {case.reference_number} Inom",
    ]
    body = response.content.decode()
    assert "7 händelser" in body  # every read is counted, and kept
    assert Event.objects.filter(action=Action.VIEWED, actor=tree.contact_staff).count() == 5
    # Each on a row of its own, when asked.
    assert len(rows_of(client.get(URL, {"each_read": "on"}))) == 7


def test_a_run_that_crosses_midnight_names_both_days(client, tree, case):
    for minutes in (14 * 60 + 50, 15 * 60 + 10):  # 23:50 and 00:10
        read_at(minutes, case=case, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    assert rows_of(client.get(URL))[0].startswith("2026-03-02 23:50–2026-03-03 00:10 Anna Kontaktsson")


def test_a_run_is_cut_by_the_period(client, tree, case):
    for minutes in (14 * 60 + 50, 15 * 60 + 10):  # 23:50 and 00:10
        read_at(minutes, case=case, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    rows = rows_of(client.get(URL, {"date_from": "2026-03-03"}))
    assert rows == [f"2026-03-03 00:10:00 Anna Kontaktsson Läste ärendet {case.reference_number} Inom"]
    rows = rows_of(client.get(URL, {"date_to": "2026-03-02"}))
    assert rows == [f"2026-03-02 23:50:00 Anna Kontaktsson Läste ärendet {case.reference_number} Inom"]


def test_a_run_cut_by_pages_is_a_row_on_each_that_says_so(client, tree, case):
    # 129 events: 59 single reads by Bertil, 45 minutes apart, and a run of 70 reads by Anna from the 39th event
    # to the 108th: pages of 50 events cut it twice.
    for index in range(59):
        read_at(index * 45, case=case, actor=tree.unit_manager)
    for index in range(70):
        read_at(20 * 45 + index * 0.25, case=case, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    pages = [rows_of(client.get(URL, {"sida": number})) for number in (1, 2, 3)]
    assert [len(rows) for rows in pages] == [39, 1, 22]
    runs = [row for rows in pages for row in rows if "Anna" in row]
    assert runs == [
        f"2026-03-03 00:14–00:17 Anna Kontaktsson Läste ärendet, 12 gånger (fler på senare sidor) {case.reference_number} Inom",
        f"2026-03-03 00:02–00:14 Anna Kontaktsson Läste ärendet, 50 gånger (fler på tidigare sidor) (fler på senare sidor) {case.reference_number} Inom",
        f"2026-03-03 00:00–00:01 Anna Kontaktsson Läste ärendet, 8 gånger (fler på tidigare sidor) {case.reference_number} Inom",
    ]
    assert all("fler på" not in row for rows in pages for row in rows if "Bertil" in row)
    assert "129 händelser" in client.get(URL).content.decode()


# --- The cost of the page, and that the review is logged -----------------------------------------------------


def test_the_page_takes_a_fixed_number_of_queries(
    client, tree, case, other_tree, django_assert_max_num_queries
):
    read_at(0, case=case, actor=tree.contact_staff)
    client.force_login(tree.administrator)
    client.get(URL)  # the session and the second factor warmed up
    few = count_queries(client)
    for minutes in range(0, 600, 7):
        read_at(minutes, case=case, actor=tree.contact_staff)
        read_at(minutes + 1, case=case, actor=tree.other_unit_staff)
        read_at(minutes * 3, case=other_case(other_tree), actor=tree.contact_staff)
    audit_record(action=Action.SIGNED_IN, actor=tree.unit_manager)
    assert count_queries(client) == few
    assert count_queries(client, {"each_read": "on"}) == few
    assert count_queries(client, {"outside_only": "on", "sida": 2}) == few - 1  # no count of reads outside
    # The session, the user and their second factor (3); may they review (1); the chosen person (1); the reads
    # outside, the count and the page (3); the review's own event (the chain's end and the row, plus the chain's
    # lock on PostgreSQL: 2-3); the organisation for the header (1); the people to choose from (1); the staff
    # frame's roles (1).
    with django_assert_max_num_queries(14):
        client.get(URL, {"action": "alla", "staff": tree.contact_staff.pk})


def count_queries(client, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, query or {}).status_code == 200
    return len(queries)


def test_every_review_is_logged_with_its_filters(client, tree, case):
    client.force_login(tree.administrator)
    client.get(URL, {"staff": tree.contact_staff.pk, "action": Action.VIEWED, "outside_only": "on"})
    event = Event.objects.filter(action=Action.LOG_REVIEWED).latest("pk")
    assert event.actor == tree.administrator and event.case_id is None
    assert event.data == {
        "staff": tree.contact_staff.pk,
        "reference": None,
        "action": Action.VIEWED,
        "outside_only": True,
        "page": 1,
    }
    # And the review is itself in the log that the next review shows.
    assert "Granskade loggen" in table(client.get(URL, {"action": Action.LOG_REVIEWED}))


def test_a_non_administrator_is_refused_and_nothing_is_logged(client, tree):
    client.force_login(tree.head_of_operations)
    assert client.get(URL, {"outside_only": "on"}).status_code == 403
    assert not Event.objects.filter(action=Action.LOG_REVIEWED).exists()


def test_the_review_shows_its_whole_page_though_it_logs_itself(client, tree, case):
    client.force_login(tree.administrator)
    client.get(URL)  # one review before, in the log
    read_at(0, case=case, actor=tree.contact_staff)  # the oldest event, the last row
    # The events of this organisation's cases and its reviews (the tree's own set-up events name no case).
    before = Event.objects.filter(Q(case_id__isnull=False) | Q(action=Action.LOG_REVIEWED)).count()
    rows = rows_of(client.get(URL, {"action": "alla"}))
    assert len(rows) == before
    assert rows[-1].startswith("2026-03-02 09:00:00 Anna Kontaktsson Läste ärendet")
    assert "Granskade loggen" in rows[0]  # the review before; this one is in the next
