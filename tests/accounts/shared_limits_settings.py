"""Settings for the two-process limit test: the test settings with the real shared cache and throttles."""

from backend.settings import base as _base
from backend.settings.test import *  # noqa: F403
from backend.settings.test import REST_FRAMEWORK

CACHES = getattr(_base, "CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": _base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]}
