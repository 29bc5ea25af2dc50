"""Letters on paper, for senders who chose post: a message of the case as a letter, and the registrar's receipt.

Each is a tagged PDF (documents/pdf.py) on the organisation's letterhead, with the date in words and the reference
number, addressed to the sender if they gave a name and address, in the sender's language when the interface has
it. The receipt holds the secret: it is rendered only where the secret is known, at registration (registrar/views.py),
and the secret goes nowhere else.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from cases import receipts
from cases.models import Case, Message
from documents.pdf import pdf_render
from documents.selectors import letter_language, letter_signatory
from protection.selectors import letter_may_carry_address


def _recipient(case: Case) -> dict[str, str] | None:
    if not letter_may_carry_address(case):
        return None  # protected personal details: addressed by hand, through the organisation's own route
    if case.is_anonymous or not (case.contact_name or case.contact_address):
        return None
    return {"name": case.contact_name, "address": case.contact_address.strip()}


def _grouped(secret: str) -> str:
    # As cases.receipts.new_secret writes it (4F7Q2-ZK8MA-…), whatever form it was typed or posted in.
    return "-".join(secret[i : i + 5] for i in range(0, len(secret), 5))


def _follow_url() -> str:
    return settings.SITE_URL + reverse("citizen:start")


def message_letter_pdf(*, case: Case, message: Message) -> bytes:
    """The message (to the sender) as a letter, dated the day it was written and signed by its author."""
    with translation.override(letter_language(case)):
        return pdf_render(
            template_name="documents/message_letter.html",
            context={
                "case": case,
                "message": message,
                "organisation": case.organisation,
                "letter_date": timezone.localdate(message.created_at),
                "recipient": _recipient(case),
                "signatory": letter_signatory(case=case, user=message.author, step=message.step),
                "follow_url": _follow_url(),
            },
        )


def receipt_letter_pdf(*, case: Case, secret: str, registrar: User) -> bytes:
    """The receipt for a case registered by `registrar`: the reference number, the receipt code and the secret,
    how to follow the case, and what happens next and when."""
    with translation.override(letter_language(case)):
        return pdf_render(
            template_name="documents/receipt_letter.html",
            context={
                "case": case,
                "secret": _grouped(receipts.normalise(secret)),
                "organisation": case.organisation,
                "letter_date": timezone.localdate(),
                "recipient": _recipient(case),
                "signatory": letter_signatory(case=case, user=registrar, step=case.step),
                "follow_url": _follow_url(),
            },
        )


def letter_filename(case: Case, *, receipt: bool = False) -> str:
    """A file name with the reference number only ("brev-SN-2026-00012.pdf"), never anything of the case's content."""
    reference = re.sub(r"[^A-Za-z0-9]+", "-", case.reference_number).strip("-")
    with translation.override(letter_language(case)):
        # Translators: the start of a file name, in lower case without spaces.
        stem = (
            translation.pgettext("file name", "receipt")
            if receipt
            else translation.pgettext("file name", "letter")
        )
    return f"{stem}-{reference}.pdf"
