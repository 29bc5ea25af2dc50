"""The production indexes of a case, now declared in Case.Meta (issue 16, item 4).

They replace what raw SQL made before: the inbox indexes of scale/migrations/0001 (dropped by scale's 0003 once
these exist), the GIN index of cases/migrations/0002 (dropped here), and scale/migrations/0002's removal of the
unused varchar_pattern_ops indexes on receipt_code and reference_number, which unique constraints in place of
`unique=True` now say in the model. The new names differ from the old ones, so an existing database builds the new
indexes beside the old and then drops the old.
"""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models

OLD_SEARCH_INDEX = "case_search_document_gin"


def old_search_index_drop(apps, schema_editor):
    # Made on PostgreSQL only by 0002.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_SEARCH_INDEX}")


def old_search_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {OLD_SEARCH_INDEX} ON cases_case USING gin (search_document)")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_acknowledgement_clock'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='receipt_code',
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name='case',
            name='reference_number',
            field=models.CharField(max_length=40, verbose_name='reference number'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state__in', ['registered', 'informed'])), fields=['node_path', 'inform_by', 'id'], name='case_open_scope_due', opclasses=['varchar_pattern_ops', '', '']),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state__in', ['registered', 'informed'])), fields=['inform_by', 'id'], name='case_open_due'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['inform_by', 'id'], name='case_due'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_document'], name='case_search_gin'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('reference_number',), name='case_reference_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('receipt_code',), name='case_receipt_code_unique'),
        ),
        migrations.RunPython(old_search_index_drop, old_search_index_create, elidable=False),
    ]
