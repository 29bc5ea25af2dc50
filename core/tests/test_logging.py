"""Log lines carry one time zone: every handler of settings.LOGGING writes UTC as ISO 8601 with its offset, and
Django's own handlers (local time, no offset) are not used."""

import logging
import logging.config
import re
from datetime import UTC, datetime

from django.conf import settings

from core.logformat import UTCISOFormatter

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00 ")


def record(name: str = "synpunkt.test", message: str = "hej") -> logging.LogRecord:
    return logging.LogRecord(name, logging.WARNING, __file__, 1, message, None, None)


def test_every_formatter_of_the_settings_writes_utc_with_its_offset():
    for name, config in settings.LOGGING["formatters"].items():
        assert config.get("class") == "core.logformat.UTCISOFormatter", name
    for name, handler in settings.LOGGING["handlers"].items():
        assert handler.get("formatter") in settings.LOGGING["formatters"], name


def test_a_line_starts_with_the_time_in_utc_whatever_the_local_time_zone(settings):
    # Django sets the process's local time zone to TIME_ZONE (Europe/Stockholm): the line is in UTC all the same.
    assert settings.TIME_ZONE == "Europe/Stockholm"
    formatter = UTCISOFormatter(settings.LOGGING["formatters"]["plain"]["format"])
    line_record = record()
    line_record.created = datetime(2026, 7, 1, 10, 30, 5, 250_000, tzinfo=UTC).timestamp()
    line = formatter.format(line_record)
    assert line == "2026-07-01T10:30:05.250+00:00 WARNING synpunkt.test hej"
    assert ISO_UTC.match(line)


def test_djangos_own_loggers_write_through_the_same_handler():
    """The handlers Django configures for "django" and "django.server" (local time, "[24/Nov/2026 13:05:09]")
    are replaced: their records go to the root's handler, with its formatter."""
    configured = set(settings.LOGGING["handlers"])
    for name in ["django", "django.server", "django.request", "django.security.csrf"]:
        logger = logging.getLogger(name)
        while logger is not None:
            for handler in logger.handlers:
                if handler.get_name():  # handlers that dictConfig made (not pytest's own capture handlers)
                    assert handler.get_name() in configured, (name, handler.get_name())
                    assert isinstance(handler.formatter, UTCISOFormatter), (name, handler.get_name())
            logger = logger.parent if logger.propagate else None
    assert [handler.get_name() for handler in logging.getLogger("django.server").handlers] == []
