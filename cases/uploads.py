"""Checking a file someone uploads, before it is kept anywhere (issue 2 item 4; issue 5 item 5).

The type is decided by the file's content (libmagic), never by its name or the content type the browser sent:
a program renamed "brev.pdf" is still a program. Size and the virus scan are checked here too, so that every
place that accepts files (the intake, the citizen's messages, staff registration) applies the same rules.
"""

import importlib
import importlib.util
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy

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


def validate_upload(upload: Any) -> str:
    """Check one uploaded file: size, type by content, virus scan. Return its content type.

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
    _virus_scan(upload)
    upload.validated_content_type = content_type
    return content_type
