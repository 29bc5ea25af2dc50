"""Logging in with BankID: start an order, wait while the person identifies themselves, continue or cancel.

The order lives in the session (never in a URL): its orderRef, the tokens and the QR secret. The waiting page
collects at most every two seconds, however often it is loaded, and draws a new QR code every second. Without
JavaScript it reloads itself (a <meta http-equiv="refresh"> inside <noscript>) and has a button to look again;
with htmx it swaps the status in place. Nothing the request carries names the order, so a forged or replayed
request has nothing to act on; a completed order is recorded as used (bankid.services.order_use).

Once BankID says complete, the page shows whose name it is, and only the button "Continue" (a POST) logs the
person in: nothing changes on GET, and someone whose QR code was scanned by the wrong person can stop there.
"""

import logging
import time
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bankid.errors import BankIDError
from bankid.hints import error_message, failed_message, pending_message
from bankid.identity import IdentifiedPerson, identified_person, session_person_set
from bankid.qr import qr_data, qr_svg
from bankid.services import bankid_client, bankid_enabled, order_use
from core.personnummer import PersonnummerError, parse
from core.ratelimit import client_ip, limit_exceeded, too_many_requests

logger = logging.getLogger(__name__)

SESSION_ORDER = "bankid_order"
COLLECT_EVERY_SECONDS = 2
# A completed identification must be continued within this while; after it the person starts again.
CONTINUE_WITHIN_SECONDS = 300


def _next_url(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after the log-in: a path on this site, or "Mina ärenden"."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("citizen:my_cases")


def _start_page(request: HttpRequest, *, next_url: str, error: str = "", status: int = 200) -> HttpResponse:
    return TemplateResponse(
        request,
        "bankid/start.html",
        {"enabled": bankid_enabled(), "next": next_url, "error": error, "has_errors": bool(error)},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Choose BankID on this device or on another one (the QR code); the POST starts the order."""
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET" or not bankid_enabled():
        return _start_page(request, next_url=next_url)
    if limit_exceeded(request, scope="bankid-start"):
        return too_many_requests(request)
    same_device = request.POST.get("device") == "this"
    _cancel_order(request)  # a new order replaces one still pending in this session
    try:
        with bankid_client() as client:
            order = client.auth(end_user_ip=client_ip(request) or "127.0.0.1")
    except BankIDError as error:
        _log_error("auth", error)
        return _start_page(request, next_url=next_url, error=str(error_message(error.code)), status=502)
    request.session[SESSION_ORDER] = {
        "ref": order.order_ref,
        "auto": order.auto_start_token,
        "qr_token": order.qr_start_token,
        "qr_secret": order.qr_start_secret,
        "started": time.time(),
        "collected": 0.0,
        "same_device": same_device,
        "status": "pending",
        "hint": "outstandingTransaction",
        "message": "",
        "next": next_url,
    }
    return redirect("bankid:wait")


def _log_error(call: str, error: BankIDError) -> None:
    # The code and BankID's words for it; never the person's data (there is none in an error).
    if error.code == "certificate":
        logger.error(
            "BankID %s: the TLS connection was refused. Check SYNPUNKT_BANKID_CERT, SYNPUNKT_BANKID_KEY "
            "(our certificate, which BankID must trust) and SYNPUNKT_BANKID_CA (theirs). %s",
            call,
            error.detail,
        )
    elif error.code == "configuration":
        logger.error(
            "BankID %s: the certificate, key or CA cannot be read. Check the files that SYNPUNKT_BANKID_CERT, "
            "SYNPUNKT_BANKID_KEY and SYNPUNKT_BANKID_CA name. %s",
            call,
            error.detail,
        )
    else:
        logger.error("BankID %s failed: %s %s", call, error.code, error.detail)


def _collect(request: HttpRequest, order: dict[str, Any]) -> None:
    """Ask BankID about the order if two seconds have passed since we last asked, and keep the answer."""
    now = time.time()
    if order["status"] != "pending" or now - float(order["collected"]) < COLLECT_EVERY_SECONDS:
        return
    order["collected"] = now
    same_device = bool(order["same_device"])
    try:
        with bankid_client() as client:
            collected = client.collect(order_ref=order["ref"])
    except BankIDError as error:
        _log_error("collect", error)
        order["status"], order["message"] = "failed", str(error_message(error.code))
        return
    if collected.status == "pending":
        order["hint"] = collected.hint_code
    elif collected.status == "failed":
        order["status"] = "failed"
        order["message"] = str(failed_message(collected.hint_code, same_device=same_device))
    else:
        _complete(order, collected.user)


def _complete(order: dict[str, Any], user: Any) -> None:
    try:
        number = parse(user.personal_number)
    except PersonnummerError as error:
        logger.warning("BankID collect: the personal number is not valid (%s)", error.code)
        order["status"] = "failed"
        order["message"] = _(
            "BankID gave us a personal identity number that does not exist, so we cannot log you in. "
            "Log in with your receipt code instead, or contact us."
        )
        return
    if not order_use(order_ref=order["ref"]):
        logger.warning("BankID collect: an order that was used already came back")
        order["status"] = "failed"
        order["message"] = _("This BankID identification has been used already. Start again.")
        return
    person = identified_person(number, name=user.name, given_name=user.given_name, surname=user.surname)
    order["status"] = "complete"
    order["completed"] = time.time()
    order["person"] = {
        "key": person.key,
        "masked": person.masked,
        "name": person.name,
        "given_name": person.given_name,
        "surname": person.surname,
    }
    # The QR secret is of no more use; the rest of the order is dropped on "Continue".
    order.pop("qr_secret", None)


@never_cache
@require_http_methods(["GET"])
def wait(request: HttpRequest) -> HttpResponse:
    """The waiting page: the QR code or the button that opens the app, BankID's words for where it stands."""
    order = request.session.get(SESSION_ORDER)
    if not isinstance(order, dict):
        messages.info(request, _("No BankID identification is under way. Start again."))
        return redirect("bankid:start")
    _collect(request, order)
    request.session[SESSION_ORDER] = order
    same_device = bool(order["same_device"])
    context: dict[str, Any] = {"order": order, "same_device": same_device, "polling": False}
    if order["status"] == "pending":
        context["polling"] = True
        context["message"] = pending_message(order["hint"], same_device=same_device)
        if same_device:
            context["autostart_url"] = f"bankid:///?autostarttoken={order['auto']}&redirect=null"
        else:
            seconds = max(0, int(time.time() - float(order["started"])))
            data = qr_data(
                qr_start_token=order["qr_token"], qr_start_secret=order["qr_secret"], seconds=seconds
            )
            label = _("QR code to scan with the BankID app")
            context["qr_svg"] = mark_safe(qr_svg(data, label=label))  # noqa: S308 (drawn by qrcode, escaped label)
    elif order["status"] == "failed":
        context["message"] = order["message"]
        context["has_errors"] = True
    return TemplateResponse(request, "bankid/wait.html", context)


def _cancel_order(request: HttpRequest) -> None:
    order = request.session.pop(SESSION_ORDER, None)
    if isinstance(order, dict) and order.get("status") == "pending":
        try:
            with bankid_client() as client:
                client.cancel(order_ref=order["ref"])
        except BankIDError as error:
            _log_error("cancel", error)  # the order expires by itself at BankID


@never_cache
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    order = request.session.get(SESSION_ORDER)
    next_url = order.get("next") if isinstance(order, dict) else None
    _cancel_order(request)
    messages.info(request, _("You stopped the identification with BankID."))
    return redirect(reverse("bankid:start") + ("?" + urlencode({"next": next_url}) if next_url else ""))


@never_cache
@require_POST
def done(request: HttpRequest) -> HttpResponse:
    """Continue as the person BankID identified: the log-in itself."""
    order = request.session.get(SESSION_ORDER)
    if not isinstance(order, dict) or order.get("status") != "complete" or not order.get("person"):
        messages.error(request, _("There is no finished BankID identification to continue. Start again."))
        return redirect("bankid:start")
    if time.time() - float(order.get("completed", 0)) > CONTINUE_WITHIN_SECONDS:
        request.session.pop(SESSION_ORDER, None)
        messages.error(request, _("The identification with BankID has expired. Start again."))
        return redirect("bankid:start")
    person = IdentifiedPerson(**order["person"])
    next_url = _next_url(request, order.get("next"))
    request.session.pop(SESSION_ORDER, None)
    session_person_set(request.session, person)
    return redirect(next_url)
