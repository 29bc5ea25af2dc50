"""Rate-limit counters need no crash safety: the table is UNLOGGED on PostgreSQL (docs/decisions/0013).

Every counted request bumped a counter in a transaction of its own, and so waited for its own flush of the
write-ahead log; from one address (a reception desk behind one router, or the bench) the requests also queued on
the same row for each other's flush. An unlogged table writes no WAL, so a bump commits without waiting for the
disk. After a crash PostgreSQL empties the table: the limits start again from zero, which is harmless. SQLite (the
demo) keeps its ordinary table.
"""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_rate_counter")]

    operations = [migrations.RunPython(unlogged, logged, elidable=False)]
