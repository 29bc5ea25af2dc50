"""Drop two indexes no query uses, which every registration paid for (issue 6; docs/decisions/0013).

Django gives every unique or indexed CharField on PostgreSQL a second, `varchar_pattern_ops` index for LIKE
queries. Nothing looks up a case by the start of its receipt code or reference number (the receipt code is looked
up whole, the reference number with iexact), so `cases_case`'s two `…_like` indexes only cost: the receipt code is
random, so each new case writes into a random leaf page of its index, which at a million cases is seldom in
memory. The bench saw registrations waiting on those page reads (IO/DataFileRead on the INSERT).

PostgreSQL only. The unique indexes on both columns stay.
"""

from django.db import migrations

COLUMNS = ["receipt_code", "reference_number"]


def _pattern_indexes(schema_editor) -> list[tuple[str, str]]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            ["cases_case", "%varchar_pattern_ops%"],
        )
        rows = cursor.fetchall()
    return [
        (name, column)
        for name, definition in rows
        for column in COLUMNS
        if f"({column} varchar_pattern_ops)" in definition
    ]


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in _pattern_indexes(schema_editor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS cases_case_{column}_like ON cases_case ({column} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scale", "0001_case_inbox_indexes"),
        ("cases", "0005_acknowledgement_clock"),
    ]

    operations = [migrations.RunPython(drop, create, elidable=False)]
