from django.core.management.base import BaseCommand
from django.db import transaction

from backend.reference import loaders
from backend.reference.models import Occupation
from companies.models import Placement
from matching import indexing


class Command(BaseCommand):
    help = "Load or refresh the reference data (Berufsfelder, occupations, postal codes, districts, schools)."

    @transaction.atomic
    def handle(self, *args, **options):
        before = dict(Occupation.objects.values_list("id", "name"))
        loaders.load_all()
        # occupation names are in the search documents; the loaders write with bulk_update (no signals)
        renamed = [pk for pk, name in Occupation.objects.values_list("id", "name") if before.get(pk, name) != name]
        indexing.placements_changed(Placement.objects.filter(occupation_id__in=renamed).values_list("pk", flat=True))
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
