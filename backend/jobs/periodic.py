"""Periodic background work: which task runs how often.

Tasks themselves are ordinary django-tasks tasks (``@task`` in each app's ``tasks.py``). This module only decides
*when* to enqueue them. Entries live in ``settings.PERIODIC_TASKS``::

    PERIODIC_TASKS = {
        "mail.send_queued": {"task": "backend.mail.tasks.send_queued_email", "every": 60},
    }

``enqueue_due()`` enqueues each entry whose interval has passed. It claims an entry with one conditional UPDATE, so
two workers (or a worker and a cron job) running it at the same moment enqueue each due task exactly once, on SQLite
and PostgreSQL alike. Every periodic task must itself be idempotent: a crash may make it run again.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicSchedule


def schedule() -> dict[str, dict]:
    return getattr(settings, "PERIODIC_TASKS", {})


def enqueue_due(now=None) -> list[str]:
    """Enqueue every periodic task that is due; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name, entry in schedule().items():
        PeriodicSchedule.objects.get_or_create(name=name)
        cutoff = now - timedelta(seconds=entry["every"])
        with transaction.atomic():
            claimed = PeriodicSchedule.objects.filter(
                Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=cutoff), name=name
            ).update(last_enqueued_at=now)
            if claimed:
                task = import_string(entry["task"])
                transaction.on_commit(task.enqueue)
                enqueued.append(name)
    return enqueued
