"""The database cache's table (settings.CACHES with DatabaseCache: `make run`, SQLite or PostgreSQL without
Redis), so the shared login limits and API throttles need no extra `createcachetable` step. With Redis there
is no database cache and nothing to create. Idempotent: createcachetable skips an existing table."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
