"""Daily: applications waiting for a parent's consent go to the company once the student has turned 18."""

from django.core.management.base import BaseCommand

from seekers.services import applications_release_adults


class Command(BaseCommand):
    help = "Bewerbungen volljährig gewordener Schüler*innen ohne Eltern-Zustimmung freigeben."

    def handle(self, *args, **options):
        released = applications_release_adults()
        self.stdout.write(f"{released} Bewerbung(en) freigegeben.")
