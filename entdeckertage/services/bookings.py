"""Live booking of free seats after the allocation, and cancelling a booking."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from seekers.models import StudentProfile

from .. import selectors
from ..models import DAYS_PER_PUPIL, Assignment, AssignmentSource, Offer, OfferStatus, Phase, Season
from .shared import _d, _outside_block, _require_pupil, _today


def _check_day_rules(season: Season, student: StudentProfile, offer: Offer, *, ignore: Assignment | None = None):
    """One day per date and per Berufsfeld, at most three days, minimum age. Raises DomainError."""
    rows = Assignment.objects.filter(season=season, student=student).select_related("offer", "berufsfeld")
    if ignore is not None:
        rows = rows.exclude(pk=ignore.pk)
    mine = list(rows)
    for a in mine:
        if a.date == offer.date:
            raise DomainError(
                _("Am %(d)s hast du schon einen Tag bei %(c)s. Pro Datum geht nur ein Tag; wähle ein anderes Datum.")
                % {"d": _d(a.date), "c": a.offer.company.name if hasattr(a.offer, "company") else a.offer.title},
                code="date_taken",
            )
        if a.berufsfeld_id == offer.berufsfeld_id:
            raise DomainError(
                _(
                    "Du hast schon einen Tag im Berufsfeld „%(f)s“. Drei Tage heißt drei verschiedene Berufsfelder: "
                    "bitte wähle ein Angebot in einem anderen Berufsfeld."
                )
                % {"f": a.berufsfeld.name},
                code="field_taken",
            )
    if len(mine) >= DAYS_PER_PUPIL:
        raise DomainError(_("Du hast schon drei Tage. Mehr sind nicht vorgesehen."), code="enough_days")
    if not selectors.age_ok(student.birth_date, offer):
        raise DomainError(
            _("Für diesen Tag musst du mindestens %(a)s Jahre alt sein. Bitte wähle ein anderes Angebot.")
            % {"a": offer.min_age},
            code="too_young",
        )


def booking_create(*, actor, student: StudentProfile, offer: Offer, today=None) -> Assignment:
    """Book a free seat, live. The offer's row is locked while seats are counted (select_for_update), and the
    unique constraints on (pupil, date) and (season, pupil, field) hold even against parallel requests."""
    season = offer.season
    block = _require_pupil(actor, student, season)
    day = _today(today)
    phase = season.phase_on(day)
    if phase != Phase.BOOKING:
        if phase in (Phase.DAYS, Phase.CERTIFICATES):
            msg = _(
                "Die Buchungsphase ist am %(d)s zu Ende gegangen. Brauchst du noch einen Platz, wende dich an "
                "deine Lehrkraft."
            ) % {"d": _d(season.days_from - datetime.timedelta(days=1))}
        else:
            msg = _("Freie Plätze kannst du ab dem %(d)s buchen.") % {"d": _d(season.booking_from)}
        raise DomainError(msg, code="wrong_phase")
    if offer.block_id != block.id:
        raise _outside_block(offer, block)
    try:
        with transaction.atomic():
            locked = Offer.objects.select_for_update().select_related("company", "berufsfeld").get(pk=offer.pk)
            if locked.status != OfferStatus.ACTIVE:
                raise DomainError(_("Dieser Tag wurde abgesagt. Bitte wähle ein anderes Angebot."), code="cancelled")
            _check_day_rules(season, student, locked)
            if locked.assignments.count() >= locked.seats:
                raise DomainError(
                    _("Dieser Tag ist leider gerade ausgebucht. Bitte wähle ein anderes Angebot."), code="full"
                )
            return Assignment.objects.create(
                season=season,
                student=student,
                offer=locked,
                date=locked.date,
                berufsfeld=locked.berufsfeld,
                source=AssignmentSource.BOOKING,
            )
    except IntegrityError:
        raise DomainError(
            _(
                "Du hast gerade schon einen Tag an diesem Datum oder in diesem Berufsfeld gebucht. Lade die Seite "
                "neu und wähle ein anderes Angebot."
            ),
            code="conflict",
        ) from None


def booking_cancel(*, actor, assignment: Assignment, today=None) -> None:
    season = assignment.season
    _require_pupil(actor, assignment.student, season)
    if season.phase_on(_today(today)) != Phase.BOOKING:
        raise DomainError(
            _("Tage kannst du nur in der Buchungsphase zurückgeben. Wende dich an deine Lehrkraft."), code="wrong_phase"
        )
    assignment.delete()
