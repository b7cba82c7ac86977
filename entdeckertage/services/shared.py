"""What the Entdeckertage services share: today (or the test's day), dates as people write them, the phase
check, the pupil check (their grade and their class's block)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from seekers.models import StudentProfile

from .. import selectors
from ..models import Block, Offer, Phase, Season
from ..permissions import is_pupil

PHASE_NAMES = dict(Phase.choices)


def _today(today):
    return today or timezone.localdate()


def _d(day: datetime.date) -> str:
    return formats.date_format(day, "d.m.Y")


def _require_phase(season: Season, allowed: tuple[str, ...], today, message: str) -> None:
    if season.phase_on(_today(today)) not in allowed:
        raise DomainError(message, code="wrong_phase")


def _require_pupil(actor, student: StudentProfile, season: Season) -> Block:
    if not is_pupil(actor, student):
        raise PermissionDenied(_("Nur die Schülerin oder der Schüler selbst kann Wünsche und Buchungen ändern."))
    if student.grade != season.grade:
        raise DomainError(
            _(
                "Die Entdeckertage sind für die Jahrgangsstufe %(g)s. Laut deinem Profil bist du in Klasse %(s)s. "
                "Stimmt das nicht, ändere deine Klasse im Profil."
            )
            % {"g": season.grade, "s": student.grade},
            code="wrong_grade",
        )
    block = selectors.student_block(season, student)
    if block is None:
        raise DomainError(
            _(
                "Deine Klasse hat noch keinen Block für die Entdeckertage. Tritt mit dem Code deiner Lehrkraft der "
                "Klasse bei oder bitte deine Lehrkraft, den Block festzulegen."
            ),
            code="no_block",
        )
    return block


def _outside_block(offer: Offer, block: Block) -> DomainError:
    dates = ", ".join(_d(d) for d in selectors.block_dates(block))
    return DomainError(
        _(
            "„%(title)s“ am %(date)s liegt nicht im Block deiner Klasse (%(dates)s). Bitte wähle ein Angebot an "
            "einem dieser Tage."
        )
        % {"title": offer.title, "date": _d(offer.date), "dates": dates},
        code="outside_block",
        field="offers",
    )
