"""A registrar registers post, phone, e-mail and visits: same routing and clocks as the web, from the day received."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from cases.models import Assignment, AssignmentReason, Attachment, Case, Channel

URL = "/personal/registrera/"
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def form_data(tree, **overrides):
    data = {
        "channel": Channel.POST,
        "received_day": "10",
        "received_month": "11",
        "received_year": "2026",
        "kind": "complaint",
        "unit": str(tree.care_home.pk),
        "what_happened": "Brev från en anhörig: maten serveras kall på kvällarna.",
        "sender_role": "relative",
        "wants_answer": "on",
        "contact_name": "Tolvan Tolvansson",
        "contact_address": "Storgatan 1\n900 00 Testby",
        "preferred_language": "sv",
        "preferred_contact": "post",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def registrar_client(client, tree):
    client.force_login(tree.registrar)
    return client


@time_machine.travel(date(2026, 11, 24))
def test_the_clocks_start_on_the_day_received(registrar_client, tree):
    response = registrar_client.post(URL, form_data(tree))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == Channel.POST
    assert case.received_at.date() == date(2026, 11, 10)
    assert case.inform_by == date(2026, 11, 24)  # 14 calendar days from 10 November, not from today
    assert case.reference_number == "SN 2026/00001"


@time_machine.travel(date(2026, 11, 24))
def test_it_routes_like_a_web_case(registrar_client, tree):
    registrar_client.post(URL, form_data(tree))
    registrar_client.post(URL, form_data(tree, wants_manager="on", channel=Channel.PHONE))
    registrar_client.post(URL, form_data(tree, unit="unknown", channel=Channel.VISIT))
    first, second, third = Case.objects.order_by("pk")
    assert first.holder == tree.contact_staff
    assert second.holder == tree.unit_manager and second.step == 2
    assert third.holder == tree.registrar
    assert Assignment.objects.get(case=third).reason == AssignmentReason.UNIT_UNKNOWN


@time_machine.travel(date(2026, 11, 24))
def test_it_stores_the_scanned_letter_and_records_who_registered(registrar_client, tree):
    letter = SimpleUploadedFile("brev.pdf", TINY_PDF, content_type="application/pdf")
    response = registrar_client.post(URL, {**form_data(tree), "scanned_letter": letter})
    assert response.status_code == 302
    case = Case.objects.get()
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == tree.registrar and attachment.from_citizen is False
    assert attachment.file.read() == TINY_PDF
    registered = Event.objects.get(case_id=case.pk, action="registered")
    assert registered.actor == tree.registrar
    assert registered.data["channel"] == "post"


@time_machine.travel(date(2026, 11, 24))
def test_it_refuses_a_file_that_is_not_a_letter(registrar_client, tree):
    fake = SimpleUploadedFile("brev.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = registrar_client.post(URL, {**form_data(tree), "scanned_letter": fake})
    assert response.status_code == 200
    assert "<title>Fel:" in response.content.decode()
    assert Case.objects.count() == 0


@time_machine.travel(date(2026, 11, 24))
def test_the_confirmation_shows_the_reference_and_the_receipt_once(registrar_client, tree):
    response = registrar_client.post(URL, form_data(tree), follow=True)
    body = response.content.decode()
    case = Case.objects.get()
    assert case.reference_number in body and case.receipt_code in body
    assert "24 november 2026" in body
    assert registrar_client.get(URL + "klart/")["Location"] == URL


@time_machine.travel(date(2026, 11, 24))
def test_a_date_in_the_future_or_missing_fields_keep_what_was_typed(registrar_client, tree):
    response = registrar_client.post(
        URL, form_data(tree, received_day="1", received_month="12", what_happened="")
    )
    body = response.content.decode()
    assert "<title>Fel:" in body
    assert "måste vara i dag eller tidigare" in body
    assert "Tolvan Tolvansson" in body
    assert Case.objects.count() == 0


def test_only_registrars_may_register(client, tree):
    for person in [tree.contact_staff, tree.unit_manager, tree.other_unit_staff, tree.administrator]:
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, form_data(tree)).status_code == 403
    assert Case.objects.count() == 0


def test_it_needs_a_log_in(client, tree):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]
