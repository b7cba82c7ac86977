from django.core.management.base import BaseCommand, CommandError

from monitoring.services import backfill_snapshots


class Command(BaseCommand):
    help = (
        "Schreibt fehlende Tagesstände der letzten Tage, aus den Zeitstempeln rekonstruiert (z. B. nach dem Start "
        "der Plattform). Vorhandene Tagesstände bleiben."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=400, help="wie viele Tage zurück (Standard 400)")
        parser.add_argument("--step", type=int, default=1, help="nur jeden n-ten Tag (Standard 1: jeden Tag)")

    def handle(self, *args, days, step, **options):
        if not 1 <= days <= 3000:
            raise CommandError("--days muss zwischen 1 und 3000 liegen.")
        if not 1 <= step <= days:
            raise CommandError("--step muss zwischen 1 und --days liegen.")
        self.stdout.write(f"snapshots_written={backfill_snapshots(days, step=step)}")
