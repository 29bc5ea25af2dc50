"""Requests for public documents: registered by staff or anyone, a deadline in working days, reviewed and masked
part by part by those who may change the case, decided once, every step audited; bad input gets a clear message."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from records import services
from records.models import DocumentRequest, Mask, Outcome, RequestChannel, RequestState
from records.tests.conftest import SECRET_NAME, ground, request_for, secret_case, signed_in_client

pytestmark = pytest.mark.django_db


def test_the_deadline_counts_working_days_past_easter(tree):
    settings = services.records_settings_for(tree.organisation)
    assert settings.request_working_days == 1
    # Maundy Thursday 2026: Good Friday and Easter Monday are not working days.
    assert services.request_due_on(settings, date(2026, 4, 2)) == date(2026, 4, 7)
    services.records_settings_change(
        organisation=tree.organisation, changes={"request_working_days": 3}, acting_user=None
    )
    settings = services.records_settings_for(tree.organisation)
    assert services.request_due_on(settings, date(2026, 12, 4)) == date(2026, 12, 9)


def test_staff_register_a_request_and_it_is_audited(tree):
    case = secret_case(tree)
    client = signed_in_client(tree.registrar)
    response = client.post(
        reverse("records:new"),
        {
            "reference": case.reference_number.lower(),
            "channel": RequestChannel.PHONE,
            "received_on_day": "4",
            "received_on_month": "12",
            "received_on_year": "2026",
        },
    )
    created = DocumentRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:detail", args=[created.pk])
    assert created.case == case and created.due_on == date(2026, 12, 7) and created.requester_name == ""
    event = Event.objects.get(action="document_request_registered")
    assert event.case_id == case.pk and event.actor == tree.registrar
    assert event.data == {"request": created.pk, "channel": "phone", "due_on": "2026-12-07"}


def test_a_request_about_a_case_that_does_not_exist_gets_a_clear_message(tree):
    secret_case(tree)
    client = signed_in_client(tree.contact_staff)
    response = client.post(
        reverse("records:new"),
        {
            "reference": "SN 1999/99999",
            "channel": "post",
            "received_on_day": "1",
            "received_on_month": "12",
            "received_on_year": "2026",
            "requester_name": "Kalle Frågare",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det finns inget ärende med diarienummer SN 1999/99999 i din del av organisationen." in html
    assert 'value="Kalle Frågare"' in html  # nothing typed is lost
    assert not DocumentRequest.objects.exists()


def test_staff_of_another_unit_cannot_register_see_or_handle_it(tree):
    case = secret_case(tree)
    created = request_for(case, tree.registrar)
    charlie = signed_in_client(tree.other_unit_staff)
    response = charlie.post(
        reverse("records:new"),
        {
            "reference": case.reference_number,
            "channel": "post",
            "received_on_day": "1",
            "received_on_month": "12",
            "received_on_year": "2026",
        },
    )
    assert "Det finns inget ärende" in response.content.decode()
    assert charlie.get(reverse("records:detail", args=[created.pk])).status_code == 404
    assert charlie.get(reverse("records:copy_pdf", args=[created.pk])).status_code == 404
    assert case.reference_number not in charlie.get(reverse("records:list")).content.decode()
    assert not Event.objects.filter(action="viewed", actor=tree.other_unit_staff).exists()
    # The quality developer reads, but does not handle.
    reader = signed_in_client(tree.quality_developer)
    assert reader.get(reverse("records:detail", args=[created.pk])).status_code == 200
    assert (
        reader.post(
            reverse("records:review", args=[created.pk]), {"part_kind": "field", "part_key": "subject"}
        ).status_code
        == 404
    )


def test_the_request_page_is_a_read_of_the_case(tree):
    case = secret_case(tree)
    created = request_for(case, tree.registrar)
    client = signed_in_client(tree.contact_staff)
    response = client.get(reverse("records:detail", args=[created.pk]))
    assert response.status_code == 200
    assert SECRET_NAME in response.content.decode()
    event = Event.objects.filter(action="viewed", case=case).latest("pk")
    assert event.actor == tree.contact_staff
    assert event.data == {"page": "document_request", "request": created.pk}


def test_a_mask_over_nothing_gets_a_clear_message_and_keeps_the_text(tree):
    case = secret_case(tree)
    created = request_for(case, tree.registrar)
    client = signed_in_client(tree.contact_staff)
    prefix = "part-field-what_happened-mask"
    response = client.post(
        reverse("records:mask", args=[created.pk]),
        {
            "part_kind": "field",
            "part_key": "what_happened",
            f"{prefix}-passage": "Någon som inte finns",
            f"{prefix}-ground": ground().pk,
            f"{prefix}-every": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Texten finns inte i den här delen." in html
    assert "Någon som inte finns</textarea>" in html
    assert not Mask.objects.exists()
    response = client.post(
        reverse("records:mask", args=[created.pk]),
        {
            "part_kind": "field",
            "part_key": "what_happened",
            f"{prefix}-passage": "",
            f"{prefix}-ground": ground().pk,
        },
    )
    assert "Skriv eller klistra in texten som ska maskeras" in response.content.decode()
    # A part the case does not have.
    assert (
        client.post(
            reverse("records:mask", args=[created.pk]), {"part_kind": "note", "part_key": "999"}
        ).status_code
        == 404
    )


def test_staff_mask_review_and_decide_and_every_step_is_audited(tree):
    case = secret_case(tree)
    created = request_for(case, tree.registrar)
    client = signed_in_client(tree.contact_staff)
    prefix = "part-field-what_happened-mask"
    response = client.post(
        reverse("records:mask", args=[created.pk]),
        {
            "part_kind": "field",
            "part_key": "what_happened",
            f"{prefix}-passage": SECRET_NAME,
            f"{prefix}-ground": ground().pk,
            f"{prefix}-every": "on",
        },
    )
    assert response.status_code == 302
    mask = Mask.objects.get()
    assert case.what_happened[mask.start : mask.end] == SECRET_NAME
    masked = Event.objects.get(action="document_request_masked")
    assert SECRET_NAME not in str(masked.data) and masked.data["ground"] == "OSL 26 kap. 1 §"

    # Deciding before every part is reviewed is refused, with the count.
    response = client.post(reverse("records:decide", args=[created.pk]))
    assert "Pröva varje del innan du beslutar" in response.content.decode()
    for part in services.parts_to_review(case):
        key = f"part-{part.kind}-{part.key}-review"
        response = client.post(
            reverse("records:review", args=[created.pk]),
            {"part_kind": part.kind, "part_key": part.key, f"{key}-withheld_ground": ""},
        )
        assert response.status_code == 302
    assert client.post(reverse("records:decide", args=[created.pk])).status_code == 302
    created.refresh_from_db()
    assert created.state == RequestState.DECIDED and created.outcome == Outcome.PARTLY_DISCLOSED
    assert created.decided_by == tree.contact_staff

    copy = client.get(reverse("records:copy_pdf", args=[created.pk]))
    assert copy["Content-Type"] == "application/pdf" and copy["Cache-Control"] == "no-store"
    letter = client.get(reverse("records:letter_pdf", args=[created.pk]))
    assert letter.status_code == 200
    actions = list(Event.objects.filter(case=case).values_list("action", flat=True))
    for action in (
        "document_request_registered",
        "document_request_part_reviewed",
        "document_request_masked",
        "document_request_decided",
        "document_request_copy_made",
        "document_request_letter_made",
    ):
        assert action in actions
    # Decided: nothing of the review changes any more.
    response = client.post(reverse("records:unmask", args=[created.pk, mask.pk]))
    assert "Begäran är beslutad" in response.content.decode()
    assert Mask.objects.exists()


def test_the_list_shows_what_is_overdue_first(tree, time_machine):
    time_machine.move_to("2026-12-01 10:00 +01:00")
    case = secret_case(tree)
    late = services.document_request_register(
        case=case, channel=RequestChannel.POST, received_on=date(2026, 11, 20), acting_user=tree.registrar
    )
    soon = request_for(case, tree.registrar)
    html = signed_in_client(tree.contact_staff).get(reverse("records:list")).content.decode()
    assert html.index(f"begäran {late.pk}") < html.index(f"begäran {soon.pk}")
    assert "Försenad" in html
    only = signed_in_client(tree.contact_staff).get(reverse("records:list") + "?overdue=on").content.decode()
    assert f"begäran {soon.pk}" not in only and f"begäran {late.pk}" in only


def test_anyone_may_ask_through_the_register_anonymously(tree):
    case = secret_case(tree)
    services.records_settings_change(
        organisation=tree.organisation, changes={"register_published": True}, acting_user=None
    )
    client = Client()
    url = reverse("register:request", args=[tree.organisation.slug])
    response = client.post(url, {"reference": "SN 2026/99999"})
    assert (
        "Det finns inget ärende med diarienummer SN 2026/99999 i vårt diarium." in response.content.decode()
    )
    response = client.post(url, {"reference": case.reference_number})
    assert response.status_code == 302
    created = DocumentRequest.objects.get()
    assert (
        created.channel == RequestChannel.WEB
        and created.requester_name == ""
        and created.registered_by is None
    )
    event = Event.objects.get(action="document_request_registered")
    assert event.actor is None and event.actor_label == "public"
    done = client.get(response.url).content.decode()
    assert created.case_reference in done and str(created.pk) in done
    # Shown once.
    assert client.get(response.url).status_code == 302


def test_the_sweep_reminds_on_the_last_day_and_reports_the_day_after_once(tree):
    from notifications.models import OutboundEmail
    from records.deadlines import request_deadline_sweep

    case = secret_case(tree)
    created = services.document_request_register(
        case=case, channel=RequestChannel.POST, received_on=date(2026, 12, 3), acting_user=tree.registrar
    )
    assert created.due_on == date(2026, 12, 4)
    first = request_deadline_sweep(today=date(2026, 12, 4))
    again = request_deadline_sweep(today=date(2026, 12, 4))
    assert (first.reminded, again.reminded) == (1, 0)
    late = request_deadline_sweep(today=date(2026, 12, 7))
    assert (
        late.overdue_reported == 1 and request_deadline_sweep(today=date(2026, 12, 8)).overdue_reported == 0
    )
    mails = list(OutboundEmail.objects.filter(kind__startswith="document_request").order_by("pk"))
    assert [mail.to for mail in mails] == [case.holder.email, case.holder.email]
    for mail in mails:
        assert case.reference_number in mail.subject
        assert SECRET_NAME not in mail.body_text and "Jansson" not in mail.body_text
        assert f"/personal/begaran/{created.pk}/" in mail.body_text
