from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Deterministic, clearly fictional demo data for `make run` (no models of its own)."""

    name = "backend.demo"
    label = "demo"
    verbose_name = "Demodaten"
