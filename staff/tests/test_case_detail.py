"""The case page and attachment downloads: what they show, what they record, how files are sent."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from cases.models import SenderRole
from cases.services import case_assign
from organisations.models import Role
from staff.presentation import safe_content_type, safe_filename
from staff.tests.conftest import pdf_upload, register


def case_url(case) -> str:
    return reverse("staff:case_detail", args=[case.pk])


def log_url(case) -> str:
    return reverse("staff:case_log", args=[case.pk])


def download_url(attachment) -> str:
    return reverse("staff:attachment_download", args=[attachment.case_id, attachment.pk])


def test_its_urls_are_named(tree):
    case = register(tree, attachments=[pdf_upload()])
    attachment = case.attachments.get()
    assert case_url(case) == f"/personal/arende/{case.pk}/"
    assert log_url(case) == f"/personal/arende/{case.pk}/logg/"
    assert download_url(attachment) == f"/personal/arende/{case.pk}/bilaga/{attachment.pk}/"


def test_it_shows_everything_that_was_submitted(tree, as_staff):
    case = register(
        tree,
        what_happened="Nattpersonalen svarade inte när mamma ringde på larmet.",
        desired_outcome="Att larmet besvaras inom fem minuter.",
        event_day=3,
        event_month=11,
        event_year=2026,
        about_person="Nattpersonalen på avdelning 2",
        sender_role=SenderRole.RELATIVE,
        contact_name="Maria Exempelsson",
        contact_email="maria@example.se",
        contact_phone="070-000 00 00",
        contact_address="Exempelgatan 1\n900 00 Testby",
        preferred_contact="email",
        attachments=[pdf_upload("larmlogg.pdf")],
    )
    html = as_staff(tree.unit_manager).get(case_url(case)).content.decode()
    for text in (
        case.reference_number,
        "Nattpersonalen svarade inte när mamma ringde på larmet.",
        "Att larmet besvaras inom fem minuter.",
        "3 november 2026",
        "Nattpersonalen på avdelning 2",
        "Maria Exempelsson",
        "maria@example.se",
        "070-000 00 00",
        "Exempelgatan 1<br>900 00 Testby",
        "Svenska",
        "Ladda ner larmlogg.pdf",
        "Solgårdens äldreboende",
        "Anna Kontaktsson",
        case.inform_by.strftime("%Y-%m-%d"),
        "14 dagar kvar",
    ):
        assert text in html, text


def test_it_says_when_the_sender_is_anonymous(tree, as_staff):
    case = register(tree, is_anonymous=True, contact_name="Syns inte")
    html = as_staff(tree.contact_staff).get(case_url(case)).content.decode()
    assert "Anonym: avsändaren följer ärendet med en kvittokod." in html
    assert "Syns inte" not in html


def test_it_keeps_internal_and_sender_sections_apart(tree, as_staff):
    case = register(tree)
    html = as_staff(tree.contact_staff).get(case_url(case)).content.decode()
    # The summary and the related cases; the timeline marks each of its entries (test_timeline.py).
    assert html.count("case-section--internal") == 2
    assert html.count("case-section--citizen") == 3  # what they wrote, who is writing, the attachments
    assert "Internt: avsändaren ser inte den här delen." in html


def test_it_shows_the_handling_panels_parts_beside_the_timeline(tree, as_staff):
    """The workbench shows what the handling page shows (what can be done, the flag, the ladder), with the
    messages, notes and actions in one timeline instead of three lists."""
    case = register(tree)
    response = as_staff(tree.contact_staff).get(case_url(case))
    names = [template.name for template in response.templates]
    for part in (
        "handling/_todo.html",
        "handling/_flag.html",
        "handling/_ladder.html",
        "staff/_timeline.html",
    ):
        assert part in names, part


def test_the_handling_panel_offers_only_what_the_user_may_do(tree, as_staff):
    """A quality developer reads every case but handles none: they are offered no handling page (each would answer
    404) and told why; the unit manager is offered them."""
    from django.utils import translation

    case = register(tree)
    reader = as_staff(tree.quality_developer).get(case_url(case)).content.decode()
    manager = as_staff(tree.unit_manager).get(case_url(case)).content.decode()
    handling_links = [reverse("staff:inform", args=[case.pk]), reverse("staff:note", args=[case.pk])]
    with translation.override("sv"):
        told = translation.gettext(
            "You may read this case but not handle it: only its holder and the managers of its part of the "
            "organisation can."
        )
    assert told.startswith("Du får läsa ärendet")
    assert all(link not in reader for link in handling_links) and told in reader
    assert all(link in manager for link in handling_links) and told not in manager
    assert as_staff(tree.quality_developer).get(handling_links[1]).status_code == 404


def test_it_shows_the_history_of_assignments_and_events_in_words(tree, as_staff):
    case = register(tree)
    case_assign(
        case=case,
        assignee=tree.unit_manager,
        node=tree.care_home,
        role=Role.UNIT_MANAGER,
        reason="reassigned",
        acting_user=tree.contact_staff,
        note="Semester",
    )
    client = as_staff(tree.unit_manager)
    html = client.get(case_url(case)).content.decode()
    history = html.split('id="tidslinje"')[1]
    assert "Anna Kontaktsson fick ärendet" in history and "Bertil Enhetsson fick ärendet" in history
    assert "Systemet (automatisk fördelning)" in history  # routing assigned it first
    assert "Semester" in history
    assert f'href="{log_url(case)}"' in history  # the log is a page of its own
    assert "Registrerade ärendet" not in history  # the audit log's words stay in the log
    log = client.get(log_url(case)).content.decode()
    assert "Registrerade ärendet" in log and "Tilldelade ärendet" in log
    assert "Läste ärendet" in log  # the reads of the case page, in the read log


def test_every_view_of_the_case_page_is_audited(tree, as_staff):
    case = register(tree)
    client = as_staff(tree.deputy_head)
    client.get(case_url(case))
    client.get(case_url(case))
    events = Event.objects.filter(case=case, action=Action.VIEWED)
    assert events.count() == 2
    assert {event.actor for event in events} == {tree.deputy_head}


# Session, user, device; the reader's roles, then the case with the answer to "may they change it" (two plain
# queries cost Django less to build than one with two correlated subqueries: cases.policy); the read's audit row (the chain's lock
# on PostgreSQL, its end, the row); assignments, attachments; the panel's messages, notes, actions, escalations,
# and the ladder with its holders; the timeline's audit events (staff/timeline.py: the flag, a withdrawal, the
# sweep's reminders, links, whether each information came in time); what the case concerns and its cause; whether
# anyone in the case has protected personal details (protection.selectors.sender_details); the case's report to
# IVO, if one was sent, with IVO's reference number (api.exchange.report_to_authority).
CASE_PAGE_MAX_QUERIES = 21


def test_the_case_page_costs_no_more_queries_with_more_history(tree, as_staff, django_assert_max_num_queries):
    case = register(tree, attachments=[pdf_upload()])
    client = as_staff(tree.unit_manager)
    client.get(case_url(case))  # the first visit also saves the session
    with django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES) as first:
        client.get(case_url(case))
    for index in range(5):
        case_assign(
            case=case,
            assignee=tree.unit_manager if index % 2 else tree.contact_staff,
            node=tree.care_home,
            role=Role.UNIT_MANAGER,
            reason="reassigned",
            acting_user=tree.unit_manager,
        )
        client.get(case_url(case))
    from cases.services import attachment_add

    attachment_add(case=case, upload=pdf_upload("andra.pdf"), uploaded_by=tree.unit_manager)
    with CaptureQueriesContext(connection) as later:
        client.get(case_url(case))
    assert len(later) == len(first)


def test_the_log_shows_the_most_recent_reads_and_is_itself_audited(tree, as_staff):
    case = register(tree)
    client = as_staff(tree.unit_manager)
    for _ in range(55):
        client.get(case_url(case))
    response = client.get(log_url(case))
    assert response["Cache-Control"] == "no-store, private"
    html = response.content.decode()
    reads = html.split('class="table-scroll case-reads"')[1].split("</table>")[0]
    assert "Vem som har läst ärendet (de 50 senaste)" in html
    assert reads.count("<tr>") == 1 + 50  # the heading row, then the reads
    views = Event.objects.filter(case=case, action=Action.VIEWED)
    assert views.count() == 56
    assert views.order_by("-pk").first().data == {"page": "log"}


def test_the_log_is_a_404_for_staff_outside_the_case(tree, as_staff):
    case = register(tree)
    assert as_staff(tree.other_unit_staff).get(log_url(case)).status_code == 404
    assert not Event.objects.filter(case=case, action=Action.VIEWED).exists()


def test_a_download_is_an_attachment_that_is_never_sniffed_or_cached(tree, as_staff):
    case = register(tree, attachments=[pdf_upload("läkarintyg mars.pdf")])
    attachment = case.attachments.get()
    response = as_staff(tree.contact_staff).get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''l%C3%A4karintyg%20mars.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_every_download_is_audited_without_the_file_name(tree, as_staff):
    case = register(tree, attachments=[pdf_upload("hemligt-namn.pdf")])
    attachment = case.attachments.get()
    as_staff(tree.unit_manager).get(download_url(attachment))
    event = Event.objects.get(case=case, action=Action.ATTACHMENT_DOWNLOADED)
    assert event.actor == tree.unit_manager
    assert event.data == {"attachment": attachment.pk}


def test_an_attachment_must_belong_to_the_case_in_the_address(tree, as_staff):
    first = register(tree, attachments=[pdf_upload()])
    second = register(tree)
    attachment = first.attachments.get()
    url = reverse("staff:attachment_download", args=[second.pk, attachment.pk])
    assert as_staff(tree.contact_staff).get(url).status_code == 404
    assert not Event.objects.filter(action=Action.ATTACHMENT_DOWNLOADED).exists()


def test_a_missing_file_is_a_404_not_a_crash(tree, as_staff):
    case = register(tree, attachments=[pdf_upload()])
    attachment = case.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    assert as_staff(tree.contact_staff).get(download_url(attachment)).status_code == 404


def test_posting_to_the_case_page_or_a_download_is_refused(tree, as_staff):
    case = register(tree, attachments=[pdf_upload()])
    client = as_staff(tree.contact_staff)
    assert client.post(case_url(case)).status_code == 405
    assert client.post(download_url(case.attachments.get())).status_code == 405


def test_file_names_are_made_safe_for_the_header():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\anna\\brev.pdf") == "brev.pdf"
    assert safe_filename('a"b;c\r\nd.pdf') == "a_b_c_d.pdf"
    assert safe_filename("  ..  ") == "bilaga"
    assert safe_filename("å" * 300 + ".pdf").endswith(".pdf")
    assert len(safe_filename("å" * 300 + ".pdf")) == 120


def test_content_types_that_a_browser_could_run_are_sent_as_bytes():
    assert safe_content_type("application/pdf") == "application/pdf"
    assert safe_content_type("image/png") == "image/png"
    for active in ("text/html", "image/svg+xml", "text/plain", "application/xhtml+xml", "", "nonsense"):
        assert safe_content_type(active) == "application/octet-stream"


def test_it_names_the_codes_that_handling_and_the_deadline_sweep_write(tree, as_staff):
    from audit.services import audit_record

    case = register(tree)
    audit_record(action="note_added", case_id=case.pk, actor=tree.contact_staff, data={"note": 1})
    audit_record(action="deadline_reminded_due", case_id=case.pk)
    log = as_staff(tree.contact_staff).get(log_url(case)).content.decode()
    assert "Lade till en intern anteckning" in log
    assert "note_added" not in log and "deadline_reminded_due" not in log


def test_the_way_back_leads_to_the_inbox_as_it_was_left(tree, as_staff):
    case = register(tree)
    client = as_staff(tree.unit_manager)
    assert client.get(case_url(case)).context["inbox_url"] == "/personal/"
    client.get("/personal/", {"tab": "scope", "kind": "complaint"})
    assert client.get(case_url(case)).context["inbox_url"] == "/personal/?tab=scope&kind=complaint"


def test_it_speaks_english_to_those_who_ask(tree, as_staff):
    case = register(tree, days_ago=20)
    client = as_staff(tree.contact_staff)
    html = client.get(case_url(case), headers={"Accept-Language": "en"}).content.decode()
    assert "Overdue by 6 days" in html and "What the sender wrote" in html
    inbox = client.get("/personal/", headers={"Accept-Language": "en"}).content.decode()
    assert "Assigned to me" in inbox and "Overdue by 6 days" in inbox
