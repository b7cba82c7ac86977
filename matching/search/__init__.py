"""Search backends, chosen in one place like Django's cache framework:

    SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.elasticsearch",
                                   "URL": "http://127.0.0.1:9200", "INDEX": "placements"}}

`get_backend()` returns the configured backend (one instance per alias and settings).
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.base import SearchBackend, SearchHit, SearchQuery, SearchResult  # noqa: F401

_instances: dict = {}


def get_backend(alias: str = "default") -> SearchBackend:
    configs = getattr(settings, "SEARCH_BACKENDS", None) or {}
    if alias not in configs:
        raise ImproperlyConfigured(
            f"Kein Suche-Backend '{alias}' in settings.SEARCH_BACKENDS. Trage es ein, z. B. "
            f"SEARCH_BACKENDS = {{'{alias}': {{'BACKEND': 'matching.search.backends.database'}}}}, "
            f"oder setze ELASTICSEARCH_URL für Elasticsearch."
        )
    params = dict(configs[alias])
    path = params.pop("BACKEND", None)
    if not path:
        raise ImproperlyConfigured(
            f"SEARCH_BACKENDS['{alias}'] braucht den Schlüssel 'BACKEND', z. B. "
            f"'matching.search.backends.database' oder 'matching.search.backends.elasticsearch'."
        )
    key = (alias, path, tuple(sorted((k, str(v)) for k, v in params.items())))
    if key in _instances:
        return _instances[key]
    try:
        module = importlib.import_module(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SEARCH_BACKENDS['{alias}']['BACKEND'] = '{path}' lässt sich nicht importieren ({exc}). "
            f"Erlaubt sind 'matching.search.backends.database' und 'matching.search.backends.elasticsearch'."
        ) from exc
    backend_class = getattr(module, "Backend", None)
    if backend_class is None:
        raise ImproperlyConfigured(f"Das Modul '{path}' definiert keine Klasse 'Backend'.")
    instance = backend_class(alias=alias, **{k.lower(): v for k, v in params.items()})
    _instances[key] = instance
    return instance


def reset_backends() -> None:
    """Forget cached instances (tests that change SEARCH_BACKENDS)."""
    _instances.clear()
