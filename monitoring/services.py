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
