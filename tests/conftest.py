"""Test infrastructure shared by every area.

- Markers `postgres`, `elasticsearch`, `browser` skip with a visible reason when their service is not configured
  (a newcomer's `make test` needs nothing installed); CI configures all three and sets DAW_FORBID_SKIPS=1, which
  turns any skip into a failed run, so a missing service can never make CI green by skipping.
- `browser_page`: a Playwright page (Debian's chromium, never a downloaded browser) on pytest-django's
  `live_server`; see tests/browser.py (login, goto) and tests/a11y.py (axe-core WCAG 2.1 AA).
"""

import functools
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests import shared_data
from tests.a11y import AXE_JS

# Playwright's sync API runs an asyncio loop in this thread; without this, Django refuses ORM calls made by the
# test itself (SynchronousOnlyOperation). The loop only drives the browser, so the check is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Counters kept in the cache (e.g. failed logins) must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _german_by_default():
    """The locale middleware activates a language per request and leaves it active in the thread; a new account
    takes the active language (accounts.models.current_language), so no test may inherit the last one's."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


def pytest_configure(config):
    # whitenoise warns that STATIC_ROOT does not exist until collectstatic ran; tests serve static files via finders
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


# --- services: skip with a reason when not configured ------------------------------------------------------------


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@functools.cache
def postgres_missing() -> str | None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://user:password@host:port/dbname"
    return None


@functools.cache
def elasticsearch_missing() -> str | None:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return "needs Elasticsearch: set ELASTICSEARCH_URL=http://127.0.0.1:9200"
    try:  # not "/": the integ-test distribution has no root endpoint
        with urllib.request.urlopen(url.rstrip("/") + "/_cluster/health", timeout=3) as response:
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        return f"needs Elasticsearch: ELASTICSEARCH_URL={url} is not reachable ({exc})"
    return None


@functools.cache
def browser_missing() -> str | None:
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"needs chromium at {path} (apt-get install chromium, or set CHROMIUM_PATH)"
    if not AXE_JS.is_file():
        return f"needs {AXE_JS.relative_to(ROOT)}: run `npm ci` (Node.js/npm not installed?)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the playwright Python package: pip install -e '.[dev]'"
    return None


SERVICE_CHECKS = {"postgres": postgres_missing, "elasticsearch": elasticsearch_missing, "browser": browser_missing}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker, missing in SERVICE_CHECKS.items():
            if item.get_closest_marker(marker):
                reason = missing()
                if reason:
                    item.add_marker(pytest.mark.skip(reason=f"[{marker}] {reason}"))


# --- DAW_FORBID_SKIPS=1: any skip fails the run -------------------------------------------------------------------


def _forbid_skips() -> bool:
    return os.environ.get("DAW_FORBID_SKIPS", "") not in ("", "0")


_skipped: list[tuple[str, str]] = []


def _skip_reason(report) -> str:
    if isinstance(report.longrepr, tuple):  # (path, lineno, "Skipped: reason")
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return str(report.longrepr)


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_collectreport(report):
    if report.skipped:  # a module-level pytest.skip()/importorskip()
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_sessionfinish(session, exitstatus):
    if _forbid_skips() and _skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _forbid_skips() and _skipped:
        terminalreporter.section("DAW_FORBID_SKIPS=1: skipped tests fail this run", sep="=", red=True, bold=True)
        for nodeid, reason in _skipped:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}", red=True)
        terminalreporter.line(f"{len(_skipped)} skipped; configure the service or fix the test.", red=True, bold=True)


# --- data loaded by migrations survives transactional tests --------------------------------------------------------
# A transactional test (live_server, transactional_db) ends with a flush that empties every table, including the
# reference data the migrations loaded (Berufsfelder, occupations, postal codes, schools). Django's
# serialized_rollback restores it object by object (~1.7 s per test); a bulk insert of a snapshot takes ~0.1 s.

_migration_data: list[tuple[type, list]] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    refilled_by_post_migrate = {ContentType, Permission}  # the flush's post_migrate signal recreates these
    with django_db_blocker.unblock():
        for model in apps.get_models(include_auto_created=True):
            if model in refilled_by_post_migrate or not model._meta.managed or model._meta.proxy:
                continue
            rows = list(model._base_manager.order_by("pk"))
            if rows:
                _migration_data.append((model, rows))


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _migration_data_restored(request):
    if not _is_transactional(request):
        return
    if shared_data.is_open():
        raise RuntimeError(
            f"{request.node.nodeid} is transactional but runs inside data shared by its module "
            "(tests/shared_data.py): move it to a module of its own"
        )
    request.getfixturevalue("_django_db_helper")  # the test database is set up (and flushed by the test before)
    from django.db import transaction

    with transaction.atomic():  # foreign keys are checked at commit, so the order of tables does not matter
        for model, rows in _migration_data:
            if not model._base_manager.exists():
                model._base_manager.bulk_create(rows)


# --- browser ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _chromium():
    reason = browser_missing()
    if reason:
        pytest.skip(f"[browser] {reason}")
    from playwright.sync_api import sync_playwright

    # Playwright gives every launch() a fresh temporary profile (user data dir) and removes it on close;
    # TMPDIR keeps it inside our own temp dir so nothing of a developer's chromium profile is touched.
    tmp = tempfile.mkdtemp(prefix="daw-chromium-")
    old_tmpdir = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = tmp
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    finally:
        if old_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_tmpdir
    yield browser
    browser.close()
    playwright.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def browser_page(_chromium, live_server):
    """A fresh browser context and page per test, German locale, on the live server.

    live_server makes the test transactional: data the test creates is committed, so the server thread sees it.
    """
    context = _chromium.new_context(
        base_url=live_server.url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        bypass_csp=True,  # lets tests/a11y.py inject axe-core even under a strict Content-Security-Policy
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
