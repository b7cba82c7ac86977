"""Background tasks of the search index (run by the worker, see backend/jobs)."""

from django_tasks import task

from matching import indexing


@task()
def sync_search_index() -> dict:
    """Push pending placement changes (the outbox) to the search index (idempotent)."""
    return {"synced": indexing.push(), "pending": indexing.pending_count()}
