"""A small client of BankID's Relying Party API v6.0: `auth`, `collect` and `cancel` over mutual TLS.

Why our own (docs/decisions/0037): pybankid 1.5 speaks v6.0, but it hard-codes the two service addresses and their
CA certificates, so it cannot talk to the project's own test server, nor to a new address without patching it.
This client is the three calls, each a POST of JSON on one `httpx.Client` whose TLS context holds the
organisation's certificate and key and trusts only the CA it is given.

Errors become `BankIDError` with a code: BankID's own `errorCode` (alreadyInProgress, invalidParameters,
unauthorized, notFound, requestTimeout, maintenance, internalError), or `certificate` when the TLS handshake fails
(our certificate refused, or theirs not trusted), `unreachable`, or `configuration` when the certificate, key or CA
file cannot be read. bankid.hints turns a code into the words
BankID recommends.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bankid.errors import BankIDError

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Order:
    """The answer to `auth`."""

    order_ref: str
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str


@dataclass(frozen=True)
class User:
    personal_number: str
    name: str
    given_name: str
    surname: str


@dataclass(frozen=True)
class Collected:
    """The answer to `collect`: status pending, failed or complete; the hintCode while pending or when failed;
    the user when complete."""

    status: str
    hint_code: str = ""
    user: User | None = None


def tls_context(*, cert: Path, key: Path, ca: Path) -> ssl.SSLContext:
    """A client context that presents our certificate and trusts only the given CA (BankID's own root)."""
    context = ssl.create_default_context(cafile=str(ca))
    context.load_cert_chain(certfile=str(cert), keyfile=str(key))
    return context


class BankIDClient:
    def __init__(self, *, base_url: str, cert: Path, key: Path, ca: Path, timeout: float = TIMEOUT_SECONDS):
        try:
            context = tls_context(cert=cert, key=key, ca=ca)
        except (OSError, ssl.SSLError) as error:  # a file missing, unreadable, or not a certificate or key
            raise BankIDError("configuration", str(error)) from error
        self.http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            verify=context,
            timeout=timeout,
            headers={"Content-Type": "application/json"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> BankIDClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _post(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(method, json=payload)
        except httpx.TransportError as error:
            # A refused client certificate shows on TLS 1.3 only at the first read (an alert after the
            # handshake), so the words of the error, not its class, tell a TLS failure from a dead network.
            text = f"{error} {error.__cause__ or ''} {error.__context__ or ''}".lower()
            tls = isinstance(error.__cause__ or error.__context__, ssl.SSLError) or any(
                word in text for word in ("ssl", "certificate", "alert", "tls")
            )
            raise BankIDError("certificate" if tls else "unreachable", str(error)) from error
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code != 200:
            code = str(body.get("errorCode") or "internalError")
            raise BankIDError(code, str(body.get("details", ""))[:200])
        return body

    def auth(self, *, end_user_ip: str) -> Order:
        """Start an identification. The person's IP address is required by v6.0 (it is shown in the app's risk
        check); nothing else about the person is sent."""
        body = self._post("auth", {"endUserIp": end_user_ip})
        try:
            return Order(
                order_ref=str(body["orderRef"]),
                auto_start_token=str(body["autoStartToken"]),
                qr_start_token=str(body["qrStartToken"]),
                qr_start_secret=str(body["qrStartSecret"]),
            )
        except KeyError as missing:
            raise BankIDError("internalError", f"no {missing} in the answer to auth") from None

    def collect(self, *, order_ref: str) -> Collected:
        """The state of the order. Call it every two seconds while it is pending."""
        body = self._post("collect", {"orderRef": order_ref})
        status = str(body.get("status", ""))
        if status == "complete":
            user = (body.get("completionData") or {}).get("user") or {}
            try:
                return Collected(
                    status=status,
                    user=User(
                        personal_number=str(user["personalNumber"]),
                        name=str(user.get("name", "")),
                        given_name=str(user.get("givenName", "")),
                        surname=str(user.get("surname", "")),
                    ),
                )
            except KeyError:
                raise BankIDError("internalError", "no personalNumber in the completion data") from None
        if status not in ("pending", "failed"):
            raise BankIDError("internalError", "unknown status in the answer to collect")
        return Collected(status=status, hint_code=str(body.get("hintCode", "")))

    def cancel(self, *, order_ref: str) -> None:
        self._post("cancel", {"orderRef": order_ref})
