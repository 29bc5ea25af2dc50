"""PostgreSQL indexes for the inbox and search at a million cases (issue 6; docs/decisions/0010-postgresql-indexes-for-the-inbox-at-scale.md).

Every inbox query orders by (inform_by, id) and narrows by the part of the tree (`node_path LIKE '/1/23/%'`) or
by the holder. Measured at 100,000 and 1,000,000 cases, the existing indexes could not serve that order: a
composite (node_path, state, inform_by) index is unusable for LIKE unless the database collation is "C", and an
IN-list on state breaks the order of (state, inform_by). These give the planner both ways in:

- scale_case_open_scope_due: open cases of a small part of the tree (a unit), range-scanned by path prefix;
- scale_case_open_due: open cases in due order, walked until a page is full (a large part of the tree);
- scale_case_due: every case in due order (the "all states" filter, search over all states).

PostgreSQL only: SQLite serves the demo and the tests, where none of this matters. CONCURRENTLY is not used so
the migration stays transactional; on a live database with a million rows build them by hand CONCURRENTLY first
(IF NOT EXISTS then skips them here).
"""

from django.db import migrations

INDEXES = {
    "scale_case_open_scope_due": (
        "ON cases_case (node_path varchar_pattern_ops, inform_by, id) WHERE state IN ('registered', 'informed')"
    ),
    "scale_case_open_due": "ON cases_case (inform_by, id) WHERE state IN ('registered', 'informed')",
    "scale_case_due": "ON cases_case (inform_by, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
