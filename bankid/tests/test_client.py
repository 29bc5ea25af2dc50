"""The client against the project's own BankID test server, over mutual TLS: every answer and every error."""

import socket

import pytest
from django.utils import translation

from bankid.certificates import certificates_ensure, stranger
from bankid.client import BankIDClient
from bankid.errors import BankIDError
from bankid.hints import error_message, failed_message, pending_message
from bankid.testserver import PERSONS, BankIDTestServer


def client_for(server, certificates, *, cert=None, key=None, ca=None):
    return BankIDClient(
        base_url=server.api_url,
        cert=cert or certificates.client_cert,
        key=key or certificates.client_key,
        ca=ca or certificates.ca,
    )


@pytest.fixture
def server(bankid_certificates):
    server = BankIDTestServer(certificates=bankid_certificates)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(server, bankid_certificates):
    with client_for(server, bankid_certificates) as client:
        yield client


def test_it_identifies_a_person(server, client):
    order = client.auth(end_user_ip="192.0.2.10")
    assert server.requests[0] == ("auth", {"endUserIp": "192.0.2.10"})
    assert client.collect(order_ref=order.order_ref).hint_code == "outstandingTransaction"
    server.act(order.order_ref, "scan")
    assert client.collect(order_ref=order.order_ref).hint_code == "started"
    server.act(order.order_ref, "approve", person=PERSONS[2])
    collected = client.collect(order_ref=order.order_ref)
    assert collected.status == "complete"
    assert collected.user.personal_number == "191212721219"
    assert collected.user.name == "Amira Prov"


@pytest.mark.parametrize(
    ("action", "hint"),
    [
        ("cancel", "userCancel"),
        ("expire", "expiredTransaction"),
        ("start_failed", "startFailed"),
        ("blocked", "certificateErr"),
    ],
)
def test_it_tells_why_an_order_failed(server, client, action, hint):
    order = client.auth(end_user_ip="192.0.2.10")
    server.act(order.order_ref, action)
    collected = client.collect(order_ref=order.order_ref)
    assert (collected.status, collected.hint_code) == ("failed", hint)


def test_an_order_nobody_completes_expires(bankid_certificates):
    server = BankIDTestServer(certificates=bankid_certificates, order_lifetime=0)
    server.start()
    try:
        with client_for(server, bankid_certificates) as client:
            order = client.auth(end_user_ip="192.0.2.10")
            assert client.collect(order_ref=order.order_ref).hint_code == "expiredTransaction"
    finally:
        server.stop()


def test_a_cancelled_order_is_gone(client):
    order = client.auth(end_user_ip="192.0.2.10")
    client.cancel(order_ref=order.order_ref)
    with pytest.raises(BankIDError) as error:
        client.collect(order_ref=order.order_ref)
    assert error.value.code == "invalidParameters"


def test_bankid_errors_carry_their_code(client):
    with pytest.raises(BankIDError) as error:
        client.auth(end_user_ip="")
    assert error.value.code == "invalidParameters"


def test_a_client_certificate_the_server_does_not_trust_is_refused(server, bankid_certificates, tmp_path):
    cert, key = stranger(tmp_path)
    client = client_for(server, bankid_certificates, cert=cert, key=key)
    with client, pytest.raises(BankIDError) as error:
        client.auth(end_user_ip="192.0.2.10")
    assert error.value.code == "certificate"
    assert server.requests == []


def test_a_server_we_do_not_trust_is_refused(server, bankid_certificates, tmp_path):
    other = certificates_ensure(tmp_path / "other")
    client = client_for(server, bankid_certificates, ca=other.ca)
    with client, pytest.raises(BankIDError) as error:
        client.auth(end_user_ip="192.0.2.10")
    assert error.value.code == "certificate"


def test_nobody_answering_is_unreachable(bankid_certificates):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = BankIDClient(
        base_url=f"https://127.0.0.1:{port}/rp/v6.0/",
        cert=bankid_certificates.client_cert,
        key=bankid_certificates.client_key,
        ca=bankid_certificates.ca,
    )
    with client, pytest.raises(BankIDError) as error:
        client.auth(end_user_ip="192.0.2.10")
    assert error.value.code == "unreachable"


HINTS = {
    ("pending", "outstandingTransaction", False): ("Starta BankID-appen.", "Start your BankID app."),
    ("pending", "outstandingTransaction", True): (
        "Försöker starta BankID-appen.",
        "Trying to start your BankID app.",
    ),
    ("pending", "noClient", False): ("Starta BankID-appen.", "Start your BankID app."),
    ("pending", "started", False): ("Söker efter BankID", "Searching for BankID"),
    ("pending", "userSign", False): ("Skriv in din säkerhetskod", "Enter your security code"),
    ("pending", "userMrtd", False): ("Fotografera och granska", "Process your machine-readable"),
    ("pending", "somethingNew", False): ("Identifiering pågår.", "Identification in progress."),
    ("failed", "expiredTransaction", False): (
        "BankID-appen svarar inte.",
        "The BankID app is not responding.",
    ),
    ("failed", "certificateErr", False): ("för gammalt eller spärrat", "is blocked or too old"),
    ("failed", "userCancel", False): ("Åtgärden avbruten.", "Action cancelled."),
    ("failed", "cancelled", False): (
        "Åtgärden avbruten. Försök igen.",
        "Action cancelled. Please try again.",
    ),
    ("failed", "startFailed", True): ("BankID-appen verkar inte finnas", "could not be found"),
    ("failed", "startFailed", False): ("Misslyckades att läsa av QR-koden.", "Failed to scan the QR code."),
    ("failed", "somethingNew", False): ("Okänt fel. Försök igen.", "Unknown error. Please try again."),
}


@pytest.mark.parametrize(("key", "words"), HINTS.items())
def test_every_hint_has_bankids_words_in_swedish_and_english(key, words):
    status, hint, same_device = key
    message = pending_message if status == "pending" else failed_message
    for language, expected in zip(("sv", "en"), words, strict=True):
        with translation.override(language):
            assert expected in str(message(hint, same_device=same_device))


@pytest.mark.parametrize(
    ("code", "swedish"),
    [
        ("alreadyInProgress", "redan påbörjad"),
        ("requestTimeout", "Internt tekniskt fel"),
        ("maintenance", "Internt tekniskt fel"),
        ("internalError", "Internt tekniskt fel"),
        ("certificate", "Internt tekniskt fel"),
        ("unreachable", "Internt tekniskt fel"),
        ("configuration", "Internt tekniskt fel"),
        ("invalidParameters", "Okänt fel"),
        ("unauthorized", "Okänt fel"),
        ("notFound", "Okänt fel"),
    ],
)
def test_every_error_has_bankids_words(code, swedish):
    with translation.override("sv"):
        assert swedish in str(error_message(code))


def test_a_missing_certificate_file_is_a_configuration_error(bankid_certificates, tmp_path):
    with pytest.raises(BankIDError) as error:
        BankIDClient(
            base_url="https://127.0.0.1:1/rp/v6.0/",
            cert=tmp_path / "missing.pem",
            key=bankid_certificates.client_key,
            ca=bankid_certificates.ca,
        )
    assert error.value.code == "configuration"
