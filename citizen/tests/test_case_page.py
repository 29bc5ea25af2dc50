from datetime import timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import Event
from cases.models import Attachment, CaseState, Escalation, Message
from cases.services import case_flag_serious_deficiency, case_inform, message_add
from citizen.tests.conftest import WHAT_HAPPENED, log_in, register

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_it_shows_the_state_and_the_date_to_inform_by(citizen_client, registration):
    case = registration.case
    response = citizen_client.get("/folj/arende/")
    assert response.status_code == 200
    assert case.reference_number in response.text
    assert "Vi har tagit emot ditt ärende" in response.text
    assert "Steg 1 av 4" in response.text
    day = case.inform_by.day
    assert f"senast {day} " in response.text


def test_it_says_when_the_date_has_passed(client, registration):
    case = registration.case
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        log_in(client, registration)
        response = client.get("/folj/arende/")
    assert "Vi är sena" in response.text
    assert case.inform_by is not None


def test_it_shows_what_the_organisation_has_told_them_and_both_ways_in_order(
    citizen_client, tree, registration
):
    case = registration.case
    case_inform(case=case, body="Enhetschefen går igenom rutinerna i veckan.", acting_user=tree.contact_staff)
    message_add(case=case, body="Tack, jag väntar på besked.", from_citizen=True)
    message_add(case=case, body="Rutinen är nu ändrad.", from_citizen=False, acting_user=tree.contact_staff)
    response = citizen_client.get("/folj/arende/")
    text = response.text
    first = text.index("Enhetschefen går igenom rutinerna")
    second = text.index("Tack, jag väntar på besked.")
    third = text.index("Rutinen är nu ändrad.")
    assert first < second < third
    assert "vad som ska hända" in text
    assert "Vi har berättat vad som ska hända" in text


def test_it_never_shows_internal_notes(citizen_client, tree, registration):
    from cases.services import note_add

    note_add(
        case=registration.case,
        body="Intern anteckning: prata med nattpersonalen.",
        acting_user=tree.contact_staff,
    )
    response = citizen_client.get("/folj/arende/")
    assert "Intern anteckning" not in response.text


def test_it_sends_a_reply(citizen_client, registration):
    response = citizen_client.post("/folj/arende/svara/", {"body": "Det har hänt igen i natt."})
    assert response.status_code == 302
    assert response["Location"] == "/folj/arende/"
    message = Message.objects.get(case=registration.case, from_citizen=True)
    assert message.body == "Det har hänt igen i natt."
    page = citizen_client.get("/folj/arende/")
    assert "Ditt meddelande är skickat" in page.text
    assert Event.objects.filter(
        case=registration.case, action="message_added", actor_label="citizen"
    ).exists()


def test_it_sends_a_reply_with_an_attachment(citizen_client, registration):
    upload = SimpleUploadedFile("brev.pdf", PDF, content_type="application/pdf")
    response = citizen_client.post("/folj/arende/svara/", {"body": "Här är brevet.", "attachments": [upload]})
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=registration.case)
    assert attachment.message is not None and attachment.from_citizen
    assert attachment.content_type == "application/pdf"
    download = citizen_client.get(f"/folj/arende/bilaga/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert Event.objects.filter(
        case=registration.case, action="attachment_downloaded", actor_label="citizen"
    ).exists()


def test_it_refuses_a_file_of_the_wrong_kind_and_keeps_the_text(citizen_client, registration):
    upload = SimpleUploadedFile("brev.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = citizen_client.post(
        "/folj/arende/svara/", {"body": "Min text som ska finnas kvar.", "attachments": [upload]}
    )
    assert response.status_code == 400
    assert "Min text som ska finnas kvar." in response.text
    assert "<title>Fel:" in response.text
    assert not Message.objects.filter(case=registration.case).exists()


def test_an_empty_reply_is_an_error(citizen_client, registration):
    response = citizen_client.post("/folj/arende/svara/", {"body": "  "})
    assert response.status_code == 400
    assert "Skriv ditt meddelande." in response.text
    assert 'href="#id_body"' in response.text


def test_another_case_s_attachment_cannot_be_downloaded(client, tree, registration):
    other = register(tree, contact_email="")
    message_add(
        case=other.case,
        body="Bilaga",
        from_citizen=True,
        attachments=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    attachment = Attachment.objects.get(case=other.case)
    log_in(client, registration)
    assert client.get(f"/folj/arende/bilaga/{attachment.pk}/").status_code == 404


def test_asking_for_the_next_step(citizen_client, tree, registration):
    case = registration.case
    page = citizen_client.get("/folj/arende/nasta-steg/")
    assert page.status_code == 200
    case.refresh_from_db()
    assert case.step == 1  # GET changes nothing
    missing = citizen_client.post("/folj/arende/nasta-steg/", {"reason": ""})
    assert missing.status_code == 200
    assert "Skriv varför" in missing.text
    response = citizen_client.post("/folj/arende/nasta-steg/", {"reason": "Ingenting har blivit bättre."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.step == 2
    assert case.holder == tree.unit_manager
    escalation = Escalation.objects.get(case=case)
    assert escalation.requested_by_citizen and escalation.reason == "Ingenting har blivit bättre."
    page = citizen_client.get("/folj/arende/")
    assert "Steg 2 av 4" in page.text


def test_at_the_last_step_the_path_to_ivo_is_shown(citizen_client, registration):
    for _ in range(3):
        citizen_client.post("/folj/arende/nasta-steg/", {"reason": "Fortfarande inte bra."})
    registration.case.refresh_from_db()
    assert registration.case.step == 4
    page = citizen_client.get("/folj/arende/")
    assert "Du kan vända dig till IVO" in page.text
    assert 'href="/vart-vander-jag-mig/ivo/"' in page.text
    assert "Be om nästa steg" not in page.text
    assert citizen_client.get("/folj/arende/nasta-steg/").status_code == 302


def test_a_possible_serious_deficiency_shows_the_path_to_ivo(citizen_client, tree, registration):
    assert "Du kan vända dig till IVO" not in citizen_client.get("/folj/arende/").text
    case_flag_serious_deficiency(case=registration.case, acting_user=tree.contact_staff)
    page = citizen_client.get("/folj/arende/")
    assert "Du kan vända dig till IVO" in page.text
    assert "allvarligt missförhållande" in page.text


def test_praise_has_no_ladder(client, tree):
    from cases.models import CaseKind

    praise = register(tree, kind=CaseKind.PRAISE)
    log_in(client, praise)
    page = client.get("/folj/arende/")
    assert "Tack för ditt beröm" in page.text
    assert "Be om nästa steg" not in page.text


def test_withdrawing_asks_first(citizen_client, registration):
    case = registration.case
    page = citizen_client.get("/folj/arende/aterkalla/")
    assert page.status_code == 200
    assert "Vill du ta tillbaka ditt ärende?" in page.text
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED
    response = citizen_client.post("/folj/arende/aterkalla/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    page = citizen_client.get("/folj/arende/")
    assert "Du har tagit tillbaka ditt ärende" in page.text
    assert "Skriv till oss" not in page.text
    assert "Ta tillbaka ditt ärende" not in page.text


def test_the_page_shows_what_they_wrote(citizen_client):
    assert WHAT_HAPPENED in citizen_client.get("/folj/arende/").text


def test_the_page_is_in_english_for_those_who_choose_it(citizen_client, registration):
    citizen_client.cookies["django_language"] = "en"
    page = citizen_client.get("/folj/arende/")
    assert "Where your case is now" in page.text
    assert "Step 1 of 4" in page.text
