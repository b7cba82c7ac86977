"""python manage.py simulate_clearing --students 500 --seed 1 (see clearing/simulation.py)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from clearing import simulation


class Command(BaseCommand):
    help = (
        "Simuliert den Bewerbungsmarkt einer synthetischen Stadt in einer Wegwerf-Datenbank: 3 Runden mit den echten "
        "Services (Fristen, Angebote, Wartelisten) gegen die heutige Regel; die letzte Zeile hat ein festes Format."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, students, seed, **options):
        started = time.monotonic()
        # a throw-away database next to the configured one (SQLite: in memory), dropped afterwards
        old_name = connection.settings_dict["NAME"]
        quiet = {
            # DEBUG keeps every query's SQL (on SQLite one more query per query to quote its parameters)
            "DEBUG": False,
            "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SEARCH_BACKENDS": {"default": {"BACKEND": "matching.search.backends.database"}},
        }
        with override_settings(**quiet):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                today, clearing = simulation.run(students, seed, write=self.stdout.write)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(f"took {time.monotonic() - started:.0f} s")
        self.stdout.write(today)
        self.stdout.write(clearing)
