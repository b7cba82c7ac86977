"""The pupil's wish list in the wish phase, and taking part (opt-in to wider choices, a teacher's reason for not
taking part)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from companies.permissions import is_city_staff
from seekers.models import StudentProfile

from .. import selectors
from ..models import Offer, OfferStatus, Participation, Phase, Season, Wish
from ..permissions import can_teach_class, is_pupil
from .shared import PHASE_NAMES, _d, _outside_block, _require_pupil, _today

MAX_WISHES = 12


def wishes_set(
    *, actor, student: StudentProfile, season: Season, offer_ids: list[int], widen: bool | None = None, today=None
) -> list[Wish]:
    """Replace the pupil's wish list with `offer_ids` in this order (first = first wish)."""
    block = _require_pupil(actor, student, season)
    day = _today(today)
    if season.phase_on(day) != Phase.WISH:
        raise DomainError(
            _("Wünsche kannst du vom %(a)s bis %(b)s eintragen. Jetzt ist die Phase „%(p)s“.")
            % {
                "a": _d(season.wishes_from),
                "b": _d(season.allocation_from - datetime.timedelta(days=1)),
                "p": PHASE_NAMES[season.phase_on(day)],
            },
            code="wrong_phase",
        )
    try:
        ids = [int(i) for i in offer_ids]
    except (TypeError, ValueError):
        raise ValidationError({"offers": _("Bitte wähle Angebote aus der Liste.")}) from None
    if len(set(ids)) != len(ids):
        raise ValidationError({"offers": _("Jedes Angebot kann nur einmal auf deiner Wunschliste stehen.")})
    if len(ids) > MAX_WISHES:
        raise ValidationError({"offers": _("Du kannst höchstens %(n)s Wünsche angeben.") % {"n": MAX_WISHES}})
    offers = {o.id: o for o in Offer.objects.filter(season=season, id__in=ids).select_related("block")}
    for i in ids:
        o = offers.get(i)
        if o is None or o.status != OfferStatus.ACTIVE:
            raise ValidationError({"offers": _("Ein gewähltes Angebot gibt es nicht mehr. Bitte wähle neu.")})
        if o.block_id != block.id:
            raise _outside_block(o, block)
        if not selectors.age_ok(student.birth_date, o):
            raise DomainError(
                _("Für „%(t)s“ musst du am %(d)s mindestens %(a)s Jahre alt sein. Bitte wähle ein anderes Angebot.")
                % {"t": o.title, "d": _d(o.date), "a": o.min_age},
                code="too_young",
                field="offers",
            )
    with transaction.atomic():
        Wish.objects.filter(season=season, student=student).delete()
        wishes = Wish.objects.bulk_create(
            Wish(season=season, student=student, offer=offers[i], rank=r) for r, i in enumerate(ids, start=1)
        )
        if widen is not None:
            Participation.objects.update_or_create(season=season, student=student, defaults={"widen": bool(widen)})
    return wishes


def participation_set(
    *,
    actor,
    season: Season,
    student: StudentProfile,
    widen: bool | None = None,
    no_participation_reason: str | None = None,
) -> Participation:
    """The pupil sets the opt-in; a class teacher records why a pupil does not take part (SBO 5.1.8)."""
    values: dict[str, object] = {}
    if widen is not None:
        if not is_pupil(actor, student):
            raise PermissionDenied(_("Nur die Schülerin oder der Schüler selbst kann das ändern."))
        values["widen"] = bool(widen)
    if no_participation_reason is not None:
        klass = selectors.student_class(season, student)
        if not (klass and can_teach_class(actor, klass)) and not is_city_staff(actor):
            raise PermissionDenied(_("Nur Lehrkräfte der Klasse können den Grund für eine Nicht-Teilnahme eintragen."))
        values["no_participation_reason"] = no_participation_reason.strip()[:255]
    with transaction.atomic():
        p, _c = Participation.objects.update_or_create(season=season, student=student, defaults=values)
    return p
