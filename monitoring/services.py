"""Writes of the monitoring app: the daily snapshot and the kept dashboard figures."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.utils import timezone, translation

from .models import DailySnapshot, DashboardFigures
from .selectors import Filters, SchoolYear, compute_figures, headline

ASKED_WITHIN = datetime.timedelta(days=1)  # the task renews the figures of filters shown this recently
ASKED_EVERY = datetime.timedelta(minutes=1)  # how exactly a filter's last showing is written down
PER_RUN = 24  # at most this many filters besides the default per run of the task


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


def refresh_figures(filters: Filters, language: str | None = None) -> DashboardFigures:
    """Count the dashboard's figures for ``filters`` now, in ``language`` (default: the active one; titles and labels
    are words), and keep them (idempotent: the row is rewritten; two runs at once both write complete figures, the
    later one stays)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    start = time.perf_counter()
    with translation.override(language):
        data = compute_figures(filters)
    kept, _created = DashboardFigures.objects.update_or_create(
        key=filters.key,
        language=language,
        defaults={
            "school_year": filters.school_year.label,
            "kind": filters.kind,
            "berufsfeld": filters.berufsfeld,
            "data": data,
            "computed_at": timezone.now(),
            "seconds": time.perf_counter() - start,
        },
    )
    return kept


def refresh_all_figures(now: datetime.datetime | None = None) -> list[DashboardFigures]:
    """The background task's work: the current school year without filters, and the filters of this school year
    and the last that someone asked for in the last ASKED_WITHIN (the PER_RUN most recent: anyone may ask for
    any filter on the public page, the task's work must stay bounded), counted anew. Any other filter is counted
    when asked, once its figures are older than MONITORING_FIGURES_MAX_AGE."""
    now = now or timezone.now()
    year = SchoolYear.of(timezone.localdate(now))
    default = Filters(year)
    wanted = {(default.key, settings.LANGUAGE_CODE): default}
    asked = DashboardFigures.objects.filter(
        asked_at__gte=now - ASKED_WITHIN, school_year__in=[year.label, year.previous.label]
    ).order_by("-asked_at")
    for kept in asked.select_related("berufsfeld")[:PER_RUN]:
        filters = Filters(SchoolYear.parse(kept.school_year), kept.kind, kept.berufsfeld)
        wanted.setdefault((filters.key, kept.language), filters)
    return [refresh_figures(filters, language) for (_key, language), filters in wanted.items()]


def figures(filters: Filters) -> dict:
    """The dashboard's figures for ``filters`` as the background task kept them, with their time; counted now
    (and kept) when nobody asked for this filter yet or the kept ones are older than MONITORING_FIGURES_MAX_AGE
    (the worker is not running, or nobody asked for the filter in a day)."""
    now = timezone.now()
    language = translation.get_language() or settings.LANGUAGE_CODE
    kept = DashboardFigures.objects.filter(key=filters.key, language=language).first()
    if kept is None or kept.computed_at < now - datetime.timedelta(seconds=settings.MONITORING_FIGURES_MAX_AGE):
        kept = refresh_figures(filters)
    if kept.asked_at is None or kept.asked_at < now - ASKED_EVERY:  # at most one write a minute per filter
        DashboardFigures.objects.filter(pk=kept.pk).update(asked_at=now)
    return {**kept.data, "generated_at": kept.computed_at.isoformat(timespec="seconds")}
