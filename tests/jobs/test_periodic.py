from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.jobs.models import PeriodicSchedule
from backend.jobs.periodic import enqueue_due

pytestmark = pytest.mark.django_db

SCHEDULE = {"mail.send_queued": {"task": "backend.mail.tasks.send_queued_email", "every": 60}}


def test_due_task_is_enqueued_once_per_interval(settings, django_capture_on_commit_callbacks):
    settings.PERIODIC_TASKS = SCHEDULE
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert enqueue_due(now) == ["mail.send_queued"]
        assert enqueue_due(now + timedelta(seconds=30)) == []  # a second worker in the same minute enqueues nothing
    assert len(callbacks) == 1
    assert enqueue_due(now + timedelta(seconds=61)) == ["mail.send_queued"]
    assert PeriodicSchedule.objects.get(name="mail.send_queued").last_enqueued_at == now + timedelta(seconds=61)


@pytest.mark.django_db(transaction=True)  # the worker commits and checks its connections, as in production
def test_worker_once_runs_due_tasks(settings, django_capture_on_commit_callbacks):
    settings.PERIODIC_TASKS = SCHEDULE
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_worker", "--once")
    assert PeriodicSchedule.objects.get(name="mail.send_queued").last_enqueued_at is not None
