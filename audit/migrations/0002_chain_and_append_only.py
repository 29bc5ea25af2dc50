"""Chain the existing rows, then make audit_event append-only in the database itself.

PostgreSQL: a trigger refuses every UPDATE and DELETE of a row (TRUNCATE, which only the table's owner may run, is
left for the test suite's flush; production grants the application role INSERT and SELECT only — docs/security.md).
SQLite: a trigger refuses UPDATE. DELETE stays possible there because Django's test flush empties tables with
DELETE; the hash chain still reveals a row removed from the middle.
"""

from django.db import migrations

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]
SQLITE_UP = [
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    BEGIN
        SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused');
    END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_event_append_only"]

STATEMENTS = {
    "postgresql": (POSTGRES_UP, POSTGRES_DOWN),
    "sqlite": (SQLITE_UP, SQLITE_DOWN),
}


def chain_existing(apps, schema_editor):
    from audit.chain import GENESIS, event_hash

    Event = apps.get_model("audit", "Event")
    prev = GENESIS
    for event in Event.objects.using(schema_editor.connection.alias).order_by("pk").iterator():
        event.prev_hash = prev
        event.hash = event_hash(event, prev)
        event.save(update_fields=["prev_hash", "hash"])
        prev = event.hash


def _run(schema_editor, index):
    statements = STATEMENTS.get(schema_editor.connection.vendor, ([], []))[index]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def triggers_up(apps, schema_editor):
    _run(schema_editor, 0)


def triggers_down(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(triggers_up, triggers_down),
    ]
