from django.core.management.base import BaseCommand, CommandError

from monitoring.services import backfill_snapshots


class Command(BaseCommand):
    help = (
        "Schreibt fehlende Tagesstände der letzten Tage, aus den Zeitstempeln rekonstruiert (z. B. nach dem Start "
        "der Plattform). Vorhandene Tagesstände bleiben."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=400, help="wie viele Tage zurück (Standard 400)")

    def handle(self, *args, days, **options):
        if not 1 <= days <= 3000:
            raise CommandError("--days muss zwischen 1 und 3000 liegen.")
        self.stdout.write(f"snapshots_written={backfill_snapshots(days)}")
