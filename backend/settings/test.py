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

MEDIA_ROOT = _tempfile.mkdtemp(prefix="daw-test-media-")
PRIVATE_MEDIA_ROOT = _tempfile.mkdtemp(prefix="daw-test-private-")
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/nicht-oeffentlich/"},
}
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
