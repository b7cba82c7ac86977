"""Keeping the search index in step with the database.

Every service that changes what a placement looks like in search (its fields, its company, its
status, its applications and so its availability) calls `placement_changed(pk)` inside its
transaction. That records the id in the outbox (matching.models.IndexOutbox) in the same
transaction, and after commit pushes the outbox to the backend by primary key. When Elasticsearch
is down the push logs a warning and the ids stay: the next push or `manage.py sync_search_index`
catches up. A failing Elasticsearch never fails the company's or the student's write.
The database backend needs no index: then nothing is recorded.
"""

import logging

from django.db import transaction
from django.db.models import F

log = logging.getLogger(__name__)

PUSH_BATCH = 500


def _backend():
    from matching.search import get_backend

    return get_backend()


def placement_changed(placement_id: int) -> None:
    placements_changed([placement_id])


def placements_changed(placement_ids) -> None:
    ids = sorted({int(i) for i in placement_ids})
    if not ids or not _backend().needs_indexing:
        return
    from matching.models import IndexOutbox

    IndexOutbox.objects.bulk_create([IndexOutbox(placement_id=i) for i in ids])
    transaction.on_commit(push)


def push(*, max_batches: int | None = None) -> int:
    """Send pending changes to the backend, oldest first. Returns how many placements were synced;
    stops at the first failure and keeps what it could not send."""
    from matching.models import IndexOutbox

    backend = _backend()
    synced = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "placement_id")[:PUSH_BATCH])
        if not rows:
            break
        batches += 1
        row_ids = [r[0] for r in rows]
        ids = sorted({r[1] for r in rows})
        try:
            backend.index_placements(ids)
        except Exception as exc:
            log.warning("Suchindex nicht erreichbar, %d Änderungen bleiben vorgemerkt: %s", len(ids), exc)
            IndexOutbox.objects.filter(id__in=row_ids).update(attempts=F("attempts") + 1, last_error=str(exc)[:500])
            break
        IndexOutbox.objects.filter(id__in=row_ids).delete()
        synced += len(ids)
    return synced


def pending_count() -> int:
    from matching.models import IndexOutbox

    return IndexOutbox.objects.values("placement_id").distinct().count()
