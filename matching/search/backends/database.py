"""The database backend (default; SQLite and PostgreSQL).

SQL narrows the candidates (listing rules, the student's hard limits, a bounding box around the
point, text), two queries read what the score needs, and matching.scoring's Matcher decides the rest
in Python: exact eligibility, score, order, facets. The number of queries does not depend on the
number of placements. Indexing is a no-op: the database is its own index.

Cost grows with the candidates inside the student's radius (most of Dortmund for a 15 km radius):
fine at city scale (10k placements), use the Elasticsearch backend beyond that.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter

from django.db.models import Aggregate, CharField, Count, OuterRef, Q, Subquery

from matching import scoring

from .base import SearchBackend, SearchHit, SearchQuery, SearchResult

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
        status=scoring.PUBLISHED,
        is_hidden=False,
        company__is_hidden=False,
        start_date__gte=today,
    ).filter(Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
    if scoring.config()["REQUIRE_VERIFIED_COMPANY"]:
        qs = qs.filter(company__is_verified=True)
    return qs


def text_filter(text: str) -> Q:
    q = Q()
    for word in text.split()[:10]:
        word = word[:60]
        q &= (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(company__name__icontains=word)
            | Q(occupation__name__icontains=word)
        )
    return q


FACT_FIELDS = (
    "id",
    "kind",
    "site__latitude",
    "site__longitude",
    "start_date",
    "end_date",
    "application_deadline",
    "seats",
    "min_grade",
    "min_age",
    "required_qualification",
    "site__district_id",
    "occupation_id",
    "is_accessible",
    "company__is_verified",
    "status",
    "is_hidden",
    "company__is_hidden",
)


class GroupConcat(Aggregate):
    """Comma-separated values of a group, on SQLite (GROUP_CONCAT) and PostgreSQL (STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s(%(expressions)s)::text, ',')",
            **extra_context,
        )


def facts_for(qs, *, few: bool = False) -> list[scoring.PlacementFacts]:
    """PlacementFacts for every placement in `qs`, in two queries: the placements with their Berufsfelder
    (a correlated subquery on the through table's index), and the open/accepted application counts of every placement that has any
    (a small, indexed table; reading it whole is cheaper than correlating it with thousands of
    candidates). `few=True` (indexing a chunk by id) reads only the counts of `qs`'s placements."""
    from companies.models import Placement
    from seekers.models import Application, ApplicationStatus

    open_statuses = {ApplicationStatus.AWAITING_CONSENT, ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED}
    accepted_by: dict[int, int] = {}
    open_by: dict[int, int] = {}
    apps = Application.objects.filter(status__in=[*open_statuses, ApplicationStatus.ACCEPTED])
    if few:
        apps = apps.filter(placement_id__in=qs.values("id"))
    counts = apps.values_list("placement_id", "status").annotate(n=Count("id")).order_by()
    for pid, status, n in counts:
        target = accepted_by if status == ApplicationStatus.ACCEPTED else open_by
        target[pid] = target.get(pid, 0) + n
    through = Placement.berufsfelder.through
    bf_ids = (
        through.objects.filter(placement_id=OuterRef("pk"))
        .order_by()
        .values("placement_id")
        .annotate(ids=GroupConcat("berufsfeld_id"))
        .values("ids")
    )
    rows = (
        (*r, accepted_by.get(r[0], 0), open_by.get(r[0], 0))
        for r in qs.annotate(_bfs=Subquery(bf_ids, output_field=CharField())).values_list(*FACT_FIELDS, "_bfs")
    )
    make = scoring.PlacementFacts  # positional: field order of PlacementFacts (faster for thousands of rows)
    return [
        make(
            pid,
            kind,
            lat,
            lon,
            tuple(map(int, bfs.split(","))) if bfs else (),
            start,
            end,
            deadline,
            seats,
            accepted,
            open_,
            min_grade,
            min_age,
            req,
            status,
            hidden,
            company_hidden,
            verified,
            district,
            occupation,
            accessible,
        )
        for (
            pid,
            kind,
            lat,
            lon,
            start,
            end,
            deadline,
            seats,
            min_grade,
            min_age,
            req,
            district,
            occupation,
            accessible,
            verified,
            status,
            hidden,
            company_hidden,
            bfs,
            accepted,
            open_,
        ) in rows
    ]


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
        radius = query.effective_radius
        matcher = scoring.Matcher(query.student, query.match_request()) if query.student else None
        require_verified = scoring.config()["REQUIRE_VERIFIED_COMPANY"]
        today = query.day
        kept = []  # (facts, distance, total)
        facts = facts_for(candidate_queryset(query))
        if matcher:
            distance, eligible, total = matcher.distance_km, matcher.eligible, matcher.total
            for p in facts:
                d = distance(p)
                if eligible(p, d):
                    kept.append((p, d, total(p, d)))
        else:
            for p in facts:
                d = scoring.haversine_km(near.latitude, near.longitude, p.latitude, p.longitude) if near else None
                if scoring._listing_failures(p, today, require_verified):
                    continue
                if radius is not None and d is not None and d > radius:
                    continue
                kept.append((p, d, 0.0))
        sort = query.effective_sort
        if sort == "match":
            key = lambda k: scoring.rank_key(k[2], k[0].id)  # noqa: E731
        elif sort == "distance":
            key = lambda k: (k[1], k[0].id)  # noqa: E731
        else:
            key = lambda k: (k[0].start_date, k[0].id)  # noqa: E731
        top = heapq.nsmallest(query.offset + query.limit, kept, key=key)  # only the pages up to this one
        page = [
            SearchHit(id=p.id, facts=p, score=matcher.score(p, d) if matcher else None, distance_km=d)
            for p, d, _ in top[query.offset :]
        ]
        return SearchResult(hits=page, total=len(kept), facets=facet_counts([k[0] for k in kept]))
