import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from backend.mail.models import OutgoingEmail
from backend.mail.services import MAX_ATTEMPTS, email_deliver, email_queue_retry, email_send
from backend.mail.tasks import deliver_email

TEMPLATE = "emails/accounts/verify_email"
CONTEXT = {"user": {"display_name": "Ada"}, "code": "123456", "verify_url": "http://x/verify", "hours": 24}


class FailingBackend:
    """A mail backend whose provider is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")


@pytest.mark.django_db
def test_email_is_rendered_in_german_stored_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_send(to="ada@example.org", template=TEMPLATE, context=CONTEXT)
        assert mail.outbox == []  # not before the transaction commits

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert "123456" in message.subject and "Bestätigungscode" in message.subject
    assert "Hallo Ada" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "123456" in html
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_send(to=["a@example.org", "b@example.org"], template=TEMPLATE, context=CONTEXT)
        raise RuntimeError("the sign-up failed")
    assert callbacks == []
    assert mail.outbox == []
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_failed_send_is_kept_never_raised_and_retried_later_delivered_once(caplog, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND="tests.mail.test_services.FailingBackend"):
        with django_capture_on_commit_callbacks(execute=True):
            email = email_send(to="ada@example.org", template=TEMPLATE, context=CONTEXT)  # does not raise
        email.refresh_from_db()
        assert email.sent_at is None and email.attempts == 1
        assert "SMTP server unreachable" in email.last_error
        assert "failed" in caplog.text

        # the provider is still down: another retry after the backoff also fails, attempts count up
        later = timezone.now() + datetime.timedelta(minutes=5)
        assert email_queue_retry(now=later)["failed"] == 1

    email.refresh_from_db()
    assert email.attempts == 2
    # within the backoff window nothing is tried
    assert email_queue_retry(now=timezone.now())["skipped"] == 1
    assert mail.outbox == []

    call_command("send_queued_email")  # backoff of attempt 2 is 2 minutes; not yet
    assert mail.outbox == []
    email_queue_retry(now=timezone.now() + datetime.timedelta(minutes=10))
    assert len(mail.outbox) == 1
    email_queue_retry(now=timezone.now() + datetime.timedelta(days=1))
    assert len(mail.outbox) == 1  # delivered once, never twice
    email.refresh_from_db()
    assert email.sent_at is not None and email.last_error == ""


@pytest.mark.django_db
def test_emails_that_failed_too_often_are_given_up():
    OutgoingEmail.objects.create(
        to=["x@example.org"], subject="s", body_text="t", template=TEMPLATE, attempts=MAX_ATTEMPTS
    )
    assert email_queue_retry(now=timezone.now() + datetime.timedelta(days=2)) == {"sent": 0, "failed": 0, "skipped": 0}
    assert mail.outbox == []


@pytest.mark.django_db
def test_sensitive_emails_are_blanked_by_the_cron_once_sent_but_kept_while_unsent(django_capture_on_commit_callbacks):
    with (
        override_settings(EMAIL_BACKEND="tests.mail.test_services.FailingBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = email_send(to="ada@example.org", template=TEMPLATE, context=CONTEXT, sensitive=True)
    email.refresh_from_db()
    assert "123456" in email.body_text  # still needed for the retry
    call_command("send_queued_email")  # not yet due for a retry: nothing is blanked while unsent
    email.refresh_from_db()
    assert "123456" in email.body_text
    email_queue_retry(now=timezone.now() + datetime.timedelta(minutes=5))
    assert "123456" in mail.outbox[0].body
    call_command("send_queued_email")
    email.refresh_from_db()
    assert "123456" not in email.subject + email.body_text + email.body_html


@pytest.mark.django_db
def test_old_sent_emails_are_purged_and_an_address_can_be_forgotten():
    from backend.mail.services import email_forget_address, email_purge_sent

    old = OutgoingEmail.objects.create(
        to=["ann@example.org"],
        subject="s",
        body_text="t",
        template=TEMPLATE,
        sent_at=timezone.now() - datetime.timedelta(days=40),
    )
    unsent = OutgoingEmail.objects.create(to=["ann@example.org"], subject="s", body_text="t", template=TEMPLATE)
    other = OutgoingEmail.objects.create(
        to=["joann@example.org", "x@example.org"], subject="s", body_text="t", template=TEMPLATE
    )
    assert email_purge_sent(older_than_days=30) == 1
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()
    assert email_forget_address(email="ANN@example.org") == 1
    assert not OutgoingEmail.objects.filter(pk=unsent.pk).exists()
    assert OutgoingEmail.objects.filter(pk=other.pk).exists()


class HangingBackend:
    """A provider that accepts the connection and never answers (until the test lets it go)."""

    called = threading.Event()
    release = threading.Event()

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        HangingBackend.called.set()
        HangingBackend.release.wait(timeout=30)
        return len(messages)


@pytest.mark.django_db(transaction=True)  # the worker commits and checks its connections, as in production
def test_a_request_never_waits_on_a_hanging_mail_provider(client, settings, django_capture_on_commit_callbacks):
    """Sign-up sends a code by email. The request stores the email and enqueues a task on commit; the worker talks
    to the provider. With a hanging provider the request still answers (and never called the provider)."""
    settings.EMAIL_BACKEND = "tests.mail.test_services.HangingBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    HangingBackend.called.clear()
    HangingBackend.release.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/accounts/signup/",
            {"email": "eva@example.org", "password": "ein-langes-passwort-2026", "role": "parent"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert not HangingBackend.called.is_set()  # the provider was never touched in the request
    email = OutgoingEmail.objects.get(to=["eva@example.org"])
    assert email.sent_at is None and email.attempts == 0
    assert DBTaskResult.objects.filter(
        task_path="backend.mail.tasks.deliver_email", args_kwargs__args=[email.pk]
    ).exists()

    HangingBackend.release.set()  # the provider answers again; the worker delivers the queued email
    call_command("run_worker", "--once")
    assert HangingBackend.called.is_set()
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


@pytest.mark.django_db
def test_the_task_and_the_periodic_retry_never_send_one_email_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the task has not run yet
        email = email_send(to="ada@example.org", template=TEMPLATE, context=CONTEXT)
    stale = OutgoingEmail.objects.get(pk=email.pk)  # what a periodic retry read before the task ran
    deliver_email.call(email.pk)
    assert email_deliver(email=stale).sent_at is None  # its claim on the old attempt count fails
    assert len(mail.outbox) == 1
