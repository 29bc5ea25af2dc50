"""Files attached in the wizard, kept until the final POST.

They sit in a private area of the default storage (outside the web root, like every upload) under random names,
and the session holds only the random token with the original name, size and checked content type. Whatever
is not submitted is deleted by `manage.py intake_sweep_uploads` (run daily) after a day.
"""

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

TEMP_DIR = "intake-tmp"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
MAX_AGE = timedelta(days=1)


def _path(token: str) -> str:
    if not TOKEN_PATTERN.match(token):
        raise ValueError("Not a temporary upload token.")
    return f"{TEMP_DIR}/{token}"


def temp_store(upload: Any) -> dict[str, Any]:
    """Keep a checked upload; returns what the session keeps about it (no path, no content)."""
    token = secrets.token_urlsafe(32)
    upload.seek(0)
    default_storage.save(_path(token), upload)
    return {
        "token": token,
        "name": (upload.name or "bilaga")[:200],
        "size": upload.size or 0,
        "content_type": getattr(upload, "validated_content_type", ""),
    }


def temp_open(entry: dict[str, Any]) -> UploadedFile:
    """The kept file as an upload again, with its original name, for validate_upload and case_register."""
    handle = default_storage.open(_path(entry["token"]), "rb")
    return UploadedFile(
        file=File(handle).file,
        name=entry["name"],
        content_type=entry.get("content_type") or "application/octet-stream",
        size=default_storage.size(_path(entry["token"])),
    )


def temp_exists(entry: dict[str, Any]) -> bool:
    try:
        return default_storage.exists(_path(entry["token"]))
    except ValueError:
        return False


def temp_delete(entry: dict[str, Any]) -> None:
    try:
        path = _path(entry["token"])
    except ValueError:
        return
    if default_storage.exists(path):
        default_storage.delete(path)


def temp_sweep(*, now: datetime | None = None) -> int:
    """Delete kept files older than a day (never submitted). Returns how many were deleted."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(TEMP_DIR)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        path = f"{TEMP_DIR}/{name}"
        if now - default_storage.get_modified_time(path) > MAX_AGE:
            default_storage.delete(path)
            deleted += 1
    return deleted
