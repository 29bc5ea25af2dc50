"""The appeal letter's fields: the personnummer checked for real with a message that says what is wrong, the
person's details with their autocomplete tokens, and long texts with a count instead of a hard limit."""

import io
import re
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from guide.tests.test_views import GUIDE, letter_data

NBSP = "\u00a0"
HELPER = GUIDE + "overklaga/hjalp/"
LETTER = GUIDE + "overklaga/brev/"
TODAY = date(2026, 12, 10)


def helper_page(client) -> str:
    response = client.post(
        HELPER, {"decision": "lss_10", "received_day": "3", "received_month": "12", "received_year": "2026"}
    )
    return response.content.decode()


def input_tag(body: str, name: str) -> str:
    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', body)
    assert match, name
    return match.group(0)


@time_machine.travel(TODAY)
def test_the_persons_details_have_their_autocomplete_tokens(client, organisation):
    body = helper_page(client)
    for name, token in [
        ("name", "name"),
        ("address", "street-address"),
        ("postcode", "postal-code"),
        ("town", "address-level2"),
        ("phone", "tel"),
        ("email", "email"),
        ("personal_number", "off"),
    ]:
        assert f'autocomplete="{token}"' in input_tag(body, name), name
    assert 'type="tel"' in input_tag(body, "phone") and 'type="email"' in input_tag(body, "email")


@time_machine.travel(TODAY)
def test_the_long_texts_have_a_count_and_no_field_has_a_hard_limit(client, organisation):
    body = helper_page(client)
    for name in (
        "reference",
        "change",
        "reasons",
        "name",
        "personal_number",
        "address",
        "postcode",
        "town",
        "phone",
    ):
        assert "maxlength" not in input_tag(body, name), name
    assert f"Du kan skriva upp till 4{NBSP}000 tecken" in body
    assert f"Du kan skriva upp till 8{NBSP}000 tecken" in body
    assert 'aria-describedby="id_reasons_count"' in input_tag(body, "reasons")


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1912121", "Skriv 10 eller 12 siffror, till exempel 19121212-1212"),
        (
            "1912-12-12-1212",
            "Sätt bindestrecket precis före de fyra sista siffrorna, till exempel 19121212-1212",
        ),
        ("19121212+1212", "Skriv bindestreck, inte plustecken, när du skriver 12 siffror"),
        ("19120230-1212", "Datumet finns inte – kontrollera år, månad och dag"),
        ("20271212-1212", "Datumet har inte varit än – kontrollera året"),
        ("19121212-1213", "Kontrollsiffran stämmer inte – kontrollera att du skrivit rätt"),
    ],
)
def test_a_wrong_personnummer_says_what_is_wrong_and_keeps_everything(client, organisation, typed, message):
    response = client.post(LETTER, letter_data(organisation, personal_number=typed))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Fel:" in body
    assert message in body
    assert 'href="#id_personal_number"' in body
    assert f'value="{typed}"' in body
    assert "Jag klarar inte att laga mat själv efter klockan 17." in body
    assert 'value="Tolvan Tolvansson"' in body


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("19121212-1212", "19121212-1212"),
        ("191212121212", "19121212-1212"),
        ("121212+1212", "19121212-1212"),  # the plus: born 1912, not 2012
        ("19121272-1219", "19121272-1219"),  # a samordningsnummer: the day plus 60
        ("", None),
    ],
)
def test_a_right_personnummer_is_printed_the_one_unambiguous_way(client, organisation, typed, printed):
    response = client.post(LETTER, letter_data(organisation, personal_number=typed))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    if printed:
        assert printed in text


@time_machine.travel(TODAY)
def test_the_letter_prints_the_address_in_its_parts_and_the_email(client, organisation):
    response = client.post(
        LETTER,
        letter_data(
            organisation,
            address="Storgatan 1",
            postcode="900 00",
            town="Testby",
            email="tolvan@example.se",
        ),
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Storgatan 1" in text and "900 00 Testby" in text and "tolvan@example.se" in text


@time_machine.travel(TODAY)
def test_a_reason_too_long_is_refused_and_kept(client, organisation):
    reasons = "Jag behöver hjälp på kvällarna. " * 260  # 8 320 characters
    body = client.post(LETTER, letter_data(organisation, reasons=reasons)).content.decode()
    assert f"Texten är 8{NBSP}319 tecken. Korta den till högst 8{NBSP}000 tecken." in body
    assert reasons.strip() in body
    assert "Jag vill få hemtjänst på kvällarna." in body


@time_machine.travel(TODAY)
def test_a_change_of_only_invisible_characters_is_refused(client, organisation):
    body = client.post(LETTER, letter_data(organisation, change="\u200b\u2060")).content.decode()
    assert "Skriv något i rutan. Det du skrev syns inte." in body


@time_machine.travel(TODAY)
def test_the_messages_are_in_english_too(client, organisation):
    client.cookies["django_language"] = "en"
    body = client.post(LETTER, letter_data(organisation, personal_number="19121212-1213")).content.decode()
    assert "The check digit does not match – check that you wrote the number right" in body
    body = client.post(LETTER, letter_data(organisation, change="x" * 4_001)).content.decode()
    assert "The text is 4,001 characters. Shorten it to at most 4,000 characters." in body
