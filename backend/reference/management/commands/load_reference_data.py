from django.core.management.base import BaseCommand

from backend.reference import loaders


class Command(BaseCommand):
    help = "Load or refresh the reference data (Berufsfelder, occupations, postal codes, districts, schools)."

    def handle(self, *args, **options):
        loaders.load_all()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
