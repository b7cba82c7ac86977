"""The database cache for the shared limits (login lockout, API throttles) without Redis: Django's DatabaseCache
with a cheaper write.

Django's `set`/`add` run five statements: `SELECT COUNT(*)` over the whole cache table (to decide whether to
cull), then a transaction with a SELECT of the key and an UPDATE or INSERT. Every throttled API call writes its
throttle's history, so every API call paid those five round trips and the count. Here:
- `set` and `add` are one statement, an upsert (`INSERT … ON CONFLICT (cache_key) DO UPDATE`), on PostgreSQL and
  SQLite. It is atomic on its own, so two processes writing one key at once both succeed (the last one wins, as
  with Django's), and `add` still only replaces an expired entry (the conflict's `WHERE`), answering whether it
  stored. Other databases and `touch` use Django's code.
- The table is counted (and culled when over MAX_ENTRIES) on every CULL_EVERY-th write of this process instead of
  every write. The table can grow by at most CULL_EVERY entries per process past MAX_ENTRIES (100,000 in
  settings) before it is culled; expired entries are also deleted when read, as before.
Values are stored exactly as Django's backend stores them (pickled, base64), so both read each other's entries.
On PostgreSQL the table is UNLOGGED (migration accounts 0004, set_unlogged below): no log flush per write.
"""

from __future__ import annotations

import base64
import itertools
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import BaseDatabaseCache, DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

UPSERT_VENDORS = ("postgresql", "sqlite")


class LimitsDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))
        self._writes = itertools.count(1)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._upsert("set", key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._upsert("add", key, value, timeout)

    def _upsert(self, mode: str, key: str, value, timeout) -> bool:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in UPSERT_VENDORS:
            return self._base_set(mode, key, value, timeout)  # type: ignore[attr-defined]
        timeout = self.get_backend_timeout(timeout)
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]
        now = tz_now().replace(microsecond=0)
        if timeout is None:
            exp = datetime.max
        else:
            exp = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        exp = exp.replace(microsecond=0)
        b64encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        key_col, value_col, expires_col = (quote_name(c) for c in ("cache_key", "value", "expires"))
        sql = (
            f"INSERT INTO {table} ({key_col}, {value_col}, {expires_col}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({key_col}) DO UPDATE SET {value_col} = excluded.{value_col}, "
            f"{expires_col} = excluded.{expires_col}"
        )
        params = [key, b64encoded, connection.ops.adapt_datetimefield_value(exp)]
        if mode == "add":  # only over an expired entry
            sql += f" WHERE {table}.{expires_col} < %s"
            params.append(connection.ops.adapt_datetimefield_value(now))
        with connection.cursor() as cursor:
            if next(self._writes) % self._cull_every == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                num = cursor.fetchone()[0]
                if num > self._max_entries:
                    self._cull(db, cursor, now, num)  # type: ignore[attr-defined]
            cursor.execute(sql, params)  # one statement: no race between two writers to catch, unlike Django's
            return cursor.rowcount > 0


def database_cache_tables() -> list[str]:
    """The tables of the database caches in settings.CACHES (as `createcachetable` finds them)."""
    return [
        caches[alias]._table  # type: ignore[attr-defined]
        for alias in settings.CACHES
        if isinstance(caches[alias], BaseDatabaseCache)
    ]


def set_unlogged(connection, table: str, unlogged: bool = True) -> None:
    """PostgreSQL: the cache table without write-ahead log. A cache write then commits without waiting for the
    log to reach the disk (it was one flush per throttled API call), and PostgreSQL empties the table after a
    crash, which a cache may forget anyway (throttle histories and login counts start again from zero; the lock
    of an account lasts 15 minutes in any case). Other databases: nothing to do."""
    if connection.vendor != "postgresql" or table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} SET {'UNLOGGED' if unlogged else 'LOGGED'}")
