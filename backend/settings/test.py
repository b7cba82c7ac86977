from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
# Per-process cache in tests (cleared before each test, no database needed); the shared database cache is
# tested with two processes in tests/accounts/test_shared_limits.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
import tempfile as _tempfile  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

MEDIA_ROOT = _Path(_tempfile.mkdtemp(prefix="daw-test-media-"))  # a Path, as in base
PRIVATE_MEDIA_ROOT = _Path(_tempfile.mkdtemp(prefix="daw-test-private-"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/nicht-oeffentlich/"},
}
WHITENOISE_USE_FINDERS = True
# Look static files up per request instead of listing every finder's files when a middleware chain is built: the
# test client builds one per Client, so the listing (~190 files, ~0.1 s CPU) ran for nearly every test (issue 8).
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# pytest-xdist (`make test` runs one worker per core): every worker gets a test database of its own (pytest-django
# suffixes it) and here an Elasticsearch index of its own, so a worker's rebuild never drops another's index.
import os as _os  # noqa: E402

_XDIST_WORKER = _os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER and "INDEX" in SEARCH_BACKENDS["default"]:
    SEARCH_BACKENDS["default"]["INDEX"] += f"_{_XDIST_WORKER}"
