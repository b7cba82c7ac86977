from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching und Suche"

    def ready(self):
        from matching import signals  # noqa: PLC0415  signals import models: only once the app registry is ready

        signals.connect()  # every write reaches the search index (matching/indexing.py)
