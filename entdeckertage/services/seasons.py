"""Seasons: city staff create one with its blocks of dates and move its phases."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import DAYS_PER_PUPIL, Block, BlockDate, Season
from ..permissions import require_staff
from .shared import _d

PHASE_FIELDS = ("offers_from", "wishes_from", "allocation_from", "booking_from", "days_from", "certificates_from")


def _validate_phases(values: dict, all_dates: list[datetime.date]) -> None:
    days = [values[f] for f in PHASE_FIELDS]
    for earlier, later, f in zip(days, days[1:], PHASE_FIELDS[1:], strict=False):
        if later < earlier:
            raise ValidationError(
                {
                    f: _(
                        "Die Phasen müssen in dieser Reihenfolge beginnen: Angebote, Wünsche, "
                        "Verteilung, Restplätze, Entdeckertage, Bescheinigungen."
                    )
                }
            )
    if all_dates:
        if values["days_from"] > min(all_dates):
            raise ValidationError(
                {
                    "days_from": _(
                        "Die Phase „Entdeckertage“ muss spätestens am ersten Tag des ersten Blocks (%(d)s) beginnen."
                    )
                    % {"d": _d(min(all_dates))}
                }
            )
        if values["certificates_from"] <= max(all_dates):
            raise ValidationError(
                {
                    "certificates_from": _("Bescheinigungen gibt es erst nach dem letzten Tag (%(d)s).")
                    % {"d": _d(max(all_dates))}
                }
            )


def season_create(
    *, actor, name: str, school_year: str, blocks: list[list[datetime.date]], grade: int = 8, **phases
) -> Season:
    """blocks: one list of dates per block (e.g. [[21.4., 22.4., 23.4.], [19.5., ...], ...])."""
    require_staff(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte gib der Saison einen Namen, z. B. „Entdeckertage 2026“.")})
    missing = [f for f in PHASE_FIELDS if not phases.get(f)]
    if missing:
        raise ValidationError({missing[0]: _("Bitte gib für jede Phase ein Startdatum an.")})
    if not blocks or any(not b for b in blocks):
        raise ValidationError({"blocks": _("Bitte gib mindestens einen Block mit seinen Tagen an.")})
    all_dates = [d for b in blocks for d in b]
    if len(set(all_dates)) != len(all_dates):
        raise ValidationError({"blocks": _("Jeder Tag darf nur in einem Block vorkommen.")})
    if any(d.weekday() >= 5 for d in all_dates):
        raise ValidationError({"blocks": _("Entdeckertage liegen an Schultagen (Montag bis Freitag).")})
    if any(len(b) < DAYS_PER_PUPIL for b in blocks):
        raise ValidationError({"blocks": _("Jeder Block braucht mindestens drei Tage: jede*r hat drei Tage.")})
    _validate_phases(phases, all_dates)
    with transaction.atomic():
        season = Season.objects.create(
            name=name,
            school_year=school_year,
            grade=grade,
            created_by=actor,
            **{f: phases[f] for f in PHASE_FIELDS},
        )
        for i, dates in enumerate(blocks):
            block = Block.objects.create(
                season=season,
                position=i,
                name=_("Block %(n)s: %(a)s–%(b)s") % {"n": i + 1, "a": _d(min(dates)), "b": _d(max(dates))},
            )
            BlockDate.objects.bulk_create(BlockDate(block=block, season=season, date=d) for d in sorted(dates))
    return season


def season_update_phases(*, actor, season: Season, **phases) -> Season:
    require_staff(actor)
    unknown = set(phases) - set(PHASE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dieses Feld kann nicht geändert werden.")})
    values = {f: phases.get(f) or getattr(season, f) for f in PHASE_FIELDS}
    _validate_phases(values, list(season.dates.values_list("date", flat=True)))
    with transaction.atomic():
        for f, v in values.items():
            setattr(season, f, v)
        season.save(update_fields=list(PHASE_FIELDS))
    return season
