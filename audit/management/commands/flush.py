"""`manage.py flush`, which also works with the audit trail's DELETE trigger on SQLite.

Flushing empties every table of the database; on SQLite Django does it with DELETE, which the trigger
audit_event_no_delete refuses (audit/migrations/0003). While this command runs, and only then, that trigger is
lifted, and it is put back afterwards whatever happens. Django's test suite (TransactionTestCase, pytest-django's
transactional_db) empties the database between tests through this command. On PostgreSQL flush uses TRUNCATE,
which the row trigger does not govern, so nothing is lifted there. Never run flush on a production database: it
removes every case along with the trail.
"""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from core.database import is_postgresql

TRIGGER = "audit_event_no_delete"


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if is_postgresql(connection):
            super().handle(**options)
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
                " AND name = %s",
                [TRIGGER],
            )
            lifted = cursor.fetchall()
            for name, _ in lifted:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _, sql in lifted:
                    cursor.execute(sql)
