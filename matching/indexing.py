"""Keeping the search index in step with the database.

Recording: every change to what a placement looks like in search (its fields and Berufsfelder, its
company's name/verification/hiding, its site's place, its applications) records the placement id in the
outbox (matching.models.IndexOutbox) IN THE SAME TRANSACTION, whatever search backend the writing
process is configured with: a cron job, a shell or a worker without ELASTICSEARCH_URL records too.
Model signals (matching.signals) catch saves and deletes from anywhere (services, the admin, commands,
cascades); services also call `placement_changed(pk)` explicitly, and code that writes with
`queryset.update()` or `bulk_create` (no signals) must call `placements_changed(ids)` itself.

Pushing: after commit a django-tasks task (`matching.tasks.push_search_index`) is enqueued; the worker
sends the outbox to Elasticsearch by primary key. The request never talks to Elasticsearch. When
Elasticsearch is down the task logs a warning and the ids stay: the periodic `sync_search_index` catches
up. A process whose own backend is the database leaves the outbox alone (its entries wait for a process
that has Elasticsearch); only entries older than OUTBOX_RETENTION are pruned there, so a deployment
without Elasticsearch does not grow the table forever.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from matching.models import IndexOutbox
from matching.search import get_backend

log = logging.getLogger(__name__)

PUSH_BATCH = 500
PUSHED_RETENTION = datetime.timedelta(days=1)  # a rebuild re-reads what was pushed while it ran
OUTBOX_RETENTION = datetime.timedelta(days=7)  # unpushed entries, only pruned by a database-backend process


def _backend():
    return get_backend()


def placement_changed(placement_id: int) -> None:
    placements_changed([placement_id])


def placements_changed(placement_ids) -> None:
    """Record these placements for the index in the current transaction; push after commit (a task)."""
    ids = sorted({int(i) for i in placement_ids})
    if not ids:
        return
    IndexOutbox.objects.bulk_create([IndexOutbox(placement_id=i) for i in ids])
    _schedule_push()


class _PushAfterCommit:
    """The on_commit callback of one transaction (so that a transaction enqueues one push, not one per change)."""

    done = False

    def __call__(self):
        self.done = True
        _enqueue_push()


def _schedule_push() -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, "_index_push_after_commit", None)
    if (
        connection.in_atomic_block
        and pending is not None
        and not pending.done
        and any(entry[1] is pending for entry in connection.run_on_commit)  # gone when rolled back
    ):
        return
    callback = connection._index_push_after_commit = _PushAfterCommit()
    transaction.on_commit(callback)


def _enqueue_push() -> None:
    from matching.tasks import push_search_index  # noqa: PLC0415 (tasks imports this module)

    try:
        push_search_index.enqueue()
    except Exception as exc:  # the write is committed; the periodic sync catches up
        log.warning("Suchindex-Auftrag nicht eingereiht (%s); der periodische Abgleich holt es nach.", exc)


def push(*, max_batches: int | None = None) -> int:
    """Send pending changes to the backend, oldest first. Returns how many placements were synced;
    stops at the first failure and keeps what it could not send."""
    backend = _backend()
    if not backend.needs_indexing:
        prune(keep_unpushed=False)
        return 0
    synced = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = list(
            IndexOutbox.objects.filter(pushed_at__isnull=True)
            .order_by("id")
            .values_list("id", "placement_id")[:PUSH_BATCH]
        )
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
        IndexOutbox.objects.filter(id__in=row_ids).update(pushed_at=timezone.now(), last_error="")
        synced += len(ids)
    prune()
    return synced


def prune(*, keep_unpushed: bool = True) -> int:
    now = timezone.now()
    deleted, _ = IndexOutbox.objects.filter(pushed_at__lt=now - PUSHED_RETENTION).delete()
    if not keep_unpushed:
        more, _ = IndexOutbox.objects.filter(pushed_at__isnull=True, created_at__lt=now - OUTBOX_RETENTION).delete()
        deleted += more
    return deleted


def pending_count() -> int:
    return IndexOutbox.objects.filter(pushed_at__isnull=True).values("placement_id").distinct().count()


def recorded_since(moment) -> set[int]:
    """Placements recorded (pushed or not) since `moment`: a rebuild indexes them again after its switch."""
    return set(IndexOutbox.objects.filter(created_at__gte=moment).values_list("placement_id", flat=True))
