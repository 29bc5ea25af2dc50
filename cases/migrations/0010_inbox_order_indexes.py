"""The inbox's orders, indexed for open cases (docs/decisions/0025): the nearest running deadline first (the
expression cases.models.nearest_deadline), and by the day received either way.

The two indexes on (inform_by, id) served the inbox's earlier order by the date to inform; nothing orders by it any
more (the deadline sweep has partial indexes of its own), so they are dropped rather than paid for by every
registration. The new ones are built first, so that the inbox is never without an index for its order.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_case_categories'),
        ('organisations', '0002_organisation_languages_validated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(models.Case(models.When(models.Q(('state', 'registered')), acknowledge_by__lt=models.F('inform_by'), acknowledged_at__isnull=True, then=models.F('acknowledge_by')), models.When(models.Q(('state', 'registered')), then=models.F('inform_by')), default=None, output_field=models.DateField()), models.F('id'), condition=models.Q(('state__in', ['registered', 'informed'])), name='case_open_deadline'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state__in', ['registered', 'informed'])), fields=['received_at', 'id'], name='case_open_received'),
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_open_due',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_due',
        ),
    ]
