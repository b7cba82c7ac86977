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
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import Aggregate, CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cos, Power, Radians, Sin

from clearing.policy import default_answer_rate
from companies.models import Placement
from matching import scoring
from matching.search import text as text_search
from seekers.models import COMPETING_STATUSES, SEAT_STATUSES, Application

from .base import SearchBackend, SearchHit, SearchQuery, SearchResult

KM_PER_DEGREE = 2 * math.pi * scoring.EARTH_MEAN_RADIUS_M / 1000 / 360


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE * 1.01
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 0.01)
    dlon = radius_km / (KM_PER_DEGREE * coslat) * 1.01
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def listed_placements(today):
    """Placements anyone may find: the SQL half of scoring's listing rules (seats are checked after)."""
    qs = Placement.objects.filter(
        status=scoring.PUBLISHED,
        is_hidden=False,
        company__is_hidden=False,
        start_date__gte=today,
    ).filter(Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
    if scoring.config()["REQUIRE_VERIFIED_COMPANY"]:
        qs = qs.filter(company__is_verified=True)
    return qs


TEXT_COLUMNS = ("title", "description", "company__name", "occupation__name")


def text_filter(qs, text: str):
    """SQL half of matching.search.text's rule, never stricter: each ASCII part inside the folded text of
    one of the columns (a part cannot span a non-letter, so inside the text means inside one of its words).
    `text_matches` decides exactly."""
    groups = text_search.query_groups(text)
    if not groups:
        return qs
    qs = qs.alias(**{f"_fold_{i}": text_search.sql_fold(F(c)) for i, c in enumerate(TEXT_COLUMNS)})

    def inside(part):
        if not part.isascii():  # SQLite folds only ASCII case: leave it to text_matches
            return Q()
        q = Q()
        for i in range(len(TEXT_COLUMNS)):
            q |= Q(**{f"_fold_{i}__contains": part})
        return q

    for group in groups:
        alternatives = []
        for alt in group:
            both = Q()
            for part in alt:
                both &= inside(part)
            alternatives.append(both)
        if all(alternatives):  # an unconstrained alternative (Q() is falsy) lets every row through
            either = Q()
            for q in alternatives:
                either |= q
            qs = qs.filter(either)
    return qs


def text_matches(qs, text: str) -> set[int]:
    """Ids in `qs` whose text matches (matching.search.text.matches, the rule both backends share)."""
    groups = text_search.query_groups(text)
    return {row[0] for row in qs.values_list("id", *TEXT_COLUMNS) if text_search.matches(groups, row[1:])}


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
    "company__response_figures__answer_rate",  # clearing: part of the score (chance)
    "company__response_figures__median_days",  # clearing: a reason ("antwortet meist in 2 Tagen")
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


def _application_counts(placement_ids=None) -> tuple[dict[int, int], dict[int, int]]:
    """(accepted, open) applications per placement that has any: one grouped query over a small,
    indexed table (reading it whole is cheaper than correlating it with thousands of candidates)."""
    # open: competing for a seat (waitlisted ones too); accepted: seats taken (an open offer holds its seat)
    open_statuses = COMPETING_STATUSES
    accepted_by: dict[int, int] = {}
    open_by: dict[int, int] = {}
    apps = Application.objects.filter(status__in=[*open_statuses, *SEAT_STATUSES])
    if placement_ids is not None:
        apps = apps.filter(placement_id__in=placement_ids)
    for pid, status, n in apps.values_list("placement_id", "status").annotate(n=Count("id")).order_by():
        target = accepted_by if status in SEAT_STATUSES else open_by
        target[pid] = target.get(pid, 0) + n
    return accepted_by, open_by


def _berufsfeld_ids(connection):
    """The placement's Berufsfelder as one value per row: an int array on PostgreSQL (psycopg hands
    back a list, nothing to parse), a comma-separated string elsewhere."""
    through = Placement.berufsfelder.through.objects.filter(placement_id=OuterRef("pk")).order_by()
    if connection.vendor == "postgresql":
        return ArraySubquery(through.values("berufsfeld_id"))
    return Subquery(
        through.values("placement_id").annotate(ids=GroupConcat("berufsfeld_id")).values("ids"),
        output_field=CharField(),
    )


def _ids(bfs) -> tuple[int, ...]:
    if not bfs:
        return ()
    if isinstance(bfs, str):
        return tuple(map(int, bfs.split(",")))
    return tuple(bfs)


def facts_for(qs, *, few: bool = False) -> list[scoring.PlacementFacts]:
    """PlacementFacts for every placement in `qs`, in two queries: the placements with their
    Berufsfelder (a subquery on the through table's index), and the open/accepted application counts
    (of every placement that has any, or with `few=True`, e.g. indexing a chunk by id, of `qs`'s only)."""
    accepted_by, open_by = _application_counts(qs.values("id") if few else None)
    rows = qs.annotate(_bfs=_berufsfeld_ids(connections[qs.db])).values_list(*FACT_FIELDS, "_bfs")
    make = scoring.PlacementFacts  # positional: field order of PlacementFacts (faster for thousands of rows)
    prior = default_answer_rate()  # a company without response figures yet
    return [
        make(
            pid,
            kind,
            lat,
            lon,
            _ids(bfs),
            start,
            end,
            deadline,
            seats,
            accepted_by.get(pid, 0),
            open_by.get(pid, 0),
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
            prior if answer_rate is None else answer_rate,
            answer_days,
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
            answer_rate,
            answer_days,
            bfs,
        ) in rows
    ]


def candidate_queryset(query: SearchQuery):
    """SQL filters: never stricter than scoring's rules, so Python's exact check loses nothing."""
    today = query.day
    qs = listed_placements(today)
    if query.text.strip():
        qs = text_filter(qs, query.text)
    if query.kinds:
        qs = qs.filter(kind__in=query.kinds)
    if query.berufsfelder:
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
        else:  # a school internship lies inside the class period (end = start when it has no end)
            inside = Q(start_date__gte=s.internship_start, start_date__lte=s.internship_end) & (
                Q(end_date__isnull=True) | Q(end_date__lte=s.internship_end)
            )
            qs = qs.filter(~Q(kind=scoring.KIND_SCHOOL_INTERNSHIP) | inside)
    near, radius = query.effective_near, query.effective_radius
    if near and radius is not None:
        lat0, lat1, lon0, lon1 = bounding_box(near.latitude, near.longitude, radius)
        qs = qs.filter(site__latitude__range=(lat0, lat1), site__longitude__range=(lon0, lon1))
        qs = qs.alias(_h=haversine_term(near.latitude, near.longitude)).filter(_h__lte=haversine_limit(radius))
    return qs.order_by()


def haversine_term(lat: float, lon: float):
    """The haversine term h of scoring.haversine_km (d = 2R·asin(√h)) between (lat, lon) and the site,
    as SQL: d ≤ r exactly when h ≤ sin²(r / 2R), so the circle is cut in SQL without asin or sqrt."""
    lat_r, lon_r = math.radians(lat), math.radians(lon)
    site_lat = Radians(F("site__latitude"))
    return Power(Sin((site_lat - lat_r) / 2), 2) + math.cos(lat_r) * Cos(site_lat) * Power(
        Sin((Radians(F("site__longitude")) - lon_r) / 2), 2
    )


def haversine_limit(radius_km: float) -> float:
    """sin²(r / 2R) for r a metre more than the radius: rounding in SQL never drops a placement that
    matching.scoring (which decides) keeps."""
    half = min(math.pi / 2, (radius_km + 0.001) * 1000 / (2 * scoring.EARTH_MEAN_RADIUS_M))
    return math.sin(half) ** 2


def facet_counts(facts: list[scoring.PlacementFacts]) -> dict[str, dict]:
    kinds: dict = {}
    bfs: dict = {}
    districts: dict = {}
    for p in facts:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
        for b in p.berufsfeld_ids:  # distinct per placement (PlacementFacts)
            bfs[b] = bfs.get(b, 0) + 1
        if p.district_id:
            districts[p.district_id] = districts.get(p.district_id, 0) + 1
    return {"kind": kinds, "berufsfelder": bfs, "district": districts}


class Backend(SearchBackend):
    def search(self, query: SearchQuery) -> SearchResult:
        near = query.effective_near
        radius = query.effective_radius
        matcher = scoring.Matcher(query.student, query.match_request()) if query.student else None
        require_verified = scoring.config()["REQUIRE_VERIFIED_COMPANY"]
        today = query.day
        kept: list[tuple[Any, scoring.PlacementFacts, float | None]] = []  # (sort key, facts, distance)
        candidates = candidate_queryset(query)
        facts = facts_for(candidates)
        if text_search.query_groups(query.text):
            found = text_matches(candidates, query.text)
            facts = [p for p in facts if p.id in found]
        d: float | None
        if matcher:
            distance, eligible, total, rank_key = matcher.distance_km, matcher.eligible, matcher.total, scoring.rank_key
            for p in facts:
                d = distance(p)
                if eligible(p, d):
                    kept.append((rank_key(total(p, d), p.id), p, d))
        else:
            for p in facts:
                d = scoring.haversine_km(near.latitude, near.longitude, p.latitude, p.longitude) if near else None
                if scoring._listing_failures(p, today, require_verified):
                    continue
                if radius is not None and d is not None and d > radius:
                    continue
                kept.append((None, p, d))
        sort = query.effective_sort
        key: Callable[[tuple], Any]
        if sort == "match":
            key = itemgetter(0)
        elif sort == "distance":
            key = lambda k: (k[2], k[1].id)  # noqa: E731
        else:
            key = lambda k: (k[1].start_date, k[1].id)  # noqa: E731
        top = heapq.nsmallest(query.offset + query.limit, kept, key=key)  # only the pages up to this one
        page = [
            SearchHit(id=p.id, facts=p, score=matcher.score(p, d) if matcher else None, distance_km=d)
            for _, p, d in top[query.offset :]
        ]
        return SearchResult(hits=page, total=len(kept), facets=facet_counts([k[1] for k in kept]))
