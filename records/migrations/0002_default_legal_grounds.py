"""The default list of legal grounds for withholding information in a redacted copy (OSL 2009:400). Kept as data:
an organisation adds, rewords or takes grounds out of use in the admin."""

from django.db import migrations

# The list itself is plain data in records/grounds.py, shared with the tests that need it after a flush.
from records.grounds import GROUNDS


def seed(apps, schema_editor):
    LegalGround = apps.get_model("records", "LegalGround")
    for position, (citation, label, label_en) in enumerate(GROUNDS):
        LegalGround.objects.get_or_create(
            citation=citation, defaults={"label": label, "label_en": label_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
