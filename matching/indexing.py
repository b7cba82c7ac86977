"""Keeping the search index in step with the database.

Every service that changes what a placement looks like in search (its fields, its company, its
status, its applications and so its availability) calls `placement_changed(pk)` inside its
transaction. The sync runs after commit, by primary key, so a failing Elasticsearch never fails
the company's or the student's write. (Implemented by the matching app; the database backend's
indexing is a no-op.)
"""
from django.db import transaction


def placement_changed(placement_id: int) -> None:
    transaction.on_commit(lambda: _sync([placement_id]))


def placements_changed(placement_ids) -> None:
    ids = list(placement_ids)
    if ids:
        transaction.on_commit(lambda: _sync(ids))


def _sync(ids: list[int]) -> None:
    # Filled in by the matching issue: record in the outbox, push to the configured backend.
    pass
