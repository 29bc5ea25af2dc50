from django.db import migrations


def create_search_index(apps, schema_editor):
    # The full-text index exists only where full-text search does: PostgreSQL, Swedish configuration.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_search_document_gin ON cases_case USING gin (search_document)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_document_gin")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create_search_index, drop_search_index)]
