"""Push pending placement changes (the outbox) to the search index, e.g. after Elasticsearch was down."""

from django.core.management.base import BaseCommand, CommandError

from matching import indexing
from matching.search import get_backend


class Command(BaseCommand):
    help = "Überträgt vorgemerkte Änderungen an Angeboten in den Suchindex."

    def handle(self, *args, **options):
        before = indexing.pending_count()
        if not get_backend().needs_indexing:  # the changes wait for a process that has Elasticsearch
            indexing.prune(keep_unpushed=False)
            self.stdout.write(
                f"Kein Suchindex eingestellt (ELASTICSEARCH_URL fehlt): {indexing.pending_count()} Änderungen "
                f"bleiben vorgemerkt, bis ein Prozess mit Elasticsearch sie überträgt."
            )
            return
        synced = indexing.push()
        left = indexing.pending_count()
        self.stdout.write(f"{synced} Angebote übertragen, {left} noch ausstehend (vorher {before}).")
        if left:
            raise CommandError("Der Suchindex ist nicht erreichbar. Prüfe ELASTICSEARCH_URL und versuche es erneut.")
