"""Letters on paper for a sender who chose post: a message to them as a tagged PDF on the organisation's
letterhead, printed by staff who may see the case, each print recorded."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from audit.actions import Action
from audit.models import Event
from cases.models import ContactPreference
from cases.services import case_answer_and_close, case_inform, message_add
from cases.tests.handling_helpers import closing_categories
from documents.tests.pdfcheck import is_tagged, read, render_first_page, text_of
from staff.tests.conftest import register, signed_in_client

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ON_3_MARCH = datetime(2026, 3, 3, 10, 0, tzinfo=STOCKHOLM)


def post_case(tree, **overrides):
    values = dict(
        contact_name="Tolvan Tolvansson",
        contact_address="Storgatan 1\n900 00 Testby",
        preferred_contact=ContactPreference.POST,
    )
    values.update(overrides)
    return register(tree, **values)


def letter_url(message) -> str:
    return reverse("documents:message_letter", args=[message.case_id, message.pk])


def words(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


@pytest.fixture
def informed(tree):
    with time_machine.travel(ON_3_MARCH, tick=False):
        case = post_case(tree)
        message = case_inform(
            case=case,
            body="Vi går igenom kvällsrutinerna med personalen och hör av oss igen.",
            acting_user=tree.contact_staff,
        )
    return case, message


def test_its_url_names_the_case_and_the_message(informed):
    case, message = informed
    assert letter_url(message) == f"/dokument/arende/{case.pk}/brev/{message.pk}/"


def test_it_prints_the_message_as_a_tagged_letter_with_the_reference_and_the_date_in_words(tree, informed):
    case, message = informed
    response = signed_in_client(tree.contact_staff).get(letter_url(message))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brev-SN-2026-00001.pdf"'
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert is_tagged(pdf)
    assert read(pdf).metadata.title == f"Brev i ärende {case.reference_number}"
    text = words(pdf)
    for expected in (
        "Testby kommun",  # the letterhead
        "Socialtjänsten 900 00 Testby",  # the organisation's address
        "Datum: 3 mars 2026",
        f"Diarienummer: {case.reference_number}",
        "Tolvan Tolvansson Storgatan 1 900 00 Testby",  # the sender's name and postal address
        "Vad som ska hända med ditt ärende",
        "Vi går igenom kvällsrutinerna med personalen och hör av oss igen.",
        "Anna Kontaktsson Kontaktpersonal eller handläggare, Solgårdens äldreboende",  # signed in her role
        "/folj/",
        case.receipt_code,
    ):
        assert expected in text, expected
    render_first_page(pdf, "message-letter")


def test_it_is_in_the_senders_language(tree):
    with time_machine.travel(ON_3_MARCH, tick=False):
        case = post_case(tree, preferred_language="en")
        message = message_add(
            case=case, body="We will call you next week.", from_citizen=False, acting_user=tree.unit_manager
        )
    response = signed_in_client(tree.unit_manager).get(letter_url(message))
    text = words(response.content)
    assert "Date: 3 March 2026" in text
    assert "About your case" in text
    assert response["Content-Disposition"] == 'attachment; filename="letter-SN-2026-00001.pdf"'


def test_a_final_answer_to_a_complaint_says_where_to_turn_next(tree):
    case = post_case(tree)
    message = case_answer_and_close(
        case=case,
        body="Personalen har fått utbildning.",
        acting_user=tree.contact_staff,
        **closing_categories(case),
    )
    text = words(signed_in_client(tree.contact_staff).get(letter_url(message)).content)
    assert "Vårt svar i ditt ärende" in text
    assert "IVO" in text


def test_an_anonymous_sender_gets_no_address_block(tree):
    case = register(tree, is_anonymous=True, contact_name="Syns inte")
    message = message_add(case=case, body="Tack.", from_citizen=False, acting_user=tree.contact_staff)
    text = words(signed_in_client(tree.contact_staff).get(letter_url(message)).content)
    assert "Syns inte" not in text


def test_each_print_is_recorded_as_a_read(tree, informed):
    case, message = informed
    signed_in_client(tree.unit_manager).get(letter_url(message))
    event = Event.objects.filter(case_id=case.pk, action=Action.VIEWED, actor=tree.unit_manager).get()
    assert event.data == {"document": "letter", "message": message.pk}


@pytest.mark.parametrize("persona", ["other_unit_staff", "other_unit_manager", "administrator"])
def test_it_is_a_404_for_staff_outside_the_case(tree, informed, persona):
    case, message = informed
    response = signed_in_client(getattr(tree, persona)).get(letter_url(message))
    assert response.status_code == 404
    assert not Event.objects.filter(case_id=case.pk, action=Action.VIEWED).exists()


def test_it_is_a_404_for_a_message_from_the_sender_or_of_another_case(tree, informed):
    case, _message = informed
    from_sender = message_add(case=case, body="Hej", from_citizen=True)
    other = post_case(tree)
    elsewhere = message_add(case=other, body="Hej", from_citizen=False, acting_user=tree.contact_staff)
    client = signed_in_client(tree.contact_staff)
    assert client.get(letter_url(from_sender)).status_code == 404
    assert client.get(f"/dokument/arende/{case.pk}/brev/{elsewhere.pk}/").status_code == 404


def test_it_needs_a_log_in(client, informed):
    _case, message = informed
    response = client.get(letter_url(message))
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_the_case_page_offers_a_letter_for_each_message_to_a_sender_who_chose_post(tree, informed):
    case, message = informed
    message_add(case=case, body="Hej", from_citizen=True)
    html = (
        signed_in_client(tree.contact_staff)
        .get(reverse("staff:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert html.count("Skriv ut som brev (pdf)") == 1
    assert f'href="{letter_url(message)}"' in html


def test_the_case_page_offers_no_letter_to_a_sender_who_chose_e_mail(tree):
    case = register(tree, contact_email="tolvan@example.se", preferred_contact=ContactPreference.EMAIL)
    message_add(case=case, body="Hej", from_citizen=False, acting_user=tree.contact_staff)
    html = (
        signed_in_client(tree.contact_staff)
        .get(reverse("staff:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert "Skriv ut som brev" not in html
