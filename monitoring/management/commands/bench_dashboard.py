from django.core.management.base import BaseCommand
from django.db import connection

from monitoring.bench import run


class Command(BaseCommand):
    help = "Misst das Monitoring-Dashboard in einer Wegwerf-Datenbank (siehe monitoring/bench.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 = 10k Angebote, 20k Schüler*innen, 100k Bewerbungen"
        )
        parser.add_argument("--passes", type=int, default=15)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, scale, passes, seed, **options):
        self.stderr.write(f"database: {connection.vendor}")
        self.stdout.write(run(scale=scale, passes=passes, seed=seed))
