"""The audit chain is appended with the ORM (audit.services, decision 20), so the PL/pgSQL append function that
0004 created for the one-statement registration goes. Reversing recreates nothing: 0004's own reverse drops it."""

from django.db import migrations

DROP = (
    "DROP FUNCTION IF EXISTS audit_event_append(bigint, bigint[], bigint[], text[], text[], jsonb[], "
    "timestamptz[], text[])"
)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_append_function_postgresql")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
