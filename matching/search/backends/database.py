"""The database backend (default; SQLite and PostgreSQL).

SQL narrows the candidates (listing rules, the student's hard limits, a bounding box around the
point, text), three queries read what the score needs, and matching.scoring decides the rest in
Python: exact eligibility, score, order, facets. The number of queries does not depend on the number
of placements. Indexing is a no-op: the database is its own index.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from django.db.models import Q

from matching import scoring

from .base import SearchBackend, SearchHit, SearchQuery, SearchResult, sort_hits

KM_PER_DEGREE = 2 * math.pi * scoring.EARTH_MEAN_RADIUS_M / 1000 / 360


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE * 1.01
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01)
    dlon = radius_km / (KM_PER_DEGREE * coslat) * 1.01
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def listed_placements(today):
    """Placements anyone may find: the SQL half of scoring's listing rules (seats are checked after)."""
    from companies.models import Placement

    qs = Placement.objects.filter(
        status=scoring.PUBLISHED, is_hidden=False, company__is_hidden=False, start_date__gte=today,
    ).filter(Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
    if scoring.config()["REQUIRE_VERIFIED_COMPANY"]:
        qs = qs.filter(company__is_verified=True)
    return qs


def text_filter(text: str) -> Q:
    q = Q()
    for word in text.split()[:10]:
        word = word[:60]
        q &= (Q(title__icontains=word) | Q(description__icontains=word) | Q(company__name__icontains=word)
              | Q(occupation__name__icontains=word))
    return q


FACT_FIELDS = ("id", "kind", "site__latitude", "site__longitude", "start_date", "end_date",
               "application_deadline", "seats", "min_grade", "min_age", "required_qualification",
               "site__district_id", "occupation_id", "is_accessible", "company__is_verified", "status",
               "is_hidden", "company__is_hidden")


def facts_for(qs) -> list[scoring.PlacementFacts]:
    """PlacementFacts for every placement in `qs`, in three queries."""
    from companies.models import Placement
    from seekers.models import Application, ApplicationStatus

    ids = qs.values("id")
    bfs: dict[int, list[int]] = defaultdict(list)
    for pid, bid in Placement.berufsfelder.through.objects.filter(placement_id__in=ids).values_list(
            "placement_id", "berufsfeld_id"):
        bfs[pid].append(bid)
    accepted: Counter = Counter()
    open_: Counter = Counter()
    open_statuses = {ApplicationStatus.AWAITING_CONSENT, ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED}
    from django.db.models import Count

    for pid, status, n in (Application.objects.filter(placement_id__in=ids,
                                                      status__in=[*open_statuses, ApplicationStatus.ACCEPTED])
                           .values_list("placement_id", "status").annotate(n=Count("id")).order_by()):
        if status == ApplicationStatus.ACCEPTED:
            accepted[pid] += n
        else:
            open_[pid] += n
    out = []
    for row in qs.values_list(*FACT_FIELDS):
        (pid, kind, lat, lon, start, end, deadline, seats, min_grade, min_age, req, district, occupation,
         accessible, verified, status, hidden, company_hidden) = row
        out.append(scoring.PlacementFacts(
            id=pid, kind=kind, latitude=lat, longitude=lon, berufsfeld_ids=tuple(sorted(bfs.get(pid, ()))),
            start_date=start, end_date=end, application_deadline=deadline, seats=seats,
            accepted=accepted[pid], open_applications=open_[pid], min_grade=min_grade, min_age=min_age,
            required_qualification=req, company_verified=verified, district_id=district,
            occupation_id=occupation, is_accessible=accessible, status=status, is_hidden=hidden,
            company_hidden=company_hidden))
    return out


def candidate_queryset(query: SearchQuery):
    """SQL filters: never stricter than scoring's rules, so Python's exact check loses nothing."""
    today = query.day
    qs = listed_placements(today)
    if query.text.strip():
        qs = qs.filter(text_filter(query.text))
    if query.kinds:
        qs = qs.filter(kind__in=query.kinds)
    if query.berufsfelder:
        from companies.models import Placement

        through = Placement.berufsfelder.through.objects.filter(berufsfeld_id__in=query.berufsfelder)
        qs = qs.filter(id__in=through.values("placement_id"))
    if query.occupation:
        qs = qs.filter(occupation_id=query.occupation)
    if query.district:
        qs = qs.filter(site__district_id=query.district)
    if query.date_from:
        qs = qs.filter(start_date__gte=query.date_from)
    if query.date_to:
        qs = qs.filter(start_date__lte=query.date_to)
    if query.qualification is not None:
        qs = qs.filter(required_qualification__lte=query.qualification)
    if query.accessible:
        qs = qs.filter(is_accessible=True)
    s = query.student
    if s:
        qs = qs.filter(required_qualification__lte=s.expected_qualification)
        qs = qs.filter(Q(min_grade__isnull=True) | Q(min_grade__lte=s.grade))
        if not (s.internship_start and s.internship_end):
            qs = qs.exclude(kind=scoring.KIND_SCHOOL_INTERNSHIP)
    near, radius = query.effective_near, query.effective_radius
    if near and radius is not None:
        lat0, lat1, lon0, lon1 = bounding_box(near.latitude, near.longitude, radius)
        qs = qs.filter(site__latitude__range=(lat0, lat1), site__longitude__range=(lon0, lon1))
    return qs.order_by()


def passes(query: SearchQuery, p: scoring.PlacementFacts, distance: float | None) -> bool:
    if query.student:
        return scoring.is_eligible(query.student, p, query.match_request())
    if not scoring.is_listed(p, query.day):
        return False
    radius = query.effective_radius
    return not (radius is not None and distance is not None and distance > radius)


def facet_counts(facts: list[scoring.PlacementFacts]) -> dict[str, dict]:
    kinds: Counter = Counter()
    bfs: Counter = Counter()
    districts: Counter = Counter()
    for p in facts:
        kinds[p.kind] += 1
        bfs.update(set(p.berufsfeld_ids))
        if p.district_id:
            districts[p.district_id] += 1
    return {"kind": dict(kinds), "berufsfelder": dict(bfs), "district": dict(districts)}


class Backend(SearchBackend):
    def search(self, query: SearchQuery) -> SearchResult:
        near = query.effective_near
        hits = []
        for p in facts_for(candidate_queryset(query)):
            d = scoring.haversine_km(near.latitude, near.longitude, p.latitude, p.longitude) if near else None
            if not passes(query, p, d):
                continue
            sc = scoring.score(query.student, p) if query.student else None
            hits.append(SearchHit(id=p.id, facts=p, score=sc, distance_km=d))
        sort_hits(hits, query.effective_sort)
        page = hits[query.offset:query.offset + query.limit]
        return SearchResult(hits=page, total=len(hits), facets=facet_counts([h.facts for h in hits]))
