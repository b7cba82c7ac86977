"""Background tasks of the monitoring app (run by the worker, see backend/jobs)."""

from django_tasks import task

from .services import refresh_all_figures, take_snapshot


@task()
def take_daily_snapshot() -> str:
    """Today's headline figures (settings.PERIODIC_TASKS runs it hourly; the day's row is rewritten)."""
    return take_snapshot().day.isoformat()


@task()
def refresh_dashboard_figures() -> int:
    """The dashboard's figures for every filter in use (settings.PERIODIC_TASKS runs it every few minutes)."""
    return len(refresh_all_figures())
