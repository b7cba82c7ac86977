"""PostgreSQL: the database cache's table (0002) UNLOGGED, so a throttled API call's cache write commits without a
log flush to disk (backend/accounts/cache.py, set_unlogged). A crash empties it; a cache may forget. Other
databases, and Redis setups without a database cache: nothing to do."""

from django.db import migrations

from backend.accounts.cache import database_cache_tables, set_unlogged


def unlogged(apps, schema_editor):
    for table in database_cache_tables():
        set_unlogged(schema_editor.connection, table)


def logged(apps, schema_editor):
    for table in database_cache_tables():
        set_unlogged(schema_editor.connection, table, unlogged=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_language")]

    operations = [migrations.RunPython(unlogged, logged)]
