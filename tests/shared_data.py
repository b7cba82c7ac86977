"""Data built once for many tests (Django's setUpTestData, for pytest).

`shared_data(django_db_blocker)` opens a transaction around a module-scoped fixture's data: the data is built
once, every test of the module runs inside it in its own savepoint (pytest-django's `db`: a TestCase-style atomic,
nested), so whatever a test writes is rolled back before the next test, and the whole lot is rolled back after
the module's last test. A permission matrix of 850 requests then builds its world once instead of 850 times.

Rules for a module that uses it: no transactional test in it (live_server, transactional_db: their flush would
end the shared transaction), and tests treat the shared Python objects as read-only (use pks, reload what you
change): only the database is reset between tests, not the objects in memory.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import translation

_open = 0  # shared transactions open now (in this process)


def is_open() -> bool:
    return _open > 0


@contextmanager
def shared_data(django_db_blocker):
    global _open
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("de"):
        _open += 1
        try:
            yield
        finally:
            _open -= 1
            transaction.set_rollback(True)
