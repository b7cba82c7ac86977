"""Background tasks of the mail queue (run by the worker, see backend/jobs)."""

from django_tasks import task

from backend.mail import services
from backend.mail.models import OutgoingEmail


@task()
def send_queued_email() -> dict:
    """Retry queued email, blank codes in sent email, purge old sent email (idempotent)."""
    counts = services.email_queue_retry()
    counts["redacted"] = services.email_redact_sent()
    counts["purged"] = services.email_purge_sent(older_than_days=30)
    return counts


@task()
def deliver_email(email_id: int) -> bool:
    """Hand one stored email to the provider (enqueued by email_send on commit, so no request waits on the
    provider). Safe twice and beside send_queued_email: a sent or already claimed email is left alone."""
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:  # deleted meanwhile (account deleted)
        return False
    return services.email_deliver(email=email).sent_at is not None
