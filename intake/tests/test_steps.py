"""Each page of the wizard: its validation (Swedish and English), kept input, conditions, back and change links."""

import re

import pytest
import time_machine
from django.utils import translation

from intake.tests.helpers import CHECK_URL, WHAT_HAPPENED, answers, step_url, walk


def post(client, slug, data, language="sv"):
    with translation.override(language):
        return client.post(step_url(slug), data, HTTP_ACCEPT_LANGUAGE=language)


def english(client):
    client.cookies["django_language"] = "en"


@pytest.mark.parametrize(
    ("slug", "swedish", "english_message"),
    [
        ("vad-galler", "Välj vad du vill lämna", "Choose what you want to send us"),
    ],
)
def test_it_says_what_is_missing_in_swedish_and_english(client, tree, slug, swedish, english_message):
    response = client.post(step_url(slug), {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fel: " in body
    assert swedish in body
    assert 'href="#id_kind_0"' in body
    english(client)
    body = client.post(step_url(slug), {}).content.decode()
    assert english_message in body
    assert "<title>Error: " in body


def test_every_required_question_has_its_own_message(client, tree):
    expected = {
        "verksamhet": ("Välj vilken verksamhet det gäller", "Choose the service it is about"),
        "mottagare": ("Välj vem som ska få ditt klagomål", "Choose who should receive your complaint"),
        "vad-hande": ("Berätta vad som hände", "Tell us what happened"),
        "onskemal": ("Berätta vad du vill ska hända", "Tell us what you would like to happen"),
        "vem-skriver": ("Välj vem du skriver för", "Choose who you are writing for"),
        "svar": ("Välj om du vill ha svar", "Choose whether you want an answer"),
        "kontakt": (
            "Välj om du vill lämna dina kontaktuppgifter",
            "Choose whether you want to give your contact details",
        ),
    }
    for slug, data in answers(tree, anonymous=False):
        if slug in expected:
            swedish, english_message = expected[slug]
            client.cookies.pop("django_language", None)
            assert swedish in client.post(step_url(slug), {}).content.decode(), slug
            english(client)
            assert english_message in client.post(step_url(slug), {}).content.decode(), slug
            client.cookies.pop("django_language", None)
        if slug == "kontaktuppgifter":
            break
        assert client.post(step_url(slug), data).status_code == 302, slug


def test_it_keeps_what_was_typed_when_there_is_an_error(client, tree):
    walk(client, tree, until="vad-hande")
    text = "Min pappa fick <b>fel</b> medicin & ingen sa något."
    response = client.post(step_url("vad-hande"), {"what_happened": text, "about_person": "x" * 201})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Texten är 201 tecken. Korta den till högst 200 tecken." in body
    assert "Min pappa fick &lt;b&gt;fel&lt;/b&gt; medicin &amp; ingen sa något." in body
    # ... and after going away and coming back.
    body = client.get(step_url("vad-hande")).content.decode()
    assert "Min pappa fick &lt;b&gt;fel&lt;/b&gt; medicin" in body


def test_it_keeps_answers_when_going_back(client, tree):
    walk(client, tree, until="nar")
    body = client.get(step_url("vad-hande")).content.decode()
    assert WHAT_HAPPENED in body
    assert 'href="/lamna/mottagare/"' in body  # the back link: the page before


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Datumet måste finnas i kalendern"),
        ("12", "13", "2025", "Datumet måste finnas i kalendern"),
        ("3", "", "2025", "Datumet måste ha en månad"),
        ("3", "4", "", "Datumet måste ha ett år"),
        ("", "4", "", "Datumet måste ha ett år"),
        ("3", "4", "25", "Året måste ha fyra siffror"),
        ("tre", "4", "2025", "Skriv datumet med siffror"),
        ("2", "1", "2027", "Datumet måste vara i dag eller tidigare"),
        ("", "", "2027", "Datumet måste vara i dag eller tidigare"),
        ("", "2", "2026", "Datumet måste vara i dag eller tidigare"),
    ],
)
@time_machine.travel("2026-01-15 12:00 +0100")
def test_it_checks_the_date(client, tree, day, month, year, message):
    walk(client, tree, until="nar")
    response = client.post(
        step_url("nar"), {"event_date_day": day, "event_date_month": month, "event_date_year": year}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'href="#id_event_date_0"' in body
    # What was typed stays in the inputs, as numbers in text inputs (GOV.UK: never type="number").
    year_input = re.search(r'<input [^>]*name="event_date_year"[^>]*>', body).group()
    assert 'type="text"' in year_input and 'inputmode="numeric"' in year_input
    assert f'value="{year}"' in year_input if year else "value=" not in year_input


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("15", "1", "2026"), ("", "1", "2026"), ("", "", "2026"), ("29", "2", "2024"), ("", "", "")],
)
@time_machine.travel("2026-01-15 12:00 +0100")
def test_it_accepts_a_whole_or_partial_date_or_none(client, tree, day, month, year):
    walk(client, tree, until="nar")
    response = client.post(
        step_url("nar"), {"event_date_day": day, "event_date_month": month, "event_date_year": year}
    )
    assert response.status_code == 302


def test_the_date_is_in_english_too(client, tree):
    walk(client, tree, until="nar")
    english(client)
    body = client.post(
        step_url("nar"), {"event_date_day": "31", "event_date_month": "2", "event_date_year": "2025"}
    ).content.decode()
    assert "The date must be a real date" in body


def test_praise_skips_the_receiver_and_makes_the_wish_optional(client, tree):
    walk(client, tree, until="onskemal", kind="praise")
    assert client.get(step_url("mottagare")).status_code == 302
    body = client.get(step_url("onskemal")).content.decode()
    assert "(valfritt)" in body
    assert client.post(step_url("onskemal"), {"desired_outcome": ""}).status_code == 302


def test_a_complaint_needs_the_wish(client, tree):
    walk(client, tree, until="onskemal")
    body = client.get(step_url("onskemal")).content.decode()
    assert "(valfritt)" not in body.split("<form")[1].split("</legend>")[0].split("</label>")[0]
    assert client.post(step_url("onskemal"), {"desired_outcome": " "}).status_code == 200


def test_an_unknown_page_is_not_found(client, tree):
    assert client.get(step_url("finns-inte")).status_code == 404


def contact(**overrides):
    data = {
        "contact_name": "Anna Andersson",
        "contact_email": "",
        "contact_phone": "",
        "contact_address": "",
        "preferred_language": "sv",
        "preferred_contact": "email",
    }
    data.update(overrides)
    return data


def test_contact_details_need_the_detail_for_the_preferred_way(client, tree):
    walk(client, tree, until="kontaktuppgifter", anonymous=False)
    body = client.post(step_url("kontaktuppgifter"), contact()).content.decode()
    assert "Skriv din e-postadress, eller välj ett annat sätt att kontakta dig" in body
    assert 'href="#id_contact_email"' in body
    body = client.post(step_url("kontaktuppgifter"), contact(preferred_contact="phone")).content.decode()
    assert "Skriv ditt telefonnummer" in body
    body = client.post(step_url("kontaktuppgifter"), contact(preferred_contact="post")).content.decode()
    assert "Skriv din postadress" in body
    english(client)
    body = client.post(step_url("kontaktuppgifter"), contact(contact_name="")).content.decode()
    assert "Enter your name" in body
    assert "Enter your e-mail address, or choose another way of contact" in body
    assert "There are 2 problems" in body


def test_contact_details_check_the_formats(client, tree):
    walk(client, tree, until="kontaktuppgifter", anonymous=False)
    body = client.post(
        step_url("kontaktuppgifter"),
        contact(contact_email="anna(at)example", contact_phone="ring mig", preferred_contact="phone"),
    ).content.decode()
    assert "Skriv e-postadressen på rätt sätt" in body
    assert "Skriv ett telefonnummer" in body
    assert "Det finns 2 fel" in body
    assert 'value="anna(at)example"' in body
    assert (
        client.post(
            step_url("kontaktuppgifter"), contact(contact_phone="070-123 45 67", preferred_contact="phone")
        ).status_code
        == 302
    )


def test_the_language_choices_are_the_organisations(client, tree):
    tree.organisation.languages = "sv,en,fi"
    tree.organisation.save()
    walk(client, tree, until="kontaktuppgifter", anonymous=False)
    body = client.get(step_url("kontaktuppgifter")).content.decode()
    assert 'value="fi"' in body and "suomi" in body.lower()
    assert (
        client.post(
            step_url("kontaktuppgifter"), contact(preferred_language="de", contact_email="a@example.se")
        ).status_code
        == 200
    )


def test_an_anonymous_sender_skips_the_contact_details(client, tree):
    walk(client, tree, until="bilagor")
    assert client.get(step_url("kontaktuppgifter")).status_code == 302


def test_the_check_page_lists_every_answer_with_change_links(client, tree):
    walk(client, tree, anonymous=False)
    body = client.get(CHECK_URL).content.decode()
    for text in (
        WHAT_HAPPENED,
        "Solgårdens äldreboende",
        "Ett klagomål",
        "3 februari 2025",
        "anna.andersson@example.se",
        "För en anhörig eller någon som står mig nära",
    ):
        assert text in body, text
    assert 'href="/lamna/vad-hande/?andra=1"' in body
    assert '<span class="visually-hidden"> vad som hände</span>' in body


def test_a_change_link_returns_to_the_check_page(client, tree):
    walk(client, tree)
    body = client.get(step_url("vad-hande") + "?andra=1").content.decode()
    assert f'href="{CHECK_URL}"' in body  # back goes to the check page
    response = client.post(step_url("vad-hande") + "?andra=1", {"what_happened": "Nytt", "about_person": ""})
    assert response["Location"] == CHECK_URL
    assert "Nytt" in client.get(CHECK_URL).content.decode()


def test_each_radio_is_described_by_its_hint(client, tree):
    body = client.get(step_url("vad-galler")).content.decode()
    assert 'aria-describedby="id_kind_0_hint"' in body
    assert 'id="id_kind_0_hint"' in body


def test_what_was_written_survives_an_expired_session(client, tree):
    walk(client, tree, until="vad-hande")
    client.session.flush()
    client.cookies.pop("sessionid", None)
    response = client.post(
        step_url("vad-hande"), {"what_happened": "Lång text som tog en timme", "about_person": ""}
    )
    assert response["Location"] == step_url("vad-galler")
    assert "lämnades länge" in client.get(step_url("vad-galler")).content.decode()
    walk(client, tree, until="vad-hande")
    # walk() answered the earlier pages again; the text typed before the session ended is still there.
    body = client.get(step_url("vad-hande")).content.decode()
    assert "Lång text som tog en timme" in body
