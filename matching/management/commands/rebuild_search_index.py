"""Rebuild the search index from the database into a new index, then switch the alias to it.

Searches keep using the old index until the switch, which is atomic; the old index is then deleted.
Changes made during the rebuild are written to both indices (see index_placements).
"""

import sys
import time

from django.core.management.base import BaseCommand

from matching.search import get_backend


class Command(BaseCommand):
    help = "Baut den Suchindex neu auf und schaltet den Alias danach um (Suche bleibt verfügbar)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=1000)
        parser.add_argument("--alias", default="default")

    def handle(self, *args, chunk_size, alias, **options):
        backend = get_backend(alias)
        if not backend.needs_indexing:
            self.stdout.write("Das Datenbank-Backend braucht keinen Index: nichts zu tun.")
            return
        started = time.monotonic()
        err = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr

        def progress(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)")
            err.flush()

        count = backend.rebuild(chunk_size=chunk_size, progress=progress)
        err.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} Angebote in {elapsed:.1f} s indexiert ({count / max(elapsed, 1e-6):,.0f}/s); Alias umgeschaltet."
            )
        )
