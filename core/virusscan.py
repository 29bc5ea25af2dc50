"""Virus scan of uploads through ClamAV's clamd, spoken directly over its socket (the INSTREAM command).

settings.CLAMD_SOCKET (env SYNPUNKT_CLAMD_SOCKET) is a UNIX socket path (/run/clamav/clamd.ctl) or tcp://host:port.
Empty: no scan (the demo). Configured but unreachable, or answering with an error: the upload is refused, never let
through unscanned (fail closed). cases/uploads.py calls `scan` for every upload.
"""

import logging
import socket
import struct
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be asked, or gave no clear answer."""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("tcp://"):
        host, _sep, port = address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(address)
    return sock


def instream(address: str, chunks: Any, *, timeout: float = 30.0) -> str:
    """Send the bytes to clamd with INSTREAM; return its answer, e.g. 'stream: OK' or 'stream: X FOUND'."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK):
                    part = chunk[start : start + CHUNK]
                    sock.sendall(struct.pack("!L", len(part)) + part)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
    except (OSError, ValueError) as error:
        raise ScanUnavailable(f"clamd at {address}: {error.__class__.__name__}") from error
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(upload: Any) -> None:
    """Raise ValidationError if clamd finds something, or if it is configured and cannot answer."""
    address = settings.CLAMD_SOCKET
    if not address:
        return
    name = getattr(upload, "name", None) or _("the file")
    upload.seek(0)
    try:
        answer = instream(address, upload.chunks(), timeout=settings.CLAMD_TIMEOUT)
    except ScanUnavailable as error:
        logger.error("Virus scan unavailable, upload refused: %s", error)
        raise ValidationError(
            _("We could not check %(name)s for viruses just now, so we cannot accept it. Try again later.")
            % {"name": name},
            code="scan_unavailable",
        ) from error
    finally:
        upload.seek(0)
    if answer.endswith("FOUND"):
        # The signature name is safe to log; the file name is not (it may carry personal data).
        logger.warning("Virus scan: upload refused (%s)", answer.removeprefix("stream:").strip())
        raise ValidationError(
            _("%(name)s contains a virus or other harmful content, so we cannot accept it.") % {"name": name},
            code="infected",
        )
    if answer != "stream: OK":
        logger.error("Virus scan: unexpected answer from clamd, upload refused: %s", answer[:200])
        raise ValidationError(
            _("We could not check %(name)s for viruses just now, so we cannot accept it. Try again later.")
            % {"name": name},
            code="scan_unavailable",
        )
