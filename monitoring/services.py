"""Writes of the monitoring app: the daily snapshot."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import DailySnapshot
from .selectors import Filters, SchoolYear, headline


def take_snapshot(day: datetime.date | None = None) -> DailySnapshot:
    """Store today's headline figures for the whole city (idempotent: the day's row is rewritten)."""
    day = day or timezone.localdate()
    figures = headline(Filters(SchoolYear.of(day)))
    snapshot, _created = DailySnapshot.objects.update_or_create(day=day, defaults={"figures": figures})
    return snapshot


def backfill_snapshots(days: int, *, step: int = 1, today: datetime.date | None = None) -> int:
    """Snapshots for the last ``days`` days (every ``step``-th day) that have none, reconstructed from timestamps
    (headline's as_of). Days that already have a snapshot keep it. Returns how many were written."""
    today = today or timezone.localdate()
    have = set(
        DailySnapshot.objects.filter(day__gte=today - datetime.timedelta(days=days)).values_list("day", flat=True)
    )
    written = []
    for back in range(days, 0, -step):
        day = today - datetime.timedelta(days=back)
        if day in have:
            continue
        end_of_day = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
        written.append(DailySnapshot(day=day, figures=headline(Filters(SchoolYear.of(day)), as_of=end_of_day)))
    DailySnapshot.objects.bulk_create(written, ignore_conflicts=True)
    return len(written)
