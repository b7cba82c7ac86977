from django.core.management.base import BaseCommand

from backend.jobs.periodic import enqueue_due


class Command(BaseCommand):
    help = "Enqueue the periodic tasks that are due (settings.PERIODIC_TASKS). Safe to run from cron and twice at once."

    def handle(self, *args, **options):
        names = enqueue_due()
        self.stdout.write(f"enqueued={len(names)} {' '.join(names)}".rstrip())
