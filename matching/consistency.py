"""Drift control: compare the database with the search index and repair what differs.

Every placement's document is built from the database (matching.search.documents.placement_document,
the same function every index write uses) and its digest compared with the digest stored in the index:
  missing   in the database, not in the index;
  extra     in the index, no longer in the database;
  differing both, but the digests differ (a write that never reached the index).
Missing and differing placements are indexed again, extra ones deleted (in batches), then the index is
read once more to count what still differs (a change that arrived meanwhile is counted; it has its own
outbox entry). Each run is kept as an IndexCheck row; the admin lists them. Safe to run twice at once
(both repair the same way). With the database backend there is no index: nothing to do.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from companies.models import Placement
from matching.models import IndexCheck
from matching.search import get_backend
from matching.search.documents import placement_documents

log = logging.getLogger(__name__)

BATCH = 1000


def database_digests() -> dict[int, str]:
    out: dict[int, str] = {}
    ids = list(Placement.objects.order_by("id").values_list("id", flat=True))
    for i in range(0, len(ids), BATCH):
        for doc in placement_documents(Placement.objects.filter(id__in=ids[i : i + BATCH])):
            out[doc["id"]] = doc["digest"]
    return out


def compare(db: dict[int, str], index: dict[int, str | None]) -> tuple[list[int], list[int], list[int]]:
    missing = sorted(set(db) - set(index))
    extra = sorted(set(index) - set(db))
    differing = sorted(pid for pid in set(db) & set(index) if db[pid] != index[pid])
    return missing, extra, differing


def check_and_repair(*, repair: bool = True, backend=None):
    """Run one check (and repair); returns the saved IndexCheck."""
    backend = backend or get_backend()
    if not backend.needs_indexing:  # not saved: there is nothing to show
        return IndexCheck(error="Datenbank-Backend: kein Suchindex zu prüfen.", finished_at=timezone.now())
    check = IndexCheck.objects.create()
    try:
        backend.ensure_index()
        if not backend.mapping_current():  # made by an older version: a fresh index, then compare
            log.warning("Suchindex hat eine alte Struktur: wird neu aufgebaut.")
            backend.rebuild()
        backend.refresh()
        db = database_digests()
        index = backend.indexed_digests()
        missing, extra, differing = compare(db, index)
        check.in_database, check.in_index = len(db), len(index)
        check.missing, check.extra, check.differing = len(missing), len(extra), len(differing)
        todo = sorted(set(missing) | set(extra) | set(differing))
        if repair and todo:
            for i in range(0, len(todo), BATCH):
                backend.index_placements(todo[i : i + BATCH])  # deletes what is no longer in the database
            check.repaired = len(todo)
            backend.refresh()
            check.remaining = sum(map(len, compare(database_digests(), backend.indexed_digests())))
        else:
            check.remaining = len(todo)
    except Exception as exc:  # kept on the row and in the log; the next run tries again
        log.warning("Suchindex-Prüfung fehlgeschlagen: %s", exc)
        check.error = str(exc)[:500]
    check.finished_at = timezone.now()
    check.save()
    return check
