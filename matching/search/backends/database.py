"""The database backend (default; SQLite and PostgreSQL).

SQL narrows the candidates (listing rules, the student's hard limits, a bounding box around the
point, text), one query reads what the score needs as plain rows (fact_rows: the Berufsfelder and the
application counts of the candidates only), and matching.scoring's Matcher decides the rest in Python, one
loop over the rows (Matcher.scored_rows, ordered by scoring.best): exact eligibility, score, order; facets from the kept rows;
PlacementFacts objects for the page's hits only. The number of queries does not depend on the number of
placements. Indexing is a no-op: the database is its own index.

On PostgreSQL a student's matches by score take a shorter way (ranked_in_sql): SQL scores, counts and orders the
candidates itself, reading the Berufsfelder and application counts from RankFacts (kept by triggers), and sends
only the best few rows, which Python re-ranks exactly; the same hits, scores, total and facets as the path above
(tests/matching/test_sql_ranking.py), without moving every candidate into Python.

Cost grows with the candidates inside the student's radius (most of Dortmund for a 15 km radius):
fine at city scale (10k placements), use the Elasticsearch backend beyond that.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import json
import logging
import math
from collections import Counter
from collections.abc import Callable
from itertools import chain
from operator import itemgetter
from typing import Any

from django.db import connections
from django.db.models import F, Q
from django.db.models.functions import Cos, Power, Radians, Sin

from backend.reference.models import Berufsfeld
from clearing.policy import default_answer_rate
from companies.models import Placement
from matching import scoring
from matching.models import RankFacts
from matching.search import text as text_search
from seekers.models import COMPETING_STATUSES, SEAT_STATUSES, Application

from .base import SearchBackend, SearchHit, SearchQuery, SearchResult

log = logging.getLogger(__name__)

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


# The columns of a placement's facts in PlacementFacts' field order; the Berufsfelder and the application counts
# (BERUFSFELDER, ACCEPTED, OPEN) are computed beside them (fact_rows).
FACT_COLUMNS = (
    "id",
    "kind",
    "site__latitude",
    "site__longitude",
    BERUFSFELDER := "<berufsfelder>",
    "start_date",
    "end_date",
    "application_deadline",
    "seats",
    ACCEPTED := "<accepted>",
    OPEN := "<open>",
    "min_grade",
    "min_age",
    "required_qualification",
    "status",
    "is_hidden",
    "company__is_hidden",
    "company__is_verified",
    "site__district_id",
    "occupation_id",
    "is_accessible",
    "company__response_figures__answer_rate",  # clearing: part of the score (chance)
    "company__response_figures__median_days",  # clearing: a reason ("antwortet meist in 2 Tagen")
)
COLUMNS = [c for c in FACT_COLUMNS if not c.startswith("<")]
KIND, LATITUDE, LONGITUDE, BERUFSFELD_IDS, START = 1, 2, 3, 4, 5
DISTRICT = FACT_COLUMNS.index("site__district_id")
ANSWER_RATE = FACT_COLUMNS.index("company__response_figures__answer_rate")


def fact_rows(qs) -> list[tuple]:
    """The facts of every placement in `qs` as plain tuples in PlacementFacts' field order (PlacementFacts(*row)),
    in ONE query: the placements' columns, their Berufsfelder and their accepted and open applications, each
    computed for these placements only (so the cost follows the rows, not the tables). Read from the cursor
    without Django's per-value conversion (thousands of rows per search); SQLite's text dates, 0/1 booleans
    and comma-separated ids are converted here."""
    connection = connections[qs.db]
    inner, params = qs.order_by().values_list(*COLUMNS).query.get_compiler(qs.db).as_sql()
    q = connection.ops.quote_name
    through = Placement.berufsfelder.through._meta.db_table
    apps = Application._meta.db_table
    seat = [str(s) for s in SEAT_STATUSES]
    competing = [str(s) for s in COMPETING_STATUSES]
    names = [f"c{i}" for i in range(len(COLUMNS))]
    marks = ", ".join(["%s"] * len(seat)), ", ".join(["%s"] * len(competing))
    if connection.vendor == "postgresql":  # a hash join with the counts of the candidates' applications
        bfs = f"ARRAY(SELECT t.berufsfeld_id FROM {q(through)} t WHERE t.placement_id = c.c0)"
        agg = "COUNT(*) FILTER (WHERE a.status IN ({}))"
        counts = (
            f"SELECT a.placement_id, {agg.format(marks[0])} AS n_accepted, {agg.format(marks[1])} AS n_open"
            f" FROM {q(apps)} a WHERE a.placement_id IN (SELECT c0 FROM c) AND a.status IN ({marks[0]}, {marks[1]})"
            " GROUP BY a.placement_id"
        )
        computed = {BERUFSFELDER: bfs, ACCEPTED: "COALESCE(n.n_accepted, 0)", OPEN: "COALESCE(n.n_open, 0)"}
        join = f" LEFT JOIN ({counts}) n ON n.placement_id = c.c0"
        count_args = [*seat, *competing, *seat, *competing]
    else:  # SQLite joins a subquery without an index (a scan of it per row): per-row lookups on the indexes
        bfs = f"(SELECT GROUP_CONCAT(t.berufsfeld_id) FROM {q(through)} t WHERE t.placement_id = c.c0)"
        count = f"(SELECT COUNT(*) FROM {q(apps)} a WHERE a.placement_id = c.c0 AND a.status IN ({{}}))"
        computed = {BERUFSFELDER: bfs, ACCEPTED: count.format(marks[0]), OPEN: count.format(marks[1])}
        join = ""
        count_args = []
    plain = iter(names)
    out = [computed.get(name) or f"c.{next(plain)}" for name in FACT_COLUMNS]
    prior = default_answer_rate()  # a company without response figures yet
    out[ANSWER_RATE] = f"COALESCE({out[ANSWER_RATE]}, %s)"
    sql = f"WITH c({', '.join(names)}) AS ({inner}) SELECT {', '.join(out)} FROM c{join}"
    if connection.vendor == "postgresql":
        args = [*params, prior, *count_args]
    else:  # the counts come before the answer rate in the select list
        args = [*params, *seat, *competing, prior]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        return rows
    return [_sqlite_row(r) for r in rows]


def _day(v):
    return datetime.date.fromisoformat(v) if isinstance(v, str) else v


def _sqlite_row(r) -> tuple:
    """Dates come as dates where SQLite knows the column's declared type (Django's converters), else as text."""
    bfs = tuple(map(int, r[4].split(","))) if r[4] else ()
    return (
        r[0], r[1], r[2], r[3], bfs,
        _day(r[5]), _day(r[6]), _day(r[7]),
        r[8], r[9], r[10], r[11], r[12], r[13], r[14],
        bool(r[15]), bool(r[16]), bool(r[17]), r[18], r[19], bool(r[20]), r[21], r[22],
    )  # fmt: skip


def facts_for(qs, *, few: bool = False) -> list[scoring.PlacementFacts]:
    """PlacementFacts for every placement in `qs`, in one query (fact_rows). (`few` is accepted for the callers
    that read one placement; the cost follows the rows either way.)"""
    make = scoring.PlacementFacts
    return [make(*r) if isinstance(r[4], tuple) else make(*_tuple_ids(r)) for r in fact_rows(qs)]


def _tuple_ids(r) -> tuple:
    return (*r[:4], tuple(r[4]), *r[5:])


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
        qs = qs.filter(old_enough(s.birth_date, today))
    near, radius = query.effective_near, query.effective_radius
    if near and radius is not None:
        lat0, lat1, lon0, lon1 = bounding_box(near.latitude, near.longitude, radius)
        qs = qs.filter(site__latitude__range=(lat0, lat1), site__longitude__range=(lon0, lon1))
        qs = qs.alias(_h=haversine_term(near.latitude, near.longitude)).filter(_h__lte=haversine_limit(radius))
    return qs.order_by()


AGE_YEARS_AHEAD = 5


def old_enough(birth_date: datetime.date, today: datetime.date) -> Q:
    """SQL half of scoring's age rule for placements starting today or later, never stricter: no minimum age, a
    minimum the student has reached today, or for each of the next AGE_YEARS_AHEAD ages a start on or after the
    first day the student is that old (scoring.latest_birth_date decides exactly); older minimums pass."""
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    q = Q(min_age__isnull=True) | Q(min_age__lte=age) | Q(min_age__gt=age + AGE_YEARS_AHEAD)
    for a in range(age + 1, age + AGE_YEARS_AHEAD + 1):
        q |= Q(min_age=a, start_date__gte=_birthday(birth_date, a) - datetime.timedelta(days=1))
    return q


def _birthday(birth_date: datetime.date, years: int) -> datetime.date:
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # born on 29 February
        return birth_date.replace(year=birth_date.year + years, month=3, day=1)


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


def facet_counts(rows) -> dict[str, dict]:
    """Facet counts of rows in PlacementFacts' field order (fact_rows), counted in C (Counter over iterators)."""
    districts = Counter(map(itemgetter(DISTRICT), rows))
    districts.pop(None, None)
    districts.pop(0, None)
    return {
        "kind": dict(Counter(map(itemgetter(KIND), rows))),
        "berufsfelder": dict(Counter(chain.from_iterable(map(itemgetter(BERUFSFELD_IDS), rows)))),  # distinct per row
        "district": dict(districts),
    }


def _facts(row) -> scoring.PlacementFacts:
    return (
        scoring.PlacementFacts(*row)
        if isinstance(row[BERUFSFELD_IDS], tuple)
        else scoring.PlacementFacts(*_tuple_ids(row))
    )


# --- ranking a student's matches in SQL (PostgreSQL) -------------------------------------------------------
# SQL orders the candidates by scoring's formula written in SQL (as the Elasticsearch backend writes it as a
# function_score) and sends back only a window of the best; Python scores that window exactly (Matcher.scored_rows,
# the one definition) and keeps the SQL order only where it is proven: every SQL score in the window must lie within
# SQL_SCORE_EPSILON of scoring's, and the page's last exact score more than that (plus rank_key's rounding) above
# the window's last SQL score, so nothing below the window can rank into the page; else a wider window, and past
# WINDOW_MAX (or on any disagreement) the full path. Eligibility: every rule SQL can decide for certain is decided
# there (totals and facets are counted in SQL); a row SQL cannot be sure of (within BAND_KM of the radius, within
# BAND_DAYS of the birthday that makes the student old enough) goes to Python, which decides.
SQL_SCORE_EPSILON = 1e-7  # float rounding differs by ~1e-15 between SQL and Python; any formula drift is far larger
WINDOW_PAD = 30
WINDOW_MAX = 4000
BAND_KM = 1e-6
BAND_DAYS = 2
_WIDER = object()
KIND_GROUP, DISTRICT_GROUP, TOTAL_GROUP = 0b01, 0b10, 0b11  # SQL's GROUPING(kind, district)
BERUFSFELD_GROUP, OVERFLOW_GROUP = 4, 5
MAX_BIT = 62  # RankFacts.berufsfelder: a bigint, bit b for Berufsfeld id b


def _num(x: float) -> str:
    return f"{float(x)!r}::float8"


def _text(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def ranked_in_sql(candidates, query: SearchQuery) -> SearchResult | None:
    """A student's matches by score, ranked in SQL (module comment above); None: use the full path."""
    assert query.student is not None
    matcher = scoring.Matcher(query.student, query.match_request())
    if any(not 0 <= b <= MAX_BIT for b in matcher.shares):
        return None  # an interest the Berufsfeld mask cannot hold
    n = query.offset + query.limit
    window = n + WINDOW_PAD
    while window <= WINDOW_MAX:
        result = _ranked_window(candidates, query, matcher, window)
        if result is not _WIDER:
            return result
        window *= 4
    return None


def _ranked_window(candidates, query: SearchQuery, matcher: scoring.Matcher, window: int):
    connection = connections[candidates.db]
    sql, params = ranking_sql(candidates, matcher, window)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return SearchResult(hits=[], total=0, facets=facet_counts([]))
    k = len(FACT_COLUMNS)
    groups = json.loads(rows[0][k + 2])  # [group, key, count] (ranking_sql)
    counted: dict[int, dict] = {KIND_GROUP: {}, DISTRICT_GROUP: {}, TOTAL_GROUP: {}, BERUFSFELD_GROUP: {}}
    for which, key, count in groups:
        if which == OVERFLOW_GROUP:
            return None  # a Berufsfeld id the mask cannot hold (RankFacts)
        counted[which][key] = count
    ranked = [r for r in rows if not r[k + 1]]
    approx = [r[k] for r in ranked]
    scored = matcher.scored_rows([r[:k] for r in ranked])
    if len(scored) != len(ranked) or any(
        abs(t - a) > SQL_SCORE_EPSILON for (t, _, _), a in zip(scored, approx, strict=True)
    ):
        log.warning("SQL ranking disagrees with matching.scoring for student %s: full path", matcher.student.id)
        return None
    banded = matcher.scored_rows([r[:k] for r in rows if r[k + 1]])
    n = query.offset + query.limit
    top = scoring.best(scored + banded, n)
    if len(ranked) >= window and (len(top) < n or top[-1][0] - scoring.RANK_MARGIN <= min(approx) + SQL_SCORE_EPSILON):
        return _WIDER  # a placement below the window might still rank into the page
    facets = facet_counts([row for _, row, _ in banded])
    kinds, districts, berufsfelder = facets["kind"], facets["district"], facets["berufsfelder"]
    for kind, count in counted[KIND_GROUP].items():
        kinds[kind] = kinds.get(kind, 0) + count
    for district, count in counted[DISTRICT_GROUP].items():
        if district is not None and int(district) != 0:  # as facet_counts
            districts[int(district)] = districts.get(int(district), 0) + count
    for b, count in counted[BERUFSFELD_GROUP].items():
        berufsfelder[int(b)] = berufsfelder.get(int(b), 0) + count
    page = []
    for _, row, d in top[query.offset :]:
        p = _facts(row)
        page.append(SearchHit(id=p.id, facts=p, score=matcher.score(p, d), distance_km=d))
    return SearchResult(hits=page, total=sum(counted[TOTAL_GROUP].values()) + len(banded), facets=facets)


def ranking_sql(candidates, matcher: scoring.Matcher, window: int) -> tuple[str, list]:
    """One statement: the `window` best certain rows by the SQL score, then every uncertain row (band), each as
    fact_rows' columns (live: the Berufsfelder and applications of these rows read from their tables) + SQL score +
    band flag + the certain rows' total and facets as JSON (the same in each row). The score and eligibility read
    RankFacts (the stored Berufsfeld bitmask and application counts) instead of joining them for every candidate."""
    connection = connections[candidates.db]
    inner, params = candidates.order_by().values_list(*COLUMNS).query.get_compiler(candidates.db).as_sql()
    q = connection.ops.quote_name
    through = q(Placement.berufsfelder.through._meta.db_table)
    apps = q(Application._meta.db_table)
    facts = q(RankFacts._meta.db_table)
    berufsfeld_table = q(Berufsfeld._meta.db_table)  # the bits a mask can have: the Berufsfelder there are
    col = {name: f"c{i}" for i, name in enumerate(COLUMNS)}
    s = matcher.student
    lat, lon = "c." + col["site__latitude"], "c." + col["site__longitude"]
    start, min_age, seats = col["start_date"], col["min_age"], col["seats"]
    required, rate = col["required_qualification"], col["company__response_figures__answer_rate"]
    district, kind = col["site__district_id"], col["kind"]
    # Matcher.parts' interest: the student's shares of the placement's Berufsfelder (bits of the stored mask)
    interest = " + ".join(
        f"CASE WHEN COALESCE(r.berufsfelder, 0) & {1 << int(b)} <> 0 THEN {_num(v)} ELSE 0.0::float8 END"
        for b, v in sorted(matcher.shares.items())
    )
    # Matcher.distance_km
    h = (
        f"power(sin((radians({lat}) - {_num(matcher.lat0)}) / 2), 2) + {_num(matcher.cos_lat0)} * cos(radians({lat}))"
        f" * power(sin(radians({lon} - {_num(matcher.lon0)}) / 2), 2)"
    )
    distance = f"{_num(2 * scoring.EARTH_MEAN_RADIUS_M)} * asin(least(1.0::float8, sqrt({h}))) / 1000.0"
    # Matcher.parts
    levels = ", ".join(_num(v) for v in matcher.level_table)
    level = f"COALESCE((ARRAY[{levels}])[g.{required} + 1], 0.0)"
    crowd = f" OR g.opn >= {int(matcher.crowd_limit)} * (g.{seats} - g.acc)" if matcher.crowd_limit else ""
    chance = (
        f"CASE WHEN g.{seats} - g.acc <= 0{crowd} THEN 0.0::float8"
        f" ELSE g.rate * least(1.0::float8, (g.{seats} - g.acc)::float8 / (g.opn + 1)) END"
    )
    fit = (
        f"({_num(matcher.w_interest)} * g.i + {_num(matcher.w_distance)} * exp(-g.d * g.d * {_num(matcher.decay)})"
        f" + {_num(matcher.w_level)} * {level})"
    )
    score = (
        f"(CASE WHEN g.i <= 0.0 THEN {fit} * {_num(matcher.off_interest)} ELSE {fit} END)"
        f" * ({_num(matcher.floor)} + {_num(1.0 - matcher.floor)} * {chance})"
    )
    # the age rule (scoring.latest_birth_date) to a day or two; rows near the birthday go to Python
    birthday = f"(DATE '{s.birth_date.isoformat()}' + make_interval(years => g.{min_age}::integer))::date"
    old_enough = f"(g.{min_age} IS NULL OR g.{min_age} = 0 OR g.{start} >= {birthday} - {BAND_DAYS})"
    age_band = f"COALESCE(g.{min_age} > 0 AND abs(g.{start} - {birthday}) <= {BAND_DAYS}, FALSE)"
    radius = float(s.travel_radius_km)
    band = f"(g.d > {_num(radius - BAND_KM)} OR {age_band})"
    certain = "FROM e WHERE NOT e.band"
    # total and facets of the certain rows: (kind), (district) and () groups in one pass; the Berufsfelder from the
    # distinct masks (a few hundred) tested against each Berufsfeld's bit; a mask that cannot hold an id (-1) flagged
    facets = (
        f"SELECT json_agg(json_build_array(x.which, x.k, x.n))::text AS facets FROM ("
        f"SELECT GROUPING(e.{kind}, e.{district}) AS which, COALESCE(e.{kind}, e.{district}::text) AS k, COUNT(*) AS n"
        f" {certain} GROUP BY GROUPING SETS ((e.{kind}), (e.{district}), ())"
        f" UNION ALL SELECT {BERUFSFELD_GROUP}, b.id::text, SUM(m.n) FROM m JOIN {berufsfeld_table} b"
        f" ON b.id BETWEEN 0 AND {MAX_BIT} AND m.mask & (1::bigint << b.id::integer) <> 0 GROUP BY b.id"
        f" UNION ALL SELECT {OVERFLOW_GROUP}, NULL, SUM(m.n) FROM m WHERE m.mask < 0 HAVING COUNT(*) > 0) x"
    )
    seat, competing = _text(SEAT_STATUSES), _text(COMPETING_STATUSES)
    # both counts in one lookup by placement_id and no status in its WHERE: a status there lets the planner take the
    # partial unique index (student_id, placement_id), whose second column makes each lookup a scan of the whole index
    counts = (
        f"SELECT COUNT(*) FILTER (WHERE a.status IN ({seat})) AS acc,"
        f" COUNT(*) FILTER (WHERE a.status IN ({competing})) AS opn FROM {apps} a WHERE a.placement_id = w.c0"
    )
    plain = iter(col.values())
    computed = {
        BERUFSFELDER: f"ARRAY(SELECT t.berufsfeld_id FROM {through} t WHERE t.placement_id = w.c0)",
        ACCEPTED: "n.acc",
        OPEN: "n.opn",
    }
    out = [computed.get(name) or f"x.{next(plain)}" for name in FACT_COLUMNS]
    prior = _num(default_answer_rate())
    out[ANSWER_RATE] = f"COALESCE(x.{rate}, {prior})"
    names = ", ".join(col.values())
    # g and e carry only what the score, the rules and the facets read (materialized: each value computed once);
    # the window's rows are read again in full by id (the candidates' query, by primary key)
    sql = (
        f"WITH c({names}) AS ({inner}),"
        f" g AS MATERIALIZED (SELECT c.c0, c.{kind}, c.{district}, c.{seats}, c.{required}, c.{start}, c.{min_age},"
        f" COALESCE(r.accepted, 0) AS acc, COALESCE(r.open, 0) AS opn, COALESCE(r.berufsfelder, 0) AS mask,"
        f" {interest or '0.0::float8'} AS i, COALESCE(c.{rate}, {prior}) AS rate, {distance} AS d"
        f" FROM c LEFT JOIN {facts} r ON r.placement_id = c.c0),"
        f" e AS MATERIALIZED (SELECT g.c0, g.{kind}, g.{district}, g.mask, {score} AS a, {band} AS band FROM g"
        f" WHERE g.{seats} - g.acc > 0 AND g.d <= {_num(radius + BAND_KM)} AND {old_enough}),"
        f" m AS (SELECT e.mask, COUNT(*) AS n {certain} GROUP BY e.mask), f AS ({facets}),"
        f" w AS ((SELECT e.c0, e.a, e.band {certain} ORDER BY e.a DESC, e.c0 LIMIT {int(window)})"
        " UNION ALL (SELECT e.c0, e.a, e.band FROM e WHERE e.band))"
        f" SELECT {', '.join(out)}, w.a, w.band, (SELECT facets FROM f) FROM w"
        f" CROSS JOIN LATERAL (SELECT * FROM ({_fact_columns_sql(candidates.db)}) y({names}) WHERE y.c0 = w.c0) x"
        f" CROSS JOIN LATERAL ({counts}) n"
    )
    return sql, list(params)


@functools.cache
def _fact_columns_sql(alias: str) -> str:
    """COLUMNS of every placement, no filter: the window's rows read again by id (cheaper to plan than the
    candidates' query with all its rules)."""
    sql, params = Placement.objects.order_by().values_list(*COLUMNS).query.get_compiler(alias).as_sql()
    assert not params
    return sql


class Backend(SearchBackend):
    """Options (SEARCH_BACKENDS["default"]): SQL_RANKING (default True): False keeps PostgreSQL on the full path
    (every candidate scored in Python), e.g. for the benchmark's side-by-side row."""

    def search(self, query: SearchQuery) -> SearchResult:
        candidates = candidate_queryset(query)
        if (
            self.options.get("sql_ranking", True)
            and query.student
            and query.effective_sort == "match"
            and connections[candidates.db].vendor == "postgresql"
            and not text_search.query_groups(query.text)
        ):
            ranked = ranked_in_sql(candidates, query)
            if ranked is not None:
                return ranked
        rows = fact_rows(candidates)
        if text_search.query_groups(query.text):
            found = text_matches(candidates, query.text)
            rows = [r for r in rows if r[0] in found]
        sort = query.effective_sort
        if query.student:  # matching: scoring decides eligibility and score on the rows, facts for the page only
            matcher = scoring.Matcher(query.student, query.match_request())
            kept = matcher.scored_rows(rows)  # (total, row, distance)
            n = query.offset + query.limit  # only the pages up to this one
            if sort == "match":
                top = scoring.best(kept, n)
            elif sort == "distance":
                top = heapq.nsmallest(n, kept, key=lambda k: (k[2], k[1][0]))
            else:
                top = heapq.nsmallest(n, kept, key=lambda k: (k[1][START], k[1][0]))
            page = []
            for _, row, d in top[query.offset :]:
                p = _facts(row)
                page.append(SearchHit(id=p.id, facts=p, score=matcher.score(p, d), distance_km=d))
            return SearchResult(hits=page, total=len(kept), facets=facet_counts([k[1] for k in kept]))
        near, radius = query.effective_near, query.effective_radius
        listed: list[tuple[tuple, float | None]] = []  # (row, distance)
        if near:
            lat, lon, haversine = near.latitude, near.longitude, scoring.haversine_km
            for row in scoring.listed_rows(rows, query.day):
                d = haversine(lat, lon, row[LATITUDE], row[LONGITUDE])
                if radius is None or d <= radius:
                    listed.append((row, d))
        else:
            listed = [(row, None) for row in scoring.listed_rows(rows, query.day)]
        key: Callable[[tuple], Any]
        if sort == "distance":
            key = lambda k: (k[1], k[0][0])  # noqa: E731
        else:
            key = lambda k: (k[0][START], k[0][0])  # noqa: E731
        first = heapq.nsmallest(query.offset + query.limit, listed, key=key)
        page = [SearchHit(id=row[0], facts=_facts(row), distance_km=d) for row, d in first[query.offset :]]
        return SearchResult(hits=page, total=len(listed), facets=facet_counts([k[0] for k in listed]))
