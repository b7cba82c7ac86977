"""Sending email: render German templates, store the message, and hand it to the provider in a background task
(django-tasks, `backend.mail.tasks.deliver_email`) enqueued when the transaction commits.

A request never talks to the mail provider, so a slow or hanging provider never delays a page. Callers never see a
send failure either: it is logged and recorded on the row, and `send_queued_email` retries with backoff. So a
provider outage never breaks a sign-up or an application.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import tasks
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
REDACTED = "[nach dem Versand entfernt]"


def recipient_language(recipients: list[str]) -> str:
    """The language the recipients chose in their profile (a shared one), else German: an email is written for
    the person who reads it, not in the language of whoever's request triggered it."""
    supported = {code for code, _name in settings.LANGUAGES}
    users = get_user_model()  # the accounts app sends mail through this one, so mail does not import it
    chosen = set(users.objects.filter(email__in=[r.lower() for r in recipients]).values_list("language", flat=True))
    if len(chosen) == 1 and (language := chosen.pop()) in supported:
        return language
    return settings.LANGUAGE_CODE


def _render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    ctx = {"SITE_NAME": "Dortmund at Work", "SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject: str = render_to_string(f"{template}.subject.txt", ctx)
        text: str = render_to_string(f"{template}.txt", ctx)
        html: str
        try:
            html = render_to_string(f"{template}.html", ctx)
        except Exception:  # the HTML part is optional
            html = ""
    subject = " ".join(subject.split())[:255]
    return subject, text, html


def email_send(
    *, to: str | list[str], template: str, context: dict, sensitive: bool = False, language: str | None = None
) -> OutgoingEmail:
    """Render `<template>.subject.txt`, `.txt` and (optional) `.html`, store the email and send it
    once the surrounding transaction commits (immediately if there is none). Never raises on send errors.

    sensitive=True (codes, reset links): `send_queued_email` blanks the stored subject and bodies once the
    email is sent (see email_redact_sent), so the table does not keep usable secrets.

    language: None renders in the recipients' own language (their profile, see recipient_language)."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = _render(template, context, language or recipient_language(recipients))
    email = OutgoingEmail.objects.create(
        to=recipients, subject=subject, body_text=text, body_html=html, template=template, sensitive=sensitive
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id: int) -> None:
    try:
        tasks.deliver_email.enqueue(email_id)
    except Exception:  # the row is stored: send_queued_email sends it within a minute
        logger.exception("Enqueueing email %s failed; the periodic retry will send it", email_id)


def _claim(email: OutgoingEmail, now) -> bool:
    """Count this attempt if nobody else started one since we read the row (the task and the periodic retry may
    meet on one email): an update on the old attempt count, so only one of two racing workers sends."""
    claimed = OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=True, attempts=email.attempts).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    if claimed:
        email.attempts += 1
        email.last_attempt_at = now
    return bool(claimed)


def email_deliver(*, email: OutgoingEmail) -> OutgoingEmail:
    """Try to hand one stored email to the mail backend (in the worker, never in a request). Records the outcome;
    never raises."""
    if email.sent_at is not None or not _claim(email, timezone.now()):
        return email
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any backend/provider error: keep the row for a retry
        logger.exception("Sending email %s (%s) failed, attempt %s", email.pk, email.template, email.attempts)
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.save(update_fields=["last_error"])
        return email
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["last_error", "sent_at"])
    return email


def email_redact_sent() -> int:
    """Blank subject and bodies of sent sensitive emails (codes, reset links): the table never keeps a usable
    secret longer than one cron interval. Unsent ones keep their content for the retry."""
    return (
        OutgoingEmail.objects.filter(sensitive=True, sent_at__isnull=False)
        .exclude(body_text=REDACTED)
        .update(subject=REDACTED, body_text=REDACTED, body_html="")
    )


def email_purge_sent(*, older_than_days: int = 30) -> int:
    """Delete sent emails after a while: they hold personal data and are only kept for support."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    deleted, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def email_forget_address(*, email: str) -> int:
    """Delete every stored email to this address (account deletion, DSGVO art. 17). Returns the count."""
    address = (email or "").strip().lower()
    if not address:
        return 0
    # icontains on the JSON text narrows it down on every database; the exact check avoids "ann@x" matching "joann@x"
    candidates = OutgoingEmail.objects.filter(to__icontains=address).only("pk", "to")
    ids = [row.pk for row in candidates if any(str(to).strip().lower() == address for to in row.to)]
    deleted, _ = OutgoingEmail.objects.filter(pk__in=ids).delete()
    return deleted


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff after `attempts` failed tries: 1, 2, 4, ... minutes, at most 6 hours."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def email_queue_retry(*, now: datetime.datetime | None = None, limit: int = 500) -> dict:
    """Retry unsent emails whose backoff has passed. Returns counts {"sent", "failed", "skipped"}."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("created_at")
    for email in pending[:limit]:
        if email.last_attempt_at and email.last_attempt_at + retry_delay(email.attempts) > now:
            counts["skipped"] += 1
            continue
        email_deliver(email=email)
        counts["sent" if email.sent_at else "failed"] += 1
    return counts
