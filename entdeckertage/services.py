"""Every write of the Entdeckertage, each atomic, each rule with a German message that says what to do.

Rules (the one place; pages and API call these):
- Seasons, blocks, phases, allocation runs, publishing and manual moves: city staff only.
- A class gets one block (its verified teacher or city staff), only classes of the season's grade.
- Offers: a company member, for a date of one of the season's blocks, one of the 16 Berufsfelder, 1–9 seats,
  a programme of at least 4 hours, a site of the company; until the days begin. Seats can never go below the
  pupils already on the day; date and field cannot change once pupils are on it.
- Wishes: the pupil, in the wish phase, of the season's grade, only offers of the class's block, not full of
  age limits the pupil does not meet, at most MAX_WISHES, each once.
- Bookings: the pupil, in the booking phase, offers of the class's block, a free seat (the offer's row is
  locked while counting), at most one day per date and per Berufsfeld (also guarded by unique constraints).
- Attendance and feedback: a member of the offer's company, from the day itself on.
"""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from backend.reference.models import Berufsfeld
from companies.models import Company, Site
from companies.permissions import is_city_staff, require_member
from seekers.models import SchoolClass, StudentProfile

from . import notifications, selectors, tasks
from .allocation import allocate
from .inputs import load_problem
from .models import (
    DAYS_PER_PUPIL,
    MAX_SEATS,
    MIN_HOURS,
    AllocationRun,
    Assignment,
    AssignmentSource,
    Attendance,
    Block,
    BlockDate,
    ClassBlock,
    ManualMove,
    Offer,
    OfferStatus,
    Participation,
    Phase,
    RunStatus,
    Season,
    Wish,
)
from .permissions import can_set_class_block, can_teach_class, is_pupil, require_staff

MAX_WISHES = 12
PHASE_NAMES = dict(Phase.choices)


def _today(today):
    return today or timezone.localdate()


def _d(day: datetime.date) -> str:
    return formats.date_format(day, "d.m.Y")


# --- seasons ------------------------------------------------------------------------------------------------------
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


def _require_phase(season: Season, allowed: tuple[str, ...], today, message: str) -> None:
    if season.phase_on(_today(today)) not in allowed:
        raise DomainError(message, code="wrong_phase")


# --- classes ------------------------------------------------------------------------------------------------------
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


# --- offers -------------------------------------------------------------------------------------------------------
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


# --- pupils: wishes and bookings ----------------------------------------------------------------------------------
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


# --- allocation ---------------------------------------------------------------------------------------------------
def allocation_run_start(
    *, actor, season: Season, seed: int | None = None, time_limit_s: int = 60, today=None
) -> AllocationRun:
    """Queue an allocation run (a background task). Repeatable until a run is published."""
    require_staff(actor)
    if season.published_run_id:
        raise DomainError(
            _("Die Verteilung ist schon veröffentlicht und kann nicht neu berechnet werden."), code="published"
        )
    if season.phase_on(_today(today)) not in (Phase.WISH, Phase.ALLOCATE):
        raise DomainError(
            _("Die Verteilung läuft in der Wunsch- oder Verteilungsphase (ab %(d)s).") % {"d": _d(season.wishes_from)},
            code="wrong_phase",
        )
    if not 5 <= int(time_limit_s) <= 600:
        raise ValidationError({"time_limit_s": _("Bitte wähle eine Rechenzeit zwischen 5 und 600 Sekunden.")})
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    with transaction.atomic():
        run = AllocationRun.objects.create(
            season=season, seed=int(seed), created_by=actor, time_limit_s=int(time_limit_s)
        )
        transaction.on_commit(lambda: tasks.run_allocation.enqueue(run.pk))
    return run


def allocation_run_execute(run: AllocationRun) -> AllocationRun:
    """Compute a run (called by the task): load the season, solve, store figures and assignments."""
    if run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        return run
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.progress = 1
    run.save(update_fields=["status", "started_at", "progress"])

    def progress(pct: int, note: str = ""):
        AllocationRun.objects.filter(pk=run.pk).update(progress=max(1, min(99, int(pct))), progress_note=note[:255])

    try:
        problem = load_problem(run.season)
        result = allocate(problem, seed=run.seed, time_limit_s=run.time_limit_s, progress=progress)
    except Exception as exc:  # stored on the run for city staff; the task itself does not crash the worker
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:4000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.inputs_digest = problem.digest()
    run.figures = result.figures
    run.assignments = [[p, o, r] for p, o, r in result.assignments]
    run.status = RunStatus.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run


def allocation_publish(*, actor, run: AllocationRun, today=None, notify: bool = True) -> int:
    """Turn a finished run into the pupils' days; mails go out. Refused when the inputs changed since."""
    require_staff(actor)
    season = run.season
    if run.status != RunStatus.DONE:
        raise DomainError(_("Nur eine fertig berechnete Verteilung kann veröffentlicht werden."), code="not_done")
    if season.published_run_id:
        raise DomainError(_("Für diese Saison ist schon eine Verteilung veröffentlicht."), code="published")
    if load_problem(season).digest() != run.inputs_digest:
        raise DomainError(
            _(
                "Seit dieser Berechnung haben sich Wünsche, Angebote oder Klassen geändert. Bitte starte die "
                "Verteilung neu und veröffentliche dann die neue Berechnung."
            ),
            code="stale",
        )
    with transaction.atomic():
        locked = Season.objects.select_for_update().get(pk=season.pk)
        if locked.published_run_id:
            raise DomainError(_("Für diese Saison ist schon eine Verteilung veröffentlicht."), code="published")
        offers = Offer.objects.in_bulk({o for _p, o, _r in run.assignments})
        Assignment.objects.bulk_create(
            Assignment(
                season=season,
                student_id=p,
                offer_id=o,
                date=offers[o].date,
                berufsfeld_id=offers[o].berufsfeld_id,
                source=AssignmentSource.ALLOCATION,
                run=run,
                wish_rank=r or None,
            )
            for p, o, r in run.assignments
        )
        run.status = RunStatus.PUBLISHED
        run.published_at = timezone.now()
        run.published_by = actor
        run.save(update_fields=["status", "published_at", "published_by"])
        locked.published_run = run
        locked.save(update_fields=["published_run"])
        if notify:  # the demo builds a published season without mail
            notifications.allocation_published(season=locked, run=run)
    return len(run.assignments)


def assignment_move(
    *,
    actor,
    season: Season,
    student: StudentProfile,
    reason: str,
    from_assignment: Assignment | None = None,
    to_offer: Offer | None = None,
) -> ManualMove:
    """City staff move a pupil by hand (remove a day, add one, or both), within the rules, with a logged reason."""
    require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte gib einen Grund an; er wird protokolliert.")})
    if from_assignment is None and to_offer is None:
        raise ValidationError({"to_offer": _("Bitte wähle einen Tag zum Entfernen oder ein neues Angebot.")})
    if from_assignment is not None and (
        from_assignment.student_id != student.id or from_assignment.season_id != season.id
    ):
        raise ValidationError({"from_assignment": _("Dieser Tag gehört nicht zu dieser Person.")})
    with transaction.atomic():
        if to_offer is not None:
            locked = Offer.objects.select_for_update().select_related("company", "berufsfeld").get(pk=to_offer.pk)
            if locked.season_id != season.id or locked.status != OfferStatus.ACTIVE:
                raise ValidationError({"to_offer": _("Dieses Angebot ist in dieser Saison nicht verfügbar.")})
            block = selectors.student_block(season, student)
            if block is None or locked.block_id != block.id:
                raise DomainError(_("Das Angebot liegt nicht im Block der Klasse dieser Person."), code="outside_block")
            _check_day_rules(season, student, locked, ignore=from_assignment)
            if locked.assignments.count() >= locked.seats:
                raise DomainError(
                    _(
                        "Dieser Tag ist ausgebucht. Erhöhe mit dem Unternehmen die Plätze oder wähle "
                        "ein anderes Angebot."
                    ),
                    code="full",
                )
        if from_assignment is not None:
            from_offer = from_assignment.offer
            from_assignment.delete()
        else:
            from_offer = None
        if to_offer is not None:
            try:
                with transaction.atomic():
                    Assignment.objects.create(
                        season=season,
                        student=student,
                        offer=locked,
                        date=locked.date,
                        berufsfeld=locked.berufsfeld,
                        source=AssignmentSource.MANUAL,
                    )
            except IntegrityError:
                raise DomainError(
                    _("Diese Person hat an dem Datum oder im Berufsfeld schon einen Tag."), code="conflict"
                ) from None
        return ManualMove.objects.create(
            season=season, student=student, from_offer=from_offer, to_offer=to_offer, reason=reason[:255], actor=actor
        )


# --- after the day ------------------------------------------------------------------------------------------------
def attendance_confirm(*, actor, assignment: Assignment, came: bool, feedback: str = "", today=None) -> Assignment:
    require_member(actor, assignment.offer.company)
    if _today(today) < assignment.date:
        raise DomainError(
            _("Die Anwesenheit kannst du ab dem Tag selbst (%(d)s) bestätigen.") % {"d": _d(assignment.date)},
            code="too_early",
        )
    feedback = (feedback or "").strip()
    if len(feedback) > 2000:
        raise ValidationError({"feedback": _("Die Rückmeldung darf höchstens 2000 Zeichen lang sein.")})
    assignment.attendance = Attendance.CAME if came else Attendance.ABSENT
    assignment.feedback = feedback
    assignment.confirmed_by = actor
    assignment.confirmed_at = timezone.now()
    assignment.save(update_fields=["attendance", "feedback", "confirmed_by", "confirmed_at"])
    return assignment
