"""A class in a season: its block (teacher or city staff), reminders to pupils without wishes, the teacher
confirms the bookings."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from seekers.models import SchoolClass

from .. import notifications, selectors
from ..models import Block, ClassBlock, Phase, Season, Wish
from ..permissions import can_set_class_block, can_teach_class
from .shared import _require_phase


def class_block_set(*, actor, season: Season, school_class: SchoolClass, block: Block, today=None) -> ClassBlock:
    if not can_set_class_block(actor, school_class):
        raise PermissionDenied(_("Nur Lehrkräfte der Klasse oder die Stadt dürfen den Block festlegen."))
    if block.season_id != season.id:
        raise ValidationError({"block": _("Dieser Block gehört nicht zu dieser Saison. Bitte wähle aus der Liste.")})
    if school_class.grade != season.grade or school_class.school_year != season.school_year:
        raise DomainError(
            _(
                "Die Entdeckertage %(season)s sind für die Jahrgangsstufe %(grade)s im Schuljahr %(year)s; die Klasse "
                "%(cls)s passt nicht dazu."
            )
            % {"season": season.name, "grade": season.grade, "year": season.school_year, "cls": school_class},
            code="wrong_grade",
        )
    _require_phase(
        season,
        (Phase.PREPARATION, Phase.OFFER, Phase.WISH),
        today,
        _("Der Block kann nur bis zum Ende der Wunschphase geändert werden. Bitte wende dich an die Stadt."),
    )
    with transaction.atomic():
        cb, created = ClassBlock.objects.select_for_update().get_or_create(
            season=season, school_class=school_class, defaults={"block": block, "set_by": actor}
        )
        if not created and cb.block_id != block.id:
            # wishes for the old block's offers would now lie outside the block: they go, the pupils wish again
            Wish.objects.filter(season=season, student__class_memberships__school_class=school_class).delete()
            cb.block = block
            cb.set_by = actor
            cb.save(update_fields=["block", "set_by"])
    return cb


def class_remind_without_wishes(*, actor, season: Season, school_class: SchoolClass, today=None) -> int:
    """The class teacher reminds the pupils who have not entered wishes yet (wish phase). Returns how many."""
    if not can_teach_class(actor, school_class):
        raise PermissionDenied(_("Nur Lehrkräfte der Klasse dürfen erinnern."))
    _require_phase(season, (Phase.WISH,), today, _("Erinnern geht nur in der Wunschphase."))
    pupils = list(
        selectors.pupils_without_wishes(season, school_class).filter(grade=season.grade).select_related("user")
    )
    until = season.allocation_from - datetime.timedelta(days=1)
    for student in pupils:
        notifications.wish_reminder(student=student, season=season, until=until)
    return len(pupils)


def class_bookings_confirm(*, actor, season: Season, school_class: SchoolClass) -> ClassBlock:
    if not can_teach_class(actor, school_class):
        raise PermissionDenied(_("Nur Lehrkräfte der Klasse dürfen die Buchungen bestätigen."))
    cb = ClassBlock.objects.filter(season=season, school_class=school_class).first()
    if cb is None:
        raise DomainError(_("Die Klasse hat noch keinen Block. Bitte lege zuerst den Block fest."), code="no_block")
    cb.confirmed_at = timezone.now()
    cb.confirmed_by = actor
    cb.save(update_fields=["confirmed_at", "confirmed_by"])
    return cb
