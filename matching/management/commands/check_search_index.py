"""Compare the database with the search index (ids and digests of the indexed fields) and repair the drift."""

from django.core.management.base import BaseCommand, CommandError

from matching import consistency


class Command(BaseCommand):
    help = "Vergleicht Datenbank und Suchindex (Ids und Prüfsummen) und repariert Abweichungen."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nur vergleichen, nichts reparieren")

    def handle(self, *args, dry_run=False, **options):
        check = consistency.check_and_repair(repair=not dry_run)
        if check.pk is None:
            self.stdout.write(check.error)
            return
        if check.error:
            raise CommandError(f"Prüfung fehlgeschlagen: {check.error} Prüfe ELASTICSEARCH_URL und versuche es erneut.")
        self.stdout.write(
            f"Datenbank {check.in_database}, Index {check.in_index}: {check.missing} fehlten, {check.extra} zu viel, "
            f"{check.differing} veraltet; {check.repaired} repariert, danach {check.remaining} abweichend."
        )
