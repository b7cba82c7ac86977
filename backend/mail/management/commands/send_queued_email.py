from django.core.management.base import BaseCommand

from backend.mail.services import email_purge_sent, email_queue_retry, email_redact_sent


class Command(BaseCommand):
    help = (
        "Retry emails that could not be sent yet (backoff by attempts, at most 8 attempts) and delete sent "
        "emails older than --keep-days; blanks codes and reset links in sent emails. Run from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=30, help="keep sent emails this many days (default 30)")

    def handle(self, *args, **options):
        counts = email_queue_retry()
        redacted = email_redact_sent()
        purged = email_purge_sent(older_than_days=options["keep_days"])
        self.stdout.write(
            f"sent={counts['sent']} failed={counts['failed']} waiting={counts['skipped']} "
            f"redacted={redacted} purged={purged}"
        )
