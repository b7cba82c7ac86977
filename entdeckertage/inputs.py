"""Load the allocation's input (problem.Problem) from a season.

Each pupil of the season (grade and school year, a class with a block, not marked as not taking part) has a
candidate list: their wishes in rank order (offers of their block that are active and whose minimum age they
meet) and, if they opted in (Participation.widen), the other reachable offers of their block in their fields
(the Berufsfelder of their wishes and interests), ordered by matching's score (matching/scoring.py: interest,
distance, ...) and within their travel radius, after the wishes. Days a pupil already has (booked or given by
hand) are fixed: they take a seat, a date and a field.
"""

from collections import defaultdict

from matching import scoring
from seekers.models import ClassMembership, Interest, StudentProfile

from .models import Assignment, AssignmentSource, ClassBlock, Offer, OfferStatus, Participation, Wish
from .problem import WIDEN_LIMIT, OfferIn, Problem, PupilIn
from .selectors import offer_facts

WIDEN_PER_FIELD = 10  # nearest offers per field looked at; within one field the score orders by distance alone


class NearestOffers:
    """Per (home postal code, block, field): the block's offers in that field by distance (scoring.haversine_km).
    Pupils share a few dozen postal codes, so distances are computed once per postal code, not per pupil."""

    def __init__(self, facts_by_block: dict[int, list]):
        self.facts_by_block = facts_by_block
        self.cache: dict[tuple, dict[int, list]] = {}

    def get(self, postal_code, block_id: int) -> dict[int, list]:
        key = (postal_code.code, block_id)
        if key not in self.cache:
            by_field = defaultdict(list)
            for pf in self.facts_by_block.get(block_id, []):
                d = scoring.haversine_km(postal_code.latitude, postal_code.longitude, pf.latitude, pf.longitude)
                by_field[pf.berufsfeld_ids[0]].append((d, pf.id, pf))
            for rows in by_field.values():
                rows.sort(key=lambda t: (t[0], t[1]))
            self.cache[key] = by_field
        return self.cache[key]


def widened_candidates(
    matcher: scoring.Matcher,
    fields: set[int],
    nearest: dict[int, list],
    exclude: set[int],
    age_ok,
    limit: int = WIDEN_LIMIT,
) -> list[int]:
    """Offer ids in the pupil's fields, within the travel radius, best matching score first (scoring.Matcher)."""
    scored = []
    radius = matcher.student.travel_radius_km
    for f in sorted(fields):
        taken = 0
        for d, oid, pf in nearest.get(f, ()):
            if d > radius or taken >= WIDEN_PER_FIELD:
                break
            if oid in exclude or not age_ok(pf):
                continue
            taken += 1
            scored.append((scoring.rank_key(matcher.total(pf, d), oid), oid))
    scored.sort()
    return [oid for _k, oid in scored[:limit]]


def load_problem(season) -> Problem:
    """Read the season from the database (a constant number of queries)."""
    offers = list(Offer.objects.filter(season=season, status=OfferStatus.ACTIVE).select_related("site").order_by("id"))
    fixed_rows = list(
        Assignment.objects.filter(season=season)
        .exclude(source=AssignmentSource.ALLOCATION)
        .values_list("student_id", "offer_id", "date", "berufsfeld_id")
    )
    taken: defaultdict[int, int] = defaultdict(int)  # offer id -> seats given by hand or booked
    fixed: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)  # pupil id -> (ordinal day, Berufsfeld id)
    for s, o, d, f in fixed_rows:
        taken[o] += 1
        fixed[s].append((d.toordinal(), f))
    out_offers = {
        o.id: OfferIn(id=o.id, date=o.date.toordinal(), field=o.berufsfeld_id, capacity=max(0, o.seats - taken[o.id]))
        for o in offers
    }
    block_of_offer = {o.id: o.block_id for o in offers}
    facts_by_block: defaultdict[int, list[scoring.PlacementFacts]] = defaultdict(list)
    nearest = NearestOffers(facts_by_block)
    for offer in offers:
        facts_by_block[offer.block_id].append(offer_facts(offer))

    class_block = dict(ClassBlock.objects.filter(season=season).values_list("school_class_id", "block_id"))
    block_of_pupil: dict[int, int] = {}
    for s, c in (
        ClassMembership.objects.filter(school_class_id__in=class_block, student__grade=season.grade)
        .values_list("student_id", "school_class_id")
        .order_by("school_class_id")
    ):
        block_of_pupil.setdefault(s, class_block[c])
    parts = {p.student_id: p for p in Participation.objects.filter(season=season)}
    skip = {s for s, p in parts.items() if p.no_participation_reason}
    wishes = defaultdict(list)
    for s, o, r in Wish.objects.filter(season=season).values_list("student_id", "offer_id", "rank").order_by("rank"):
        wishes[s].append((o, r))
    widen_ids = {s for s, p in parts.items() if p.widen}
    students = {
        s.id: s for s in StudentProfile.objects.filter(id__in=list(block_of_pupil)).select_related("postal_code")
    }
    interests: defaultdict[int, dict[int, int]] = defaultdict(dict)  # pupil id -> {Berufsfeld id: weight}
    for s, b, w in Interest.objects.filter(student_id__in=widen_ids).values_list(
        "student_id", "berufsfeld_id", "weight"
    ):
        interests[s][b] = w

    by_id = {o.id: o for o in offers}
    pupils = []
    for sid in sorted(block_of_pupil):
        if sid in skip or sid not in students:
            continue
        st = students[sid]
        block = block_of_pupil[sid]
        fx = fixed.get(sid, [])
        fixed_dates = {d for d, _f in fx}
        fixed_fields = {f for _d, f in fx}

        def usable(oid, _block=block, _fd=fixed_dates, _ff=fixed_fields, _st=st):
            o = out_offers.get(oid)
            return o is not None and block_of_offer[oid] == _block and o.date not in _fd and o.field not in _ff

        cands = []
        for oid, r in wishes.get(sid, []):
            if usable(oid) and _age_ok(st.birth_date, by_id[oid].date, by_id[oid].min_age):
                cands.append((oid, r))
        n_w = len(wishes.get(sid, []))
        if sid in widen_ids:
            fields = {out_offers[o].field for o, _r in wishes.get(sid, []) if o in out_offers}
            fields |= {b for b, w in interests.get(sid, {}).items() if w > 0}
            facts = scoring.StudentFacts(
                id=sid,
                latitude=st.postal_code.latitude,
                longitude=st.postal_code.longitude,
                postal_code=st.postal_code_id,
                grade=st.grade,
                birth_date=st.birth_date,
                expected_qualification=st.expected_qualification,
                travel_radius_km=float(st.travel_radius_km),
                interests=interests.get(sid, {}),
            )
            matcher = scoring.Matcher(facts, scoring.MatchRequest(today=season.offers_from))
            extra = widened_candidates(
                matcher,
                fields,
                nearest.get(st.postal_code, block),
                {o for o, _r in cands},
                lambda pf, _b=st.birth_date: _age_ok(_b, pf.start_date, pf.min_age),
            )
            cands += [(oid, n_w + 1 + k) for k, oid in enumerate(extra) if usable(oid)]
        pupils.append(PupilIn(id=sid, candidates=cands, fixed=min(3, len(fx)), n_wishes=n_w))
    return Problem(pupils=pupils, offers=out_offers)


def _age_ok(birth_date, day, min_age) -> bool:
    lbd = scoring.latest_birth_date(day, min_age)
    return lbd is None or birth_date <= lbd
