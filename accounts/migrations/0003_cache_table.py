"""Create the database cache table when the cache is database-backed (production).

The rate limits (core/ratelimit.py) count in the cache, and in production the cache must be shared by every
gunicorn worker: Django's DatabaseCache. Its table is not a model, so `migrate` would not create it; doing it here
means a deployment needs no extra step. `createcachetable` does nothing for other cache backends and for a table
that already exists.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_session_token")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
