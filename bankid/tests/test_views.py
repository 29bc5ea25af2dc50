"""Logging in with BankID through the pages, against the project's own BankID test server over mutual TLS:
complete, cancelled, expired, failed to start, a certificate the server does not trust, a personnummer that does
not exist, a replayed order and a forged request."""

import hashlib
import logging
import re

import pytest
import time_machine
from django.utils import timezone

from audit.models import Event
from bankid.certificates import stranger
from bankid.identity import SESSION_PERSON
from bankid.models import UsedOrder
from bankid.services import order_use
from bankid.testserver import PERSONS
from bankid.views import SESSION_ORDER
from sweep.services import sweep_run

pytestmark = pytest.mark.django_db

NUMBERS = ("191212121212", "19121212-1212", "1212121212", "121212-1212")


def start(client, device="other", next_url="/folj/mina-arenden/"):
    return client.post("/bankid/", {"device": device, "next": next_url})


def order(client):
    return client.session[SESSION_ORDER]


def collect_now(client):
    """Let the next load of the waiting page ask BankID at once (it asks at most every two seconds)."""
    session = client.session
    kept = session[SESSION_ORDER]
    kept["collected"] = 0
    session[SESSION_ORDER] = kept
    session.save()
    return client.get("/bankid/vanta/")


def test_the_start_page_offers_both_devices(client, bankid_server):
    response = client.get("/bankid/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="other"' in html and 'value="this"' in html


def test_starting_sends_the_persons_address_and_keeps_the_order_out_of_the_url(client, bankid_server):
    response = start(client)
    assert response.status_code == 302 and response["Location"] == "/bankid/vanta/"
    assert bankid_server.requests == [("auth", {"endUserIp": "127.0.0.1"})]
    assert order(client)["ref"] in bankid_server.orders


def test_the_waiting_page_draws_a_new_qr_code_and_refreshes_itself(client, bankid_server):
    start(client)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first = client.get("/bankid/vanta/").content.decode()
        traveller.shift(1)
        second = client.get("/bankid/vanta/").content.decode()
    assert "Starta BankID-appen." in first
    assert 'aria-label="QR-kod att skanna med BankID-appen"' in first
    svg = re.compile(r"<svg.*?</svg>", re.S)
    assert svg.search(first).group(0) != svg.search(second).group(0)
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in first
    assert 'hx-trigger="every 1s"' in first
    assert order(client)["qr_secret"] not in first


def test_it_asks_bankid_at_most_every_two_seconds(client, bankid_server):
    start(client)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.get("/bankid/vanta/")
        client.get("/bankid/vanta/")
        traveller.shift(1)
        client.get("/bankid/vanta/")
        assert [method for method, _ in bankid_server.requests].count("collect") == 1
        traveller.shift(1)
        client.get("/bankid/vanta/")
    assert [method for method, _ in bankid_server.requests].count("collect") == 2


def test_on_this_device_the_button_opens_the_app(client, bankid_server):
    start(client, device="this")
    html = client.get("/bankid/vanta/").content.decode()
    token = order(client)["auto"]
    assert f'href="bankid:///?autostarttoken={token}&amp;redirect=null"' in html
    assert "Försöker starta BankID-appen." in html
    assert "<svg" not in html


def test_the_app_scanned_shows_bankids_words(client, bankid_server):
    start(client)
    bankid_server.act(order(client)["ref"], "scan")
    assert "Söker efter BankID" in collect_now(client).content.decode()


def test_a_complete_identification_logs_in_only_on_continue(client, bankid_server):
    start(client)
    bankid_server.act(order(client)["ref"], "approve", person=PERSONS[0])
    html = collect_now(client).content.decode()
    assert "Enligt BankID är du Karin Exempel." in html
    assert "hx-trigger" not in html and "refresh" not in html
    assert SESSION_PERSON not in client.session  # nothing changes on GET
    old_key = client.session.session_key
    response = client.post("/bankid/fortsatt/")
    assert response.status_code == 302 and response["Location"] == "/folj/mina-arenden/"
    person = client.session[SESSION_PERSON]
    assert person["name"] == "Karin Exempel" and person["masked"] == "19121212-****"
    assert client.session.session_key != old_key
    assert SESSION_ORDER not in client.session
    assert UsedOrder.objects.count() == 1


def test_a_coordination_number_logs_in(client, bankid_server):
    start(client)
    bankid_server.act(order(client)["ref"], "approve", person=PERSONS[2])
    collect_now(client)
    client.post("/bankid/fortsatt/")
    assert client.session[SESSION_PERSON]["masked"] == "19121272-****"


@pytest.mark.parametrize(
    ("action", "device", "words"),
    [
        ("cancel", "other", "Åtgärden avbruten."),
        ("expire", "other", "BankID-appen svarar inte."),
        ("start_failed", "other", "Misslyckades att läsa av QR-koden."),
        ("start_failed", "this", "BankID-appen verkar inte finnas i din dator eller telefon."),
        ("blocked", "other", "Det BankID du försöker använda är för gammalt eller spärrat."),
    ],
)
def test_a_failed_order_says_why_and_offers_to_try_again(client, bankid_server, action, device, words):
    start(client, device=device, next_url="/lamna/")
    bankid_server.act(order(client)["ref"], action)
    html = collect_now(client).content.decode()
    assert words in html
    assert "<title>Fel: " in html and "hx-trigger" not in html
    assert f'name="device" value="{device}"' in html and 'name="next" value="/lamna/"' in html
    assert SESSION_PERSON not in client.session
    again = client.post("/bankid/", {"device": device, "next": "/lamna/"})
    assert again["Location"] == "/bankid/vanta/" and order(client)["status"] == "pending"


def test_the_person_can_cancel(client, bankid_server):
    start(client)
    ref = order(client)["ref"]
    response = client.post("/bankid/avbryt/", follow=True)
    assert ("cancel", {"orderRef": ref}) in bankid_server.requests
    assert ref not in bankid_server.orders
    assert "Du avbröt identifieringen med BankID." in response.content.decode()
    assert SESSION_ORDER not in client.session


def test_a_certificate_the_server_does_not_trust_gives_a_clear_error(
    client, bankid_server, settings, tmp_path, caplog
):
    cert, key = stranger(tmp_path)
    settings.BANKID_CERT, settings.BANKID_KEY = str(cert), str(key)
    with caplog.at_level(logging.ERROR, logger="bankid.views"):
        response = start(client)
    html = response.content.decode()
    assert response.status_code == 502
    assert "Internt tekniskt fel. Försök igen." in html and "<title>Fel: " in html
    assert "Logga in med din kvittokod i stället" in html
    assert 'name="next" value="/folj/mina-arenden/"' in html  # nothing chosen is lost
    assert "SYNPUNKT_BANKID_CERT" in caplog.text
    assert bankid_server.requests == []


def test_the_english_words_for_an_error(client, bankid_server, settings, tmp_path):
    cert, key = stranger(tmp_path)
    settings.BANKID_CERT, settings.BANKID_KEY = str(cert), str(key)
    response = client.post("/bankid/", {"device": "other"}, headers={"accept-language": "en"})
    assert "Internal error. Please try again." in response.content.decode()


def test_a_personnummer_that_does_not_exist_is_refused(client, bankid_server):
    start(client)
    bankid_server.act(order(client)["ref"], "approve", person=PERSONS[3])
    html = collect_now(client).content.decode()
    assert "BankID gav oss ett personnummer som inte finns" in html
    response = client.post("/bankid/fortsatt/")
    assert response["Location"] == "/bankid/"
    assert SESSION_PERSON not in client.session


def test_a_replayed_order_is_refused(client, bankid_server):
    start(client)
    copied = dict(order(client))  # a copy of the session's order, taken before BankID completed it
    bankid_server.act(copied["ref"], "approve")
    collect_now(client)
    client.post("/bankid/fortsatt/")
    assert client.session[SESSION_PERSON]

    from django.test import Client

    other = Client()
    session = other.session
    session[SESSION_ORDER] = copied
    session.save()
    other.cookies["sessionid"] = session.session_key
    html = other.get("/bankid/vanta/").content.decode()
    assert "Den här identifieringen med BankID har redan använts." in html
    other.post("/bankid/fortsatt/")
    assert SESSION_PERSON not in other.session


def test_a_forged_continue_does_nothing(client, bankid_server):
    response = client.post(
        "/bankid/fortsatt/", {"orderRef": "00000000-0000-0000-0000-000000000000"}, follow=True
    )
    assert "Det finns ingen avslutad identifiering med BankID att fortsätta med." in response.content.decode()
    assert SESSION_PERSON not in client.session
    start(client)  # a pending order: continuing before BankID says complete does nothing either
    client.post("/bankid/fortsatt/", {"orderRef": order(client)["ref"]})
    assert SESSION_PERSON not in client.session


def test_continuing_long_after_completion_is_refused(client, bankid_server):
    start(client)
    bankid_server.act(order(client)["ref"], "approve")
    collect_now(client)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        response = client.post("/bankid/fortsatt/", follow=True)
    assert "Tiden för identifieringen med BankID har gått ut." in response.content.decode()
    assert SESSION_PERSON not in client.session


def test_no_order_in_the_session_sends_the_person_back_to_start(client, bankid_server):
    response = client.get("/bankid/vanta/", follow=True)
    assert "Ingen identifiering med BankID pågår. Börja om." in response.content.decode()


def test_the_next_address_must_be_on_this_site(client, bankid_server):
    start(client, next_url="https://evil.example/")
    bankid_server.act(order(client)["ref"], "approve")
    collect_now(client)
    assert client.post("/bankid/fortsatt/")["Location"] == "/folj/mina-arenden/"


def test_without_settings_bankid_is_not_offered(client, db, settings):
    settings.BANKID_URL = ""
    html = client.get("/bankid/").content.decode()
    assert 'value="other"' not in html
    assert "Här går det inte att logga in med BankID." in html
    assert "Mina ärenden, med BankID" not in client.get("/folj/").content.decode()


def test_the_personnummer_is_never_in_a_url_a_log_the_session_or_the_audit(
    client, bankid_server, caplog, tree
):
    caplog.set_level(logging.DEBUG)
    urls = []
    urls.append(start(client)["Location"])
    bankid_server.act(order(client)["ref"], "approve")
    collect_now(client)
    urls.append(client.post("/bankid/fortsatt/")["Location"])
    client.get("/folj/mina-arenden/")
    stored = str(dict(client.session.items()))
    audit = " ".join(f"{event.action} {event.data}" for event in Event.objects.all())
    for number in NUMBERS:
        assert number not in caplog.text
        assert number not in stored
        assert number not in audit
        assert all(number not in url for url in urls)


def test_the_sweep_forgets_used_orders_after_a_month(db):
    assert order_use(order_ref="old") and order_use(order_ref="new")
    UsedOrder.objects.filter(order_ref_digest=hashlib.sha256(b"old").hexdigest()).update(
        used_at=timezone.now() - timezone.timedelta(days=31)
    )
    assert sweep_run().bankid_orders_deleted == 1
    assert not order_use(order_ref="new")


def test_missing_certificate_files_give_a_clear_error_and_a_log_line(client, db, settings, tmp_path, caplog):
    settings.BANKID_CERT = str(tmp_path / "missing.pem")
    with caplog.at_level(logging.ERROR, logger="bankid.views"):
        response = start(client)
    assert response.status_code == 502
    assert "Internt tekniskt fel. Försök igen." in response.content.decode()
    assert "cannot be read" in caplog.text


def test_nothing_typed_in_the_intake_is_lost_by_logging_in(client, bankid_server, tree):
    session = client.session
    session["intake"] = {"organisation": tree.organisation.pk, "pages": {"vad-galler": {"kind": "complaint"}}}
    session.save()
    start(client, next_url="/lamna/")
    bankid_server.act(order(client)["ref"], "approve")
    collect_now(client)
    assert client.post("/bankid/fortsatt/")["Location"] == "/lamna/"
    assert client.session["intake"]["pages"] == {"vad-galler": {"kind": "complaint"}}
    assert client.session[SESSION_PERSON]["name"] == "Karin Exempel"
