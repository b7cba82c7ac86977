"""Companies' offers (Angebote): create, edit, cancel (the pupils on it get a free alternative), copy."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from backend.reference.models import Berufsfeld
from companies.models import Company, Site
from companies.permissions import require_member
from seekers.models import StudentProfile

from .. import notifications, selectors
from ..models import (
    MAX_SEATS,
    MIN_HOURS,
    Assignment,
    AssignmentSource,
    BlockDate,
    Offer,
    OfferStatus,
    Phase,
    Season,
    Wish,
)
from .shared import _d, _require_phase, _today

OFFER_FIELDS = (
    "site",
    "date",
    "berufsfeld",
    "title",
    "programme",
    "start_time",
    "end_time",
    "seats",
    "what_to_bring",
    "min_age",
    "requirements",
    "is_accessible",
)


def _clean_offer(season: Season, company: Company, values: dict) -> dict:
    v = dict(values)
    if not (v.get("title") or "").strip():
        raise ValidationError({"title": _("Bitte gib dem Tag einen Titel, z. B. „Ein Tag in der Kfz-Werkstatt“.")})
    v["title"] = v["title"].strip()
    site = v.get("site")
    if not isinstance(site, Site) or site.company_id != company.id:
        raise ValidationError({"site": _("Bitte wähle einen Standort deines Unternehmens.")})
    if not isinstance(v.get("berufsfeld"), Berufsfeld):
        raise ValidationError({"berufsfeld": _("Bitte wähle eines der 16 Berufsfelder.")})
    seats = v.get("seats")
    if not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise ValidationError({"seats": _("Bitte gib zwischen 1 und %(max)s Plätze an.") % {"max": MAX_SEATS}})
    start, end = v.get("start_time"), v.get("end_time")
    if not isinstance(start, datetime.time) or not isinstance(end, datetime.time):
        raise ValidationError({"start_time": _("Bitte gib Beginn und Ende des Programms an.")})
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes < MIN_HOURS * 60:
        raise ValidationError(
            {
                "end_time": _("Das Programm muss mindestens %(h)s Stunden dauern (KAoA-Vorgabe). Bitte verlängere es.")
                % {"h": MIN_HOURS}
            }
        )
    min_age = v.get("min_age")
    if min_age is not None and not 10 <= min_age <= 18:
        raise ValidationError(
            {"min_age": _("Bitte gib ein Mindestalter zwischen 10 und 18 an oder lass das Feld leer.")}
        )
    day = v.get("date")
    bd = BlockDate.objects.filter(season=season, date=day).first() if isinstance(day, datetime.date) else None
    if bd is None:
        dates = ", ".join(_d(d) for d in season.dates.values_list("date", flat=True))
        raise ValidationError(
            {"date": _("Bitte wähle einen der Tage der Entdeckertage: %(dates)s.") % {"dates": dates}}
        )
    v["block"] = bd.block
    for f in ("programme", "what_to_bring", "requirements"):
        v[f] = (v.get(f) or "").strip()
    v["is_accessible"] = bool(v.get("is_accessible"))
    return v


def offer_create(
    *, actor, season: Season, company: Company, today=None, copied_from: Offer | None = None, **values
) -> Offer:
    require_member(actor, company)
    if not company.is_verified:
        raise DomainError(
            _("Die Stadt muss dein Unternehmen erst prüfen. Danach kannst du Entdeckertage anbieten."),
            code="company_not_verified",
        )
    _require_phase(
        season,
        (Phase.PREPARATION, Phase.OFFER, Phase.WISH, Phase.ALLOCATE, Phase.BOOKING),
        today,
        _("Die Entdeckertage %(s)s haben schon begonnen; neue Angebote sind nicht mehr möglich.") % {"s": season.name},
    )
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dieses Feld gibt es nicht.")})
    v = _clean_offer(season, company, values)
    with transaction.atomic():
        return Offer.objects.create(season=season, company=company, created_by=actor, copied_from=copied_from, **v)


def offer_update(*, actor, offer: Offer, today=None, **values) -> Offer:
    require_member(actor, offer.company)
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dieses Feld gibt es nicht.")})
    if offer.status != OfferStatus.ACTIVE:
        raise DomainError(_("Dieser Tag ist abgesagt und kann nicht mehr geändert werden."), code="cancelled")
    if _today(today) >= offer.date:
        raise DomainError(
            _("Der Tag hat schon stattgefunden oder ist heute; er kann nicht mehr geändert werden."), code="past"
        )
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        current = {f: getattr(locked, f) for f in OFFER_FIELDS}
        v = _clean_offer(locked.season, locked.company, {**current, **values})
        taken = locked.assignments.count()
        if v["seats"] < taken:
            raise DomainError(
                _(
                    "Für diesen Tag sind schon %(n)s Schüler*innen eingeteilt. Du kannst die Plätze nicht unter "
                    "%(n)s senken. Sag den Tag ab oder schreib der Stadt, wenn weniger kommen sollen."
                )
                % {"n": taken},
                code="seats_below_bookings",
                field="seats",
            )
        if taken and (v["date"] != locked.date or v["berufsfeld"].id != locked.berufsfeld_id):
            raise DomainError(
                _(
                    "Für diesen Tag sind schon Schüler*innen eingeteilt; Datum und Berufsfeld bleiben deshalb gleich. "
                    "Lege für ein anderes Datum ein neues Angebot an."
                ),
                code="has_pupils",
                field="date",
            )
        if v["block"].id != locked.block_id:
            # wishes stay valid only inside the block of the pupil's class: a move to another block drops them
            locked.wishes.all().delete()
        for f, val in v.items():
            setattr(locked, f, val)
        locked.save()
    return locked


def offer_cancel(*, actor, offer: Offer, reason: str, today=None) -> list[Assignment]:
    """The company cancels a day: its pupils are told and get the best free alternative on that date
    (wishes first, then matching's ranking, within the rules). Returns the alternatives booked."""
    require_member(actor, offer.company)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte gib einen Grund an; die Schüler*innen erfahren ihn.")})
    if offer.status == OfferStatus.CANCELLED:
        raise DomainError(_("Dieser Tag ist schon abgesagt."), code="cancelled")
    alternatives = []
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        locked.status = OfferStatus.CANCELLED
        locked.cancel_reason = reason[:255]
        locked.save(update_fields=["status", "cancel_reason", "updated_at"])
        pupils = [a.student for a in locked.assignments.select_related("student__user", "student__postal_code")]
        locked.assignments.all().delete()
        locked.wishes.all().delete()
        for student in pupils:
            alt = _best_free_alternative(locked.season, student, locked.date)
            if alt is not None:
                alternatives.append(alt)
            notifications.offer_cancelled(offer=locked, student=student, alternative=alt)
    return alternatives


def _best_free_alternative(season: Season, student: StudentProfile, day: datetime.date) -> Assignment | None:
    taken_fields = set(
        Assignment.objects.filter(season=season, student=student).values_list("berufsfeld_id", flat=True)
    )
    wished = list(
        Wish.objects.filter(season=season, student=student, offer__date=day, offer__status=OfferStatus.ACTIVE)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )
    ranked = [o.id for o, _s, _r in selectors.ranked_offers(season, student, limit=None) if o.date == day]
    for oid in wished + [o for o in ranked if o not in wished]:
        offer = Offer.objects.select_for_update().get(pk=oid)
        if offer.berufsfeld_id in taken_fields or offer.assignments.count() >= offer.seats:
            continue
        if not selectors.age_ok(student.birth_date, offer):
            continue
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    season=season,
                    student=student,
                    offer=offer,
                    date=offer.date,
                    berufsfeld=offer.berufsfeld,
                    source=AssignmentSource.ALTERNATIVE,
                )
        except IntegrityError:
            continue
    return None


def offer_copy(*, actor, offer: Offer, season: Season, date: datetime.date, today=None) -> Offer:
    """Copy an offer (e.g. last season's) to a date of `season`."""
    values = {f: getattr(offer, f) for f in OFFER_FIELDS}
    values["date"] = date
    return offer_create(actor=actor, season=season, company=offer.company, today=today, copied_from=offer, **values)
