"""Background tasks of the monitoring app (run by the worker, see backend/jobs)."""

from django_tasks import task

from .services import take_snapshot


@task()
def take_daily_snapshot() -> str:
    """Today's headline figures (settings.PERIODIC_TASKS runs it hourly; the day's row is rewritten)."""
    return take_snapshot().day.isoformat()
