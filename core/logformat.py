"""One time zone in every log line: UTC, written as ISO 8601 with its offset (2026-11-24T13:05:09.123+00:00).

Python's default `asctime` is the process's local time without an offset, and Django's development server and
gunicorn each write their own; lines from the web process, the worker and the proxy could then not be put side by
side. settings.LOGGING gives every handler this formatter.
"""

import logging
from datetime import UTC, datetime


class UTCISOFormatter(logging.Formatter):
    """logging.Formatter whose %(asctime)s is the record's time in UTC, ISO 8601 with milliseconds and offset."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
