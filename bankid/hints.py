"""The words BankID recommends for every state of an order and every error (the RFA messages of BankID's
integration guide), in English here and in Swedish in the catalogue: the person sees what the app's own help
pages describe.

`pending_message` and `failed_message` take the hintCode from `collect`; `error_message` the code of a
bankid.client.BankIDError. An unknown code gets the message for an unknown state, never nothing.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RFA = {
    "RFA1": _("Start your BankID app."),
    "RFA2": _("The BankID app is not installed. Please contact your bank."),
    "RFA3": _("Action cancelled. Please try again."),
    "RFA4": _("An identification or signing for this personal number is already started. Please try again."),
    "RFA5": _("Internal error. Please try again."),
    "RFA6": _("Action cancelled."),
    "RFA8": _(
        "The BankID app is not responding. Please check that it is started and that you have internet access. "
        "If you do not have a valid BankID you can get one from your bank. Try again."
    ),
    "RFA9": _("Enter your security code in the BankID app and select Identify."),
    "RFA13": _("Trying to start your BankID app."),
    "RFA14B": _(
        "Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has "
        "been found, you probably do not have a BankID which can be used for this identification on this "
        "device. If you do not have a BankID you can get one from your bank. If you have a BankID on another "
        "device you can start the BankID app on that device."
    ),
    "RFA15B": _(
        "Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has "
        "been found, you probably do not have a BankID which can be used for this identification on this "
        "device. If you do not have a BankID you can get one from your bank."
    ),
    "RFA16": _(
        "The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one "
        "from your bank."
    ),
    "RFA17A": _(
        "The BankID app could not be found on your computer or mobile device. Please install it and get a "
        "BankID from your bank. Install the app from your app store or https://install.bankid.com."
    ),
    "RFA17B": _(
        "Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up "
        "to date. If you do not have the BankID app, you need to install it and get a BankID from your bank. "
        "Install the app from your app store or https://install.bankid.com."
    ),
    "RFA21": _("Identification in progress."),
    "RFA22": _("Unknown error. Please try again."),
    "RFA23": _("Process your machine-readable travel document using the BankID app."),
}


def pending_message(hint_code: str, *, same_device: bool) -> Promise:
    """What to tell the person while the order is pending."""
    if hint_code in ("outstandingTransaction", "noClient"):
        return RFA["RFA13"] if same_device and hint_code == "outstandingTransaction" else RFA["RFA1"]
    if hint_code == "started":
        return RFA["RFA15B"] if same_device else RFA["RFA14B"]
    if hint_code == "userSign":
        return RFA["RFA9"]
    if hint_code == "userMrtd":
        return RFA["RFA23"]
    return RFA["RFA21"]


def failed_message(hint_code: str, *, same_device: bool) -> Promise:
    """What to tell the person when the order failed."""
    if hint_code == "expiredTransaction":
        return RFA["RFA8"]
    if hint_code == "certificateErr":
        return RFA["RFA16"]
    if hint_code == "userCancel":
        return RFA["RFA6"]
    if hint_code == "cancelled":
        return RFA["RFA3"]
    if hint_code == "startFailed":
        return RFA["RFA17A"] if same_device else RFA["RFA17B"]
    return RFA["RFA22"]


# Errors that BankID answers to a call (HTTP 4xx/5xx), and ours: the TLS handshake refused, or nobody answered.
_ERRORS = {
    "alreadyInProgress": "RFA4",
    "requestTimeout": "RFA5",
    "maintenance": "RFA5",
    "internalError": "RFA5",
    "certificate": "RFA5",
    "unreachable": "RFA5",
    "configuration": "RFA5",
}


def error_message(code: str) -> Promise:
    """What to tell the person when a call to BankID failed. The errors that are ours to fix (invalidParameters,
    unauthorized, notFound) get "Unknown error", as BankID recommends; the log says which it was."""
    return RFA[_ERRORS.get(code, "RFA22")]
