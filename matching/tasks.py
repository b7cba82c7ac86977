"""Background tasks of the search index (run by the worker, see backend/jobs)."""

from django_tasks import task

from matching import consistency, indexing


@task()
def push_search_index() -> dict:
    """Enqueued after each commit that recorded a change: push the outbox to the index (idempotent)."""
    return {"synced": indexing.push(), "pending": indexing.pending_count()}


@task()
def sync_search_index() -> dict:
    """Periodic: push pending placement changes (the outbox) to the search index (idempotent)."""
    return {"synced": indexing.push(), "pending": indexing.pending_count()}


@task()
def check_search_index() -> dict:
    """Periodic: compare database and index (ids and digests) and repair what differs."""
    check = consistency.check_and_repair()
    return {"drift": check.drift, "repaired": check.repaired, "remaining": check.remaining, "error": check.error}
