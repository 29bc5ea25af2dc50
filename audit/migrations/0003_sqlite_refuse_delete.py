"""SQLite: refuse DELETE of audit_event rows too (PostgreSQL's trigger has refused it since 0002).

Django's test flush empties tables with DELETE on SQLite; `manage.py flush` is therefore overridden by
audit/management/commands/flush.py, which lifts this trigger only while it empties the whole database (the same
thing TRUNCATE does on PostgreSQL, where row triggers do not fire).
"""

from django.db import migrations

TRIGGER = "audit_event_no_delete"
CREATE = f"""CREATE TRIGGER {TRIGGER} BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused');
END"""


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CREATE)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_and_append_only")]

    operations = [migrations.RunPython(up, down)]
