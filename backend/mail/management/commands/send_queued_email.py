from django.core.management.base import BaseCommand

from backend.mail.services import email_queue_retry


class Command(BaseCommand):
    help = "Retry emails that could not be sent yet (backoff by attempts, at most 8 attempts). Run from cron."

    def handle(self, *args, **options):
        counts = email_queue_retry()
        self.stdout.write(f"sent={counts['sent']} failed={counts['failed']} waiting={counts['skipped']}")
