"""Reads for the Entdeckertage: a pupil's block and days, offers, coverage, suggestions, the SVWS export."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.reference.models import Berufsfeld
from matching import scoring
from matching.selectors import student_facts
from seekers.models import SchoolClass, StudentProfile

from .models import (
    DAYS_PER_PUPIL,
    Assignment,
    Attendance,
    Block,
    ClassBlock,
    Offer,
    OfferStatus,
    Participation,
    Season,
    Wish,
)


def today() -> datetime.date:
    return timezone.localdate()


def current_season(day: datetime.date | None = None) -> Season | None:
    """The season whose offer phase started last (on or before `day`), else the next one."""
    day = day or today()
    return (
        Season.objects.filter(offers_from__lte=day).order_by("-offers_from", "-id").first()
        or Season.objects.order_by("offers_from", "id").first()
    )


def season_classes(season: Season):
    """The classes that take part: the season's grade and school year."""
    return SchoolClass.objects.filter(grade=season.grade, school_year=season.school_year)


def class_block(season: Season, school_class: SchoolClass) -> Block | None:
    cb = ClassBlock.objects.filter(season=season, school_class=school_class).select_related("block").first()
    return cb.block if cb else None


def student_class(season: Season, student: StudentProfile) -> SchoolClass | None:
    """The pupil's class in this season (grade and school year match), the one with a block first."""
    classes = list(season_classes(season).filter(memberships__student=student).order_by("id"))
    if not classes:
        return None
    with_block = set(
        ClassBlock.objects.filter(season=season, school_class__in=classes).values_list("school_class_id", flat=True)
    )
    for c in classes:
        if c.id in with_block:
            return c
    return classes[0]


def student_block(season: Season, student: StudentProfile) -> Block | None:
    cb = (
        ClassBlock.objects.filter(season=season, school_class__memberships__student=student)
        .select_related("block")
        .order_by("id")
        .first()
    )
    return cb.block if cb else None


def block_dates(block: Block) -> list[datetime.date]:
    return list(block.dates.order_by("date").values_list("date", flat=True))


def offers_for_block(block: Block):
    return (
        Offer.objects.filter(block=block, status=OfferStatus.ACTIVE)
        .select_related("company", "site", "site__postal_code", "berufsfeld")
        .annotate(taken=Count("assignments"))
        .order_by("date", "id")
    )


def offers_of_company(company, season: Season | None = None):
    qs = Offer.objects.filter(company=company).select_related("site", "berufsfeld", "season")
    if season is not None:
        qs = qs.filter(season=season)
    return qs.annotate(taken=Count("assignments")).order_by("-season__offers_from", "date", "id")


def free_seats(offer: Offer) -> int:
    return offer.seats - offer.assignments.count()


def wishes_of(season: Season, student: StudentProfile):
    return (
        Wish.objects.filter(season=season, student=student)
        .select_related("offer", "offer__company", "offer__site", "offer__berufsfeld")
        .order_by("rank")
    )


def participation_of(season: Season, student: StudentProfile) -> Participation | None:
    return Participation.objects.filter(season=season, student=student).first()


def assignments_of(season: Season, student: StudentProfile):
    return (
        Assignment.objects.filter(season=season, student=student)
        .select_related("offer", "offer__company", "offer__site", "offer__site__postal_code", "berufsfeld")
        .order_by("date")
    )


def assignments_of_offer(offer: Offer):
    return offer.assignments.select_related("student__user", "student__school").order_by(
        "student__user__last_name", "student__user__first_name", "id"
    )


def wish_advice(season: Season, student: StudentProfile) -> list[str]:
    """Hints (not rules) for a good wish list: at least 6 offers in at least 4 Berufsfelder."""
    rows = list(Wish.objects.filter(season=season, student=student).values_list("offer__berufsfeld_id", flat=True))
    out = []
    if len(rows) < 6:
        out.append(_("Wähle mindestens 6 Angebote, damit die Verteilung dir sicher drei Tage geben kann."))
    if len(set(rows)) < 4:
        out.append(_("Wähle Angebote in mindestens 4 verschiedenen Berufsfeldern."))
    return out


def offer_facts(offer: Offer, taken: int = 0) -> scoring.PlacementFacts:
    """An offer as matching sees a placement (one day, one Berufsfeld), so scoring.py ranks it."""
    return scoring.PlacementFacts(
        id=offer.id,
        kind=scoring.KIND_CAREER_DAY,
        latitude=offer.site.latitude,
        longitude=offer.site.longitude,
        berufsfeld_ids=(offer.berufsfeld_id,),
        start_date=offer.date,
        seats=offer.seats,
        accepted=taken,
        min_age=offer.min_age,
        is_accessible=offer.is_accessible,
    )


def ranked_offers(season: Season, student: StudentProfile, *, limit: int | None = 50):
    """The offers of the pupil's block ranked by matching's score (interest, distance, ...), with reasons.
    Returns [(offer, score, reasons)]; offers the pupil is too young for or that are full are left out."""
    block = student_block(season, student)
    if block is None:
        return []
    facts = student_facts(student, today=season.offers_from)
    matcher = scoring.Matcher(facts, scoring.MatchRequest(today=season.offers_from))
    names = dict(Berufsfeld.objects.values_list("id", "name"))
    out = []
    for offer in offers_for_block(block):
        pf = offer_facts(offer, offer.taken)
        if pf.free_seats <= 0 or not age_ok(student.birth_date, offer):
            continue
        sc = matcher.score(pf)
        out.append((offer, sc, scoring.reasons(facts, pf, sc, names)))
    out.sort(key=lambda t: scoring.rank_key(t[1].total, t[0].id))
    return out[:limit] if limit else out


def age_ok(birth_date: datetime.date, offer: Offer) -> bool:
    lbd = scoring.latest_birth_date(offer.date, offer.min_age)
    return lbd is None or birth_date <= lbd


# --- coverage and exports ---------------------------------------------------------------------------------------
def coverage(season: Season) -> dict:
    """Pupils with 3/2/1/0 days overall and per school and class; seats offered vs wished per field and district."""
    pupils = (
        StudentProfile.objects.filter(
            class_memberships__school_class__grade=season.grade,
            class_memberships__school_class__school_year=season.school_year,
        )
        .values_list("id", "class_memberships__school_class_id")
        .distinct()
    )
    class_of = dict(pupils)
    days = Counter(Assignment.objects.filter(season=season).values_list("student_id", flat=True))
    overall = Counter(min(days.get(p, 0), DAYS_PER_PUPIL) for p in class_of)
    by_class: dict[int, Counter] = defaultdict(Counter)
    for p, c in class_of.items():
        by_class[c][min(days.get(p, 0), DAYS_PER_PUPIL)] += 1
    classes = {c.id: c for c in SchoolClass.objects.filter(id__in=by_class).select_related("school")}
    per_class = [
        {
            "class_id": cid,
            "class_name": classes[cid].name,
            "school": classes[cid].school.name,
            **{f"days_{k}": cnt.get(k, 0) for k in range(DAYS_PER_PUPIL + 1)},
        }
        for cid, cnt in sorted(by_class.items(), key=lambda kv: (classes[kv[0]].school.name, classes[kv[0]].name))
    ]
    active = Offer.objects.filter(season=season, status=OfferStatus.ACTIVE)
    seats_field = dict(active.values("berufsfeld_id").annotate(n=Sum("seats")).values_list("berufsfeld_id", "n"))
    wishes_field = Counter(Wish.objects.filter(season=season).values_list("offer__berufsfeld_id", flat=True))
    seats_district = dict(
        active.values("site__district__name").annotate(n=Sum("seats")).values_list("site__district__name", "n")
    )
    wishes_district = Counter(Wish.objects.filter(season=season).values_list("offer__site__district__name", flat=True))
    fields = list(Berufsfeld.objects.order_by("id"))
    return {
        "pupils": len(class_of),
        "days": {str(k): overall.get(k, 0) for k in range(DAYS_PER_PUPIL + 1)},
        "classes": per_class,
        "fields": [
            {
                "berufsfeld": b.name,
                "code": b.code,
                "seats": seats_field.get(b.id, 0),
                "wishes": wishes_field.get(b.id, 0),
            }
            for b in fields
        ],
        "districts": [
            {"district": d or "–", "seats": seats_district.get(d, 0), "wishes": wishes_district.get(d, 0)}
            for d in sorted(set(seats_district) | set(wishes_district), key=lambda x: x or "")
        ],
    }


SBO_DAY_CODES = ("SBO 5.1.1", "SBO 5.1.2", "SBO 5.1.3")
SBO_NO_PARTICIPATION = "SBO 5.1.8"


def svws_rows(season: Season, school_class: SchoolClass) -> list[dict]:
    """Per pupil and day the SVWS code with the KAoA Berufsfeld (SBO 5.1.1–5.1.3), or SBO 5.1.8 with the reason.
    Only days the company confirmed (or not yet denied) count once the days are over; absent days do not."""
    pupils = list(
        StudentProfile.objects.filter(class_memberships__school_class=school_class)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )
    by_pupil = defaultdict(list)
    for a in (
        Assignment.objects.filter(season=season, student__in=pupils)
        .exclude(attendance=Attendance.ABSENT)
        .select_related("berufsfeld", "offer__company")
        .order_by("date")
    ):
        by_pupil[a.student_id].append(a)
    reasons = dict(
        Participation.objects.filter(season=season, student__in=pupils).values_list(
            "student_id", "no_participation_reason"
        )
    )
    absent = Counter(
        Assignment.objects.filter(season=season, student__in=pupils, attendance=Attendance.ABSENT).values_list(
            "student_id", flat=True
        )
    )
    rows = []
    for p in pupils:
        days = by_pupil.get(p.id, [])
        for i, a in enumerate(days[:DAYS_PER_PUPIL]):
            rows.append(
                {
                    "student_id": p.id,
                    "last_name": p.user.last_name,
                    "first_name": p.user.first_name,
                    "code": SBO_DAY_CODES[i],
                    "date": a.date.isoformat(),
                    "berufsfeld_id": a.berufsfeld_id,
                    "berufsfeld_kuerzel": a.berufsfeld.code,
                    "berufsfeld": a.berufsfeld.name,
                    "company": a.offer.company.name,
                    "reason": "",
                }
            )
        if not days:
            reason = reasons.get(p.id) or (
                "an keinem Tag erschienen" if absent.get(p.id) else "kein Platz zugeteilt oder gebucht"
            )
            rows.append(
                {
                    "student_id": p.id,
                    "last_name": p.user.last_name,
                    "first_name": p.user.first_name,
                    "code": SBO_NO_PARTICIPATION,
                    "date": "",
                    "berufsfeld_id": None,
                    "berufsfeld_kuerzel": "",
                    "berufsfeld": "",
                    "company": "",
                    "reason": reason,
                }
            )
    return rows


def class_overview(season: Season, school_class: SchoolClass) -> list[dict]:
    """Per pupil: wishes entered, days allocated, the fields (for the teacher)."""
    pupils = list(
        StudentProfile.objects.filter(class_memberships__school_class=school_class)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )
    wish_counts = dict(
        Wish.objects.filter(season=season, student__in=pupils)
        .values("student_id")
        .annotate(n=Count("id"))
        .values_list("student_id", "n")
    )
    days = defaultdict(list)
    for a in Assignment.objects.filter(season=season, student__in=pupils).select_related(
        "berufsfeld", "offer__company"
    ):
        days[a.student_id].append(a)
    return [
        {
            "student": p,
            "wishes": wish_counts.get(p.id, 0),
            "days": sorted(days.get(p.id, []), key=lambda a: a.date),
        }
        for p in pupils
    ]


def certificate_days(season: Season, student: StudentProfile) -> list[Assignment]:
    """The days a company confirmed as attended: what the certificate shows."""
    return list(
        Assignment.objects.filter(season=season, student=student, attendance=Attendance.CAME)
        .select_related("offer__company", "offer__site", "berufsfeld")
        .order_by("date")
    )


def pupils_without_wishes(season: Season, school_class: SchoolClass):
    return StudentProfile.objects.filter(class_memberships__school_class=school_class).exclude(
        Q(edt_wishes__season=season)
    )


def earlier_offers_of_company(company, season: Season):
    """The company's offers of its latest earlier season (to copy from), cancelled ones too."""
    earlier = (
        Season.objects.filter(offers__company=company, offers_from__lt=season.offers_from)
        .order_by("-offers_from", "-id")
        .first()
    )
    if earlier is None:
        return Offer.objects.none()
    return Offer.objects.filter(company=company, season=earlier).select_related("site", "berufsfeld", "season")


def season_pupils(season: Season, q: str = ""):
    """The pupils of the season's classes (city staff move them by hand); `q` filters by name."""
    qs = StudentProfile.objects.filter(
        class_memberships__school_class__grade=season.grade,
        class_memberships__school_class__school_year=season.school_year,
    )
    for word in q.split()[:4]:
        qs = qs.filter(Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word))
    return qs.select_related("user", "school").distinct().order_by("user__last_name", "user__first_name", "id")


def no_participation_reasons(season: Season, pupils) -> dict[int, str]:
    return dict(
        Participation.objects.filter(season=season, student__in=pupils)
        .exclude(no_participation_reason="")
        .values_list("student_id", "no_participation_reason")
    )
