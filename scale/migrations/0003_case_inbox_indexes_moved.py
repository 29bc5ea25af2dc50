"""Drop the inbox indexes of 0001: the same indexes are now declared in cases.Case.Meta (cases/migrations/0006).

IF EXISTS, so that a database that lost one by hand migrates too. Going back recreates them, as 0001 did.
"""

from django.db import migrations

INDEXES = {
    "scale_case_open_scope_due": (
        "ON cases_case (node_path varchar_pattern_ops, inform_by, id) WHERE state IN ('registered', 'informed')"
    ),
    "scale_case_open_due": "ON cases_case (inform_by, id) WHERE state IN ('registered', 'informed')",
    "scale_case_due": "ON cases_case (inform_by, id)",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


class Migration(migrations.Migration):
    dependencies = [
        ("scale", "0002_case_unused_pattern_indexes"),
        ("cases", "0006_production_indexes"),
    ]

    operations = [migrations.RunPython(drop, create, elidable=False)]
