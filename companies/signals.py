"""What companies tells the apps above it, so that it need not import them (they listen).

``placements_written``: these placements changed in a way that others keep copies of. The search index
(matching) records the ids in the writing transaction (matching/signals.py, matching/indexing.py). Sent by
``placements_changed`` from the writes of companies and seekers, in particular those Django's model signals
do not see (``queryset.update()``, ``bulk_create``) and those of related rows (a company's name, a site's
place, a contact, an application's count).
"""

from collections.abc import Iterable

from django.dispatch import Signal

placements_written = Signal()  # keyword argument: ids, a list of placement ids


def placement_changed(placement_id: int) -> None:
    placements_changed([placement_id])


def placements_changed(placement_ids: Iterable[int]) -> None:
    """Tell the listeners (the search index) about these placements, now, inside the caller's transaction."""
    ids = list(placement_ids)
    if ids:
        placements_written.send(sender=placements_changed, ids=ids)
