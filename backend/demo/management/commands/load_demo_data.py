"""`manage.py load_demo_data [--reset]`: the demo data behind `make run` (see backend/demo/builder/).

Idempotent: when the demo data is already there it changes nothing and only prints the logins.
"""

import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from backend.demo import builder
from backend.demo.calendar import reference_date
from matching.indexing import placements_changed
from matching.search import get_backend


class Command(BaseCommand):
    help = (
        "Lädt fiktive, reproduzierbare Demodaten (Unternehmen, Angebote, Schulen, Bewerbungen) und zeigt "
        "die Demo-Zugänge. Load deterministic, fictional demo data and print the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Vorhandene Demodaten löschen und neu aufbauen / delete and rebuild the demo data",
        )

    def handle(self, *args, reset=False, **options):
        started = time.monotonic()
        if builder.demo_data_present() and not reset:
            self.stdout.write(
                "Demodaten sind schon vorhanden (nichts geändert). "
                "Neu aufbauen / rebuild: manage.py load_demo_data --reset"
            )
            self.print_logins()
            return
        with transaction.atomic():
            deleted_ids = builder.delete_demo_data()  # also clears a half-built set
            result = builder.build_demo_data()
            self.sync_index(deleted_ids + result.placement_ids)
        counts = ", ".join(f"{n} {label}" for label, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodaten angelegt / demo data created ({time.monotonic() - started:.1f} s): {counts}."
            )
        )
        self.stdout.write(
            f"Stichtag der Daten / reference date: {reference_date():%d.%m.%Y} "
            f"(Monatsanfang; alle Termine liegen danach)."
        )
        self.print_logins()

    def sync_index(self, placement_ids: list[int]) -> None:
        """Through the house's index hook: with Elasticsearch configured the ids go to the outbox in this
        transaction and are pushed after commit (deleted ones are removed from the index); the database
        backend needs no index. Guarded, because a demo load must not fail over search."""
        try:
            needs_indexing = get_backend().needs_indexing
            placements_changed(placement_ids)
        except (ImportError, AttributeError, ImproperlyConfigured) as exc:
            self.stdout.write(
                f"Hinweis: Suchindex nicht aktualisiert ({exc.__class__.__name__}: {exc}). "
                f"Später: manage.py rebuild_search_index"
            )
            return
        if needs_indexing:
            self.stdout.write(
                f"Suchindex: {len(placement_ids)} Änderungen (neue und gelöschte Angebote) werden "
                f"nach dem Speichern übertragen (falls Elasticsearch nicht erreichbar ist: "
                f"manage.py sync_search_index)."
            )

    def print_logins(self):
        base = settings.SITE_URL.rstrip("/")
        try:
            login_path = reverse("accounts:login")
        except NoReverseMatch:
            login_path = "/konto/anmelden/"
        rows = [(login.label, login.email, login.note, base + login.path) for login in builder.LOGINS.values()]
        widths = [max(len(str(r[i])) for r in rows + [("Rolle / role", "E-Mail / login", "", "")]) for i in range(3)]
        line = "-" * (sum(widths) + 40)
        self.stdout.write("")
        self.stdout.write(f"Demo-Zugänge / demo logins — Passwort / password für alle: {builder.DEMO_PASSWORD}")
        self.stdout.write(f"Anmelden / log in: {base}{login_path}")
        self.stdout.write(line)
        self.stdout.write(
            f"{'Rolle / role':<{widths[0]}}  {'E-Mail / login':<{widths[1]}}  {'Was / what':<{widths[2]}}  Start"
        )
        self.stdout.write(line)
        for label, email, note, url in rows:
            self.stdout.write(f"{label:<{widths[0]}}  {email:<{widths[1]}}  {note:<{widths[2]}}  {url}")
        self.stdout.write(line)
        company = builder.demo_companies().filter(name=builder.DEMO_COMPANY_NAME).first()
        if company is not None:
            try:
                self.stdout.write(
                    f"Steckbrief der Demo-Firma / demo company profile: {base}{company.get_absolute_url()}"
                )
            except NoReverseMatch:
                pass
        self.stdout.write(f"Django-Admin: {base}/admin/  ·  API: {base}/api/docs/")
