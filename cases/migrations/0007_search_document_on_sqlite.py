"""SQLite: fill the search document of the cases registered before it had one (docs/decisions/0019).

Until then SQLite searched the texts themselves and left the column empty; now it searches the stems that
case_register stores there. PostgreSQL has had its tsvector from the start: nothing to do there.
"""

from django.db import migrations

from core.database import search_document_input


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    Case = apps.get_model("cases", "Case")
    cases = Case.objects.filter(search_document__isnull=True).only("what_happened", "desired_outcome", "subject")
    batch = []
    for case in cases.iterator(chunk_size=1000):
        case.search_document = search_document_input(case.what_happened, case.desired_outcome, case.subject)
        batch.append(case)
        if len(batch) == 1000:
            Case.objects.bulk_update(batch, ["search_document"])
            batch = []
    Case.objects.bulk_update(batch, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_production_indexes")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
