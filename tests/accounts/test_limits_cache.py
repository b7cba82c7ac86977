"""The database cache behind the shared limits without Redis (backend/accounts/cache.py): Django's cache contract
with one-statement writes and the table counted only every CULL_EVERY-th write (SQLite, PostgreSQL with
DATABASE_URL); the cross-process limits themselves: test_shared_limits.py."""

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.management.commands.createcachetable import Command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from backend.accounts.cache import LimitsDatabaseCache, database_cache_tables, set_unlogged

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
TABLE = "test_limits_cache"  # the test settings use a per-process cache, so no table exists: made per test


@pytest.fixture(autouse=True)
def _table(db):
    command = Command()
    command.verbosity = 0
    command.create_table("default", TABLE, dry_run=False)  # inside the test's transaction: rolled back after


def make(**options):
    return LimitsDatabaseCache(TABLE, {"OPTIONS": {"MAX_ENTRIES": 1000, "CULL_FREQUENCY": 2, **options}})


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def contract():
    cache = make()
    cache.clear()
    assert cache.get("k") is None
    cache.set("k", [1.5, 2.5], 60)
    assert cache.get("k") == [1.5, 2.5]
    cache.set("k", {"a": 1}, 60)  # overwrite
    assert cache.get("k") == {"a": 1}
    # add: only when absent (or expired); answers whether it stored
    assert cache.add("k", "other", 60) is False
    assert cache.get("k") == {"a": 1}
    assert cache.add("new", 0, 60) is True
    assert cache.incr("new") == 1 and cache.incr("new") == 2
    cache.set("old", "stale", 0)  # timeout 0: stored already expired
    assert cache.get("old") is None
    cache.set("old", "stale", 0)
    assert cache.add("old", "fresh", 60) is True  # over an expired entry
    assert cache.get("old") == "fresh"
    cache.set("forever", 7, None)
    assert cache.get("forever") == 7
    assert cache.touch("forever", 60) is True  # Django's code path
    # Django's own backend reads what this one wrote and the other way round (the same pickled, base64 rows).
    django_cache = DatabaseCache(TABLE, {})
    assert django_cache.get("k") == {"a": 1}
    django_cache.set("from-django", ["x"], 60)
    assert cache.get("from-django") == ["x"]
    cache.delete("k")
    assert cache.get("k") is None


def test_cache_contract():  # SQLite here, PostgreSQL in CI's services pass (DATABASE_URL)
    contract()


def writes(cache, n, prefix="k"):
    with CaptureQueriesContext(connection) as ctx:
        for i in range(n):
            cache.set(f"{prefix}{i}", i, 60)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_write_is_one_statement_and_the_table_is_counted_every_cull_every_th_write():
    cache = make(CULL_EVERY=5)
    cache.clear()
    sql = writes(cache, 10)
    counts = [s for s in sql if "COUNT(*)" in s]
    assert len(counts) == 2  # writes 5 and 10, not all ten
    assert len(sql) == 10 + 2  # one upsert per write
    # Django's backend counts on every write and wraps each in a transaction
    with CaptureQueriesContext(connection) as ctx:
        DatabaseCache(TABLE, {}).set("x", 1, 60)
    assert len(ctx.captured_queries) > 1


def test_the_table_is_still_culled_past_max_entries():
    cache = make(MAX_ENTRIES=20, CULL_FREQUENCY=2, CULL_EVERY=5)
    cache.clear()
    writes(cache, 60)
    # culled at each fifth write once over 20: never more than MAX_ENTRIES + CULL_EVERY entries
    assert rows() <= 20 + 5
    assert cache.get("k59") == 59  # the newest write survives


@pytest.mark.postgres
def test_on_postgresql_the_cache_table_is_unlogged_and_settings_find_it():
    def persistence():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [TABLE])
            return cursor.fetchone()[0]

    assert persistence() == "p"
    set_unlogged(connection, TABLE)
    assert persistence() == "u"
    cache = make()
    cache.set("k", 1, 60)
    assert cache.get("k") == 1
    set_unlogged(connection, TABLE, unlogged=False)  # the migration's way back
    assert persistence() == "p"
    db_cache = {"BACKEND": "backend.accounts.cache.LimitsDatabaseCache", "LOCATION": TABLE}
    with override_settings(CACHES={"default": db_cache, "other": {"BACKEND": LOCMEM}}):
        assert database_cache_tables() == [TABLE]
