"""The citizen's reply and reason for the next step: a count instead of a hard limit, the server's message when a
text is too long with nothing typed lost, and no text of only invisible characters (core.forms.FreeTextField)."""

from cases.models import Escalation, Message

NBSP = "\u00a0"


def test_the_reply_has_a_count_and_no_hard_limit(citizen_client):
    body = citizen_client.get("/folj/arende/").content.decode()
    assert "maxlength" not in body
    assert f"Du kan skriva upp till 5{NBSP}000 tecken" in body
    assert 'aria-describedby="id_body_count"' in body


def test_a_reply_too_long_is_refused_and_kept(citizen_client, registration):
    text = "Jag vill berätta mer. " * 250  # 5 500 characters
    response = citizen_client.post("/folj/arende/svara/", {"body": text})
    assert response.status_code == 400
    assert f"Texten är 5{NBSP}499 tecken. Korta den till högst 5{NBSP}000 tecken." in response.text
    assert text.strip() in response.text
    assert not Message.objects.filter(case=registration.case).exists()


def test_a_reply_of_only_invisible_characters_is_refused(citizen_client, registration):
    response = citizen_client.post("/folj/arende/svara/", {"body": "\u200b\ufeff\u200c"})
    assert response.status_code == 400
    assert "Skriv något i rutan. Det du skrev syns inte." in response.text
    assert not Message.objects.filter(case=registration.case).exists()


def test_a_reason_too_long_or_invisible_is_refused_and_kept(citizen_client, registration):
    text = "Ingenting har blivit bättre. " * 80  # 2 320 characters
    response = citizen_client.post("/folj/arende/nasta-steg/", {"reason": text})
    assert response.status_code == 200
    assert f"Texten är 2{NBSP}319 tecken. Korta den till högst 2{NBSP}000 tecken." in response.text
    assert text.strip() in response.text
    assert "maxlength" not in response.text
    response = citizen_client.post("/folj/arende/nasta-steg/", {"reason": "\u2060"})
    assert "Skriv något i rutan. Det du skrev syns inte." in response.text
    assert not Escalation.objects.filter(case=registration.case).exists()
