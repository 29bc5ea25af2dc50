"""The project's own BankID test server: the Relying Party API v6.0 over mutual TLS, and a page that plays the
person's phone.

    server = BankIDTestServer(certificates=certificates_ensure(path))
    server.start()            # the API at server.api_url (mutual TLS), the phone at server.phone_url (plain HTTP)
    server.act(order_ref, "approve", person=PERSONS[0])   # or "cancel", "expire", "start_failed", "scan" …
    server.stop()

`manage.py bankid_testserver` runs it beside `./run demo`; the tests start it in a thread. The API refuses a
client whose certificate its CA did not sign, as the real service does. It answers like the real one: `auth` gives
an orderRef and the tokens, `collect` the status and hintCode, and on completion the user's name and personnummer;
`cancel` forgets the order; an order nobody completes expires. Errors are BankID's: HTTP 400 with an errorCode.

The people are made up, with Skatteverket's test personnummer only (one coordination number), and one whose
number has a wrong check digit, to try a number that does not exist.
"""

from __future__ import annotations

import json
import secrets
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.template.loader import render_to_string
from django.utils import translation

from bankid.certificates import CertificateSet

ORDER_LIFETIME_SECONDS = 180

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Person:
    personal_number: str
    given_name: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.surname}"


PERSONS = (
    Person("191212121212", "Karin", "Exempel"),
    Person("201212121212", "Olle", "Testsson"),
    Person("191212721219", "Amira", "Prov"),  # a samordningsnummer: the day plus 60
    Person("191212121213", "Fel", "Kontrollsiffra"),  # the check digit is wrong: a number that does not exist
)


@dataclass
class TestOrder:
    order_ref: str
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str
    end_user_ip: str
    started: float = field(default_factory=time.monotonic)
    status: str = "pending"
    hint_code: str = "outstandingTransaction"
    person: Person | None = None


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No line per request on the console."""


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _TLSServer(_Server):
    """Each connection's TLS handshake is done in its own thread, so that a client that never finishes it (or
    is refused) holds up nobody else."""

    tls: ssl.SSLContext

    def get_request(self) -> tuple[Any, Any]:
        sock, address = self.socket.accept()
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            request.settimeout(10)
            request.do_handshake()
        except (ssl.SSLError, OSError):
            request.close()  # a client certificate the CA did not sign, or none: the connection ends here
            return
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request is nothing to print."""


def _json(start_response: StartResponse, status: HTTPStatus, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        f"{status.value} {status.phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
    )
    return [data]


def _error(start_response: StartResponse, code: str, details: str) -> list[bytes]:
    return _json(start_response, HTTPStatus.BAD_REQUEST, {"errorCode": code, "details": details})


def _body(environ: dict[str, Any]) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(min(length, 65536)) if length > 0 else b""


class BankIDTestServer:
    def __init__(
        self,
        *,
        certificates: CertificateSet,
        host: str = "127.0.0.1",
        api_port: int = 0,
        phone_port: int = 0,
        order_lifetime: float = ORDER_LIFETIME_SECONDS,
    ) -> None:
        self.certificates = certificates
        self.host = host
        self.order_lifetime = order_lifetime
        self.orders: dict[str, TestOrder] = {}
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict[str, Any]]] = []  # every API call, for the tests to look at
        self._api = make_server(
            host, api_port, self.api_app, server_class=_TLSServer, handler_class=_QuietHandler
        )
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(certificates.ca))
        tls.load_cert_chain(str(certificates.server_cert), str(certificates.server_key))
        tls.verify_mode = ssl.CERT_REQUIRED
        self._api.tls = tls  # type: ignore[attr-defined]
        self._phone = make_server(
            host, phone_port, self.phone_app, server_class=_Server, handler_class=_QuietHandler
        )
        self._threads: list[threading.Thread] = []

    # --- running ----------------------------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"https://{self.host}:{self._api.server_port}/rp/v6.0/"

    @property
    def phone_url(self) -> str:
        return f"http://{self.host}:{self._phone.server_port}/"

    def start(self) -> None:
        for server in (self._api, self._phone):
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in (self._api, self._phone):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def serve_forever(self) -> None:
        """Run until interrupted (the management command)."""
        self.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    # --- what the person does on the phone ---------------------------------------------------------------------

    def act(self, order_ref: str, action: str, *, person: Person | None = None) -> bool:
        """Do what the person does in the app: scan, approve (as `person`), cancel, or let it expire or fail to
        start. False if there is no such pending order."""
        with self.lock:
            order = self.orders.get(order_ref)
            if order is None or order.status != "pending":
                return False
            if action == "scan":
                order.hint_code = "started"
            elif action == "sign":
                order.hint_code = "userSign"
            elif action == "approve":
                order.status, order.hint_code, order.person = "complete", "", person or PERSONS[0]
            elif action == "cancel":
                order.status, order.hint_code = "failed", "userCancel"
            elif action == "expire":
                order.status, order.hint_code = "failed", "expiredTransaction"
            elif action == "start_failed":
                order.status, order.hint_code = "failed", "startFailed"
            elif action == "blocked":
                order.status, order.hint_code = "failed", "certificateErr"
            else:
                return False
            return True

    def pending(self) -> list[TestOrder]:
        with self.lock:
            return sorted(
                (order for order in self.orders.values() if order.status == "pending"),
                key=lambda order: order.started,
                reverse=True,
            )

    def latest_order_ref(self) -> str | None:
        orders = self.pending()
        return orders[0].order_ref if orders else None

    # --- the API ---------------------------------------------------------------------------------------------

    def api_app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "POST" or not path.startswith("/rp/v6.0/"):
            return _json(start_response, HTTPStatus.NOT_FOUND, {"errorCode": "notFound", "details": path})
        try:
            payload = json.loads(_body(environ) or b"{}")
        except ValueError:
            return _error(start_response, "invalidParameters", "The body is not JSON.")
        if not isinstance(payload, dict):
            return _error(start_response, "invalidParameters", "The body is not a JSON object.")
        method = path.removeprefix("/rp/v6.0/")
        with self.lock:
            self.requests.append((method, payload))
        if method == "auth":
            return self._auth(payload, start_response)
        if method == "collect":
            return self._collect(payload, start_response)
        if method == "cancel":
            return self._cancel(payload, start_response)
        return _json(start_response, HTTPStatus.NOT_FOUND, {"errorCode": "notFound", "details": method})

    def _auth(self, payload: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        end_user_ip = payload.get("endUserIp")
        if not isinstance(end_user_ip, str) or not end_user_ip:
            return _error(start_response, "invalidParameters", "endUserIp is required.")
        order = TestOrder(
            order_ref=str(uuid.uuid4()),
            auto_start_token=str(uuid.uuid4()),
            qr_start_token=str(uuid.uuid4()),
            qr_start_secret=str(uuid.uuid4()),
            end_user_ip=end_user_ip,
        )
        with self.lock:
            self.orders[order.order_ref] = order
        return _json(
            start_response,
            HTTPStatus.OK,
            {
                "orderRef": order.order_ref,
                "autoStartToken": order.auto_start_token,
                "qrStartToken": order.qr_start_token,
                "qrStartSecret": order.qr_start_secret,
            },
        )

    def _collect(self, payload: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        with self.lock:
            order = self.orders.get(str(payload.get("orderRef", "")))
            if order is None:
                return _error(start_response, "invalidParameters", "No such order.")
            if order.status == "pending" and time.monotonic() - order.started > self.order_lifetime:
                order.status, order.hint_code = "failed", "expiredTransaction"
            body: dict[str, Any] = {"orderRef": order.order_ref, "status": order.status}
            if order.status != "complete":
                body["hintCode"] = order.hint_code
            else:
                assert order.person is not None
                body["completionData"] = {
                    "user": {
                        "personalNumber": order.person.personal_number,
                        "name": order.person.name,
                        "givenName": order.person.given_name,
                        "surname": order.person.surname,
                    },
                    "device": {"ipAddress": order.end_user_ip, "uhi": secrets.token_urlsafe(16)},
                    "bankIdIssueDate": "2024-01-01Z",
                    "signature": "",
                    "ocspResponse": "",
                }
        return _json(start_response, HTTPStatus.OK, body)

    def _cancel(self, payload: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        with self.lock:
            order = self.orders.pop(str(payload.get("orderRef", "")), None)
        if order is None:
            return _error(start_response, "invalidParameters", "No such order.")
        return _json(start_response, HTTPStatus.OK, {})

    # --- the phone -------------------------------------------------------------------------------------------

    def phone_app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            form = {key: values[0] for key, values in parse_qs(_body(environ).decode()).items()}
            person = next((p for p in PERSONS if p.personal_number == form.get("person")), None)
            self.act(form.get("order", ""), form.get("action", ""), person=person)
            start_response("303 See Other", [("Location", "/"), ("Content-Length", "0")])
            return [b""]
        with translation.override("sv"):
            page = render_to_string("bankid/phone.html", {"orders": self.pending(), "persons": PERSONS})
        data = page.encode()
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(data))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [data]


def serve(*, directory: Path, host: str, api_port: int, phone_port: int) -> BankIDTestServer:
    """A server on fixed ports with the certificates in `directory` (made there if needed), not yet started."""
    from bankid.certificates import certificates_ensure

    return BankIDTestServer(
        certificates=certificates_ensure(directory), host=host, api_port=api_port, phone_port=phone_port
    )
