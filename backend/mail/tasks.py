"""Background tasks of the mail queue (run by the worker, see backend/jobs)."""

from django_tasks import task

from backend.mail.services import email_purge_sent, email_queue_retry, email_redact_sent


@task()
def send_queued_email() -> dict:
    """Retry queued email, blank codes in sent email, purge old sent email (idempotent)."""
    counts = email_queue_retry()
    counts["redacted"] = email_redact_sent()
    counts["purged"] = email_purge_sent(older_than_days=30)
    return counts
