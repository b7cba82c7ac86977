from django.core.management.base import BaseCommand

from clearing import services


class Command(BaseCommand):
    help = (
        "Die Fristen der Bewerbungen einmal abarbeiten: Erinnerungen (Tag 3 und 6), 'keine Antwort' nach der Frist, "
        "abgelaufene Angebote und Wartelisten, Antwortzahlen. Idempotent; der Worker macht das alle 5 Minuten."
    )

    def handle(self, *args, **options):
        done = services.deadlines_run()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in done.items()))
