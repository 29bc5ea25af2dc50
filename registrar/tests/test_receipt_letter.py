"""The sender's receipt letter: the registrar prints it right after registering, with the receipt code and the
secret; the secret is kept nowhere on the server, never travels in a URL, and cannot be printed later."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from audit.actions import Action
from audit.models import Event
from cases import receipts
from cases.models import Case
from documents.tests.pdfcheck import is_tagged, render_first_page, text_of
from organisations.testing import build_tree
from registrar.tests.test_register import URL, form_data
from registrar.views import SESSION_LAST

LETTER_URL = URL + "kvittobrev/"


@pytest.fixture
def registrar_client(client, tree):
    client.force_login(tree.registrar)
    return client


def register(client, tree, **overrides) -> tuple[Case, str, str]:
    """Register through the form; the case, its secret and the confirmation page's HTML."""
    response = client.post(URL, form_data(tree, **overrides))
    assert response.status_code == 302
    secret = client.session[SESSION_LAST]["secret"]
    done = client.get(response["Location"])
    assert done.status_code == 200
    return Case.objects.get(), secret, done.content.decode()


def words(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


@time_machine.travel(date(2026, 11, 24))
def test_the_letter_has_the_reference_the_codes_and_what_happens_next(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree)
    response = registrar_client.post(LETTER_URL, {"case": case.pk, "secret": secret})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kvitto-SN-2026-00001.pdf"'
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    render_first_page(pdf, "receipt-letter")
    assert is_tagged(pdf)
    text = words(pdf)
    for expected in (
        "Testby kommun",
        "Datum: 24 november 2026",
        f"Diarienummer: {case.reference_number}",
        "Tolvan Tolvansson Storgatan 1 900 00 Testby",
        "Vi tog emot det den 10 november 2026 (Klagomål)",
        "Vi berättar vad som ska hända med det senast 24 november 2026.",
        "http://127.0.0.1:8000/folj/",
        f"Kvittokod: {case.receipt_code}",
        "Eva Registratorsson Registrator, Socialnämnden",
    ):
        assert expected in text, expected
    assert text.count(secret) == 1


@time_machine.travel(date(2026, 11, 24))
def test_the_confirmation_offers_the_letter_instead_of_the_secret_to_copy(registrar_client, tree):
    case, secret, html = register(registrar_client, tree)
    assert case.receipt_code in html
    # The secret is only in the download form's hidden field, which POSTs it back: never shown, never in a URL.
    assert html.count(secret) == 1
    assert re.search(rf'<input type="hidden" name="secret" value="{secret}">', html)
    assert f'action="{LETTER_URL}"' in html and 'method="post"' in html
    assert "Ladda ner kvittobrevet (pdf)" in html


@time_machine.travel(date(2026, 11, 24))
def test_the_secret_is_kept_nowhere_once_the_page_is_shown(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree)
    assert SESSION_LAST not in registrar_client.session
    for session in Session.objects.all():
        assert secret not in str(session.get_decoded())
    assert case.receipt_secret_hash == receipts.hash_secret(secret)
    assert secret not in str(Case.objects.filter(pk=case.pk).values().get())
    # A reload of the confirmation shows no secret and offers no letter.
    reload = registrar_client.get(URL + "klart/")
    assert reload.status_code == 302 and reload["Location"] == URL


@time_machine.travel(date(2026, 11, 24))
def test_each_print_is_recorded_as_a_read_without_the_secret(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree)
    registrar_client.post(LETTER_URL, {"case": case.pk, "secret": secret})
    event = Event.objects.get(case_id=case.pk, action=Action.VIEWED)
    assert event.actor == tree.registrar
    assert event.data == {"document": "receipt_letter"}
    assert not any(secret in str(e.data) for e in Event.objects.all())


@time_machine.travel(date(2026, 11, 24))
def test_a_wrong_secret_prints_nothing(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree)
    wrong = receipts.new_secret()
    for data in (
        {"case": case.pk, "secret": wrong},
        {"case": case.pk},
        {"case": "x", "secret": secret},
        {"case": "9" * 40, "secret": secret},
        {"case": "²", "secret": secret},
        {},
    ):
        response = registrar_client.post(LETTER_URL, data)
        assert response.status_code == 302 and response["Location"] == URL
    assert not Event.objects.filter(case_id=case.pk, action=Action.VIEWED).exists()


def test_it_cannot_be_printed_later(registrar_client, tree):
    with time_machine.travel(date(2026, 11, 24)) as clock:
        case, secret, _html = register(registrar_client, tree)
        clock.shift(timedelta(minutes=29))
        assert registrar_client.post(LETTER_URL, {"case": case.pk, "secret": secret}).status_code == 200
        clock.shift(timedelta(minutes=2))
        response = registrar_client.post(LETTER_URL, {"case": case.pk, "secret": secret}, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Kvittobrevet kan inte längre skrivas ut" in response.content.decode()


@time_machine.travel(date(2026, 11, 24))
def test_only_a_registrar_of_the_cases_organisation_may_print_it(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree)
    elsewhere = build_tree(slug="annanby", prefix="AB")
    outsider = Client()
    outsider.force_login(elsewhere.registrar)
    assert outsider.post(LETTER_URL, {"case": case.pk, "secret": secret})["Content-Type"].startswith(
        "text/html"
    )
    for person in (tree.contact_staff, tree.unit_manager, tree.administrator):
        client = Client()
        client.force_login(person)
        assert client.post(LETTER_URL, {"case": case.pk, "secret": secret}).status_code == 403


def test_it_is_a_post_only_and_needs_a_log_in(registrar_client):
    assert registrar_client.get(LETTER_URL).status_code == 405
    response = Client().post(LETTER_URL, {"case": 1, "secret": "x"})
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@time_machine.travel(date(2026, 11, 24))
def test_the_letter_is_in_the_senders_language(registrar_client, tree):
    case, secret, _html = register(registrar_client, tree, preferred_language="en")
    response = registrar_client.post(LETTER_URL, {"case": case.pk, "secret": secret})
    text = words(response.content)
    assert "We have received your message" in text and "Date: 24 November 2026" in text
    assert response["Content-Disposition"] == 'attachment; filename="receipt-SN-2026-00001.pdf"'
