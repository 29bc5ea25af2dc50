"""The default periods and the research exemption's areas (retention/defaults.py)."""

from django.db import migrations

from retention.defaults import ensure_defaults


def add(apps, schema_editor):
    ensure_defaults(apps.get_model("retention", "RetentionRule"), apps.get_model("retention", "ResearchExemptArea"))


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
