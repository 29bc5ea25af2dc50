"""Checking a file someone uploads, before it is kept anywhere (issue 2 item 4; issue 5 item 5).

The type is decided by the file's content (libmagic), never by its name or the content type the browser sent:
a program renamed "brev.pdf" is still a program. Size, what is inside (office documents that unpack to
gigabytes, PDFs that run scripts: cases/filecontent.py) and the virus scan are checked here too, so that every
place that accepts files (the intake, the citizen's messages, staff registration) applies the same rules.
"""

import importlib
import importlib.util
import logging
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy

from cases.filecontent import content_problem

logger = logging.getLogger(__name__)

# What people send us: letters, photos and office documents. Values are the names shown in error messages.
ALLOWED_CONTENT_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "image/heif": "HEIF",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/msword": "Word (doc)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (docx)",
    "application/vnd.ms-excel": "Excel (xls)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (xlsx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument (ods)",
    "text/rtf": "RTF",
    "application/rtf": "RTF",
}

# libmagic needs the start of the file only; office formats are recognised from the first zip entries.
SNIFF_BYTES = 256 * 1024

ALLOWED_TYPES_TEXT = gettext_lazy("PDF, images (JPEG, PNG, HEIC, GIF, WebP) and Office documents")


def sniff_content_type(upload: Any) -> str:
    """The content type libmagic reads from the first bytes of the file."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return str(magic.from_buffer(head, mime=True))


def _virus_scan(upload: Any) -> None:
    """Call the virus-scan hook if the project has one (core.virusscan.scan raises ValidationError)."""
    if importlib.util.find_spec("core.virusscan") is None:
        return
    scanner = importlib.import_module("core.virusscan")
    scan = getattr(scanner, "scan", None)
    if scan is not None:
        upload.seek(0)
        scan(upload)
        upload.seek(0)


# What the citizen (or the registrar) is told when the inside of a file is refused, by cases.filecontent's code.
CONTENT_PROBLEM_MESSAGES = {
    "archive_too_large": gettext_lazy(
        "%(name)s unpacks to far more than its own size when it is opened, as harmful files are built to do, so "
        "we cannot accept it. Save the document again, or save it as a PDF, and send that."
    ),
    "archive_too_many_members": gettext_lazy(
        "%(name)s is made of far more parts than any document needs, as harmful files are built to be, so we "
        "cannot accept it. Save the document again, or save it as a PDF, and send that."
    ),
    "archive_damaged": gettext_lazy(
        "%(name)s is damaged or locked, so we cannot accept it. Save the document again without a password, "
        "or save it as a PDF, and send that."
    ),
    "pdf_active": gettext_lazy(
        "%(name)s contains scripts, actions or attached files, which we cannot accept. Print it to a new PDF "
        "(choose “Save as PDF” when you print) and send that."
    ),
    "pdf_unreadable": gettext_lazy(
        "%(name)s is encrypted or built so that we cannot check it, so we cannot accept it. Print it to a new "
        "PDF (choose “Save as PDF” when you print) and send that."
    ),
}


def validate_upload(upload: Any) -> str:
    """Check one uploaded file: size, type by content, what is inside, virus scan. Return its content type.

    Sets `upload.validated_content_type`, which cases.services.attachment_add stores. Raises ValidationError with
    a message that names the file and the reason, in the active language.
    """
    name = upload.name or gettext("the file")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(
            gettext("%(name)s is empty. Choose a file with content.") % {"name": name}, code="empty"
        )
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            gettext("%(name)s is too large: it must be at most %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            gettext("%(name)s is not a file type we can accept. Send %(allowed)s.")
            % {"name": name, "allowed": ALLOWED_TYPES_TEXT},
            code="type_not_allowed",
        )
    problem = content_problem(upload, content_type)
    if problem is not None:
        # The code is safe to log; the file's name is not (it may carry personal data).
        logger.warning("Upload refused: %s (%s)", problem, content_type)
        raise ValidationError(str(CONTENT_PROBLEM_MESSAGES[problem]) % {"name": name}, code=problem)
    _virus_scan(upload)
    upload.validated_content_type = content_type
    return content_type
