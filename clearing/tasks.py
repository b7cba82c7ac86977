"""Periodic work of the clearing (settings.PERIODIC_TASKS; backend/jobs/periodic.py enqueues it)."""

from django_tasks import task

from . import services


@task()
def run_deadlines() -> dict:
    """Reminders, lapses, offers and waitlists that ran out, stale response figures (idempotent)."""
    return services.deadlines_run()
