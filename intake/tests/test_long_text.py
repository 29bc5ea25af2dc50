"""The intake's long texts: a count instead of a hard limit, the server's message when a text is too long, and
nothing typed lost; a text of only invisible characters is refused (core.forms.FreeTextField)."""

from django.utils import translation

from intake.tests.helpers import WHAT_HAPPENED, step_url, walk

NBSP = "\u00a0"


def test_the_long_text_steps_have_a_count_and_no_hard_limit(client, tree):
    walk(client, tree, until="vad-hande")
    body = client.get(step_url("vad-hande")).content.decode()
    assert "maxlength" not in body
    assert f"Du kan skriva upp till 10{NBSP}000 tecken" in body
    assert 'aria-describedby="id_what_happened_helptext id_what_happened_count"' in body
    assert 'data-character-count="10000"' in body
    walk(client, tree, until="onskemal")
    body = client.get(step_url("onskemal")).content.decode()
    assert "maxlength" not in body and f"Du kan skriva upp till 5{NBSP}000 tecken" in body


def test_a_text_too_long_is_refused_with_its_length_and_nothing_is_lost(client, tree):
    walk(client, tree, until="vad-hande")
    text = WHAT_HAPPENED + " " + "Och sedan hände mer. " * 500  # 10 564 characters, more than 10 000
    response = client.post(step_url("vad-hande"), {"what_happened": text, "about_person": "Nattpersonalen"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel: " in body
    message = (
        f"Texten är 10{NBSP}{len(text.strip()) - 10_000:03d} tecken. Korta den till högst 10{NBSP}000 tecken."
    )
    assert body.count(message) == 2  # in the error summary and at the field
    assert 'href="#id_what_happened"' in body
    assert text.strip() in body and 'value="Nattpersonalen"' in body
    # ... and when they come back to the page later.
    assert text.strip() in client.get(step_url("vad-hande")).content.decode()


def test_a_very_long_text_comes_back_whole_with_its_true_length(client, tree):
    walk(client, tree, until="vad-hande")
    text = "å" * 25_000
    body = client.post(step_url("vad-hande"), {"what_happened": text, "about_person": ""}).content.decode()
    assert f"Texten är 25{NBSP}000 tecken." in body
    assert text in client.get(step_url("vad-hande")).content.decode()


def test_the_message_is_in_english_too(client, tree):
    walk(client, tree, until="vad-hande")
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        body = client.post(step_url("vad-hande"), {"what_happened": "x" * 10_001}).content.decode()
    assert "The text is 10,001 characters. Shorten it to at most 10,000 characters." in body
    assert "You can write up to 10,000 characters" in body


def test_a_text_of_only_invisible_characters_is_refused(client, tree):
    walk(client, tree, until="vad-hande")
    response = client.post(
        step_url("vad-hande"), {"what_happened": "\u200b\u200b \u2060\ufeff", "about_person": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skriv något i rutan. Det du skrev syns inte." in body
    walk(client, tree, until="onskemal")
    body = client.post(step_url("onskemal"), {"desired_outcome": "\u200d"}).content.decode()
    assert "Skriv något i rutan. Det du skrev syns inte." in body


def test_an_invisible_name_is_refused_and_an_invisible_optional_text_is_nothing(client, tree):
    walk(client, tree, until="vad-hande")
    response = client.post(step_url("vad-hande"), {"what_happened": WHAT_HAPPENED, "about_person": "\u200b"})
    assert response.status_code == 302
    walk(client, tree, anonymous=False, until="kontaktuppgifter")
    body = client.post(
        step_url("kontaktuppgifter"),
        {
            "contact_name": "\u2060\u200b",
            "contact_email": "anna.andersson@example.se",
            "preferred_language": "sv",
            "preferred_contact": "email",
        },
    ).content.decode()
    assert "Skriv något i rutan. Det du skrev syns inte." in body
