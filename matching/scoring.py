"""The one definition of a match: who is eligible for what, how a match is scored, and why.

Both search backends implement exactly this (the database backend calls these functions; the
Elasticsearch backend expresses the same formula as a function_score query), and the parity test
holds them to it. Change the definition here, then in `search/backends/elasticsearch.py`.

Eligibility (hard filters, never relaxed silently; `ineligibility_reasons` names each one):
  published, not hidden, company not hidden and (with MATCHING["REQUIRE_VERIFIED_COMPANY"]) verified
  by the city; application deadline not passed and start date not passed; seats left (seats minus
  accepted applications > 0); the kind the student asks for (all kinds when none chosen); grade and
  age (at the placement's start) at least the minimum; expected qualification at least the
  requirement; school internships only inside the student's class internship period (and none when
  the class has no period yet); within the student's travel radius.

Score = fit · (floor + (1 − floor) · chance): the expected value of applying (issue 10), so a student sees
placements they want AND can get, and demand spreads over seats instead of piling onto a few.
  fit = w_interest·interest + w_distance·proximity + w_level·level_fit, each part in [0, 1], weights in
  settings.MATCHING["WEIGHTS"];
  chance = answer_rate · min(1, free seats / (open applications + 1)): the company answers (its share of
  applications answered in time, clearing.policy.answer_rate) and this student gets one of the free seats
  among the others who applied; 0 while the placement is crowded (MAX_OPEN_PER_SEAT open applications per
  free seat: it takes none now, so it is not pushed).
  A student with interests gets fit · OFF_INTEREST from a placement in none of their Berufsfelder: close and
  at the right level is not enough to be worth one of their few applications, so a placement they want
  comes before one they merely can get (the simulation's mean interest fit, issue 10). floor = MATCHING["CHANCE_FLOOR"] keeps a hard-to-get placement that fits well
  visible: with floor 0 the score would be the plain expected value, with floor 1 the fit alone.
  interest     sum of the student's weights of the placement's Berufsfelder / sum of all the student's
               weights (0 without interests);
  proximity    exp(-d²·ln2 / scale²): Elasticsearch's `gauss` decay with offset 0 and decay 0.5 at
               scale, d the great-circle (haversine) distance on the same mean earth radius ES uses;
  level_fit    1 when the requirement equals the student's expected qualification, minus
               LEVEL_STEP per level the student is above it (clamped at 0): an Abitur-bound student
               is steered to placements that ask for Abitur rather than to ones for ESA, but still
               sees them. Below the requirement is not eligible at all.
  availability (not in the score any more) 1 / (1 + α·open applications per free seat): the additive term
               of the earlier definition, kept for the simulation's "today's policy" (clearing/simulation.py).
Ties are broken by the placement id (ascending) in every backend.
"""

from __future__ import annotations

import datetime
import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.utils.translation import gettext as _

from backend.reference.geo import EARTH_MEAN_RADIUS_M, haversine_km
from clearing import policy as clearing_policy

LN2 = math.log(2.0)

KIND_CAREER_DAY = "career_day"
KIND_SCHOOL_INTERNSHIP = "school_internship"
PUBLISHED = "published"


def config() -> dict:
    base = {
        "WEIGHTS": {"interest": 0.45, "distance": 0.30, "level": 0.15},
        "DISTANCE_SCALE_KM": 10.0,
        "AVAILABILITY_ALPHA": 0.5,
        "CHANCE_FLOOR": 0.5,
        "OFF_INTEREST": 0.5,
        "DEFAULT_RADIUS_KM": 25,
        "LEVEL_STEP": 0.2,
        "REQUIRE_VERIFIED_COMPANY": True,
    }
    base.update(getattr(settings, "MATCHING", {}))
    return base


# --- the parts --------------------------------------------------------------------------------------
def proximity(distance_km: float, scale_km: float) -> float:
    return math.exp(-(distance_km**2) * LN2 / (scale_km**2))


def interest(student_weights: dict[int, int], berufsfeld_ids: Iterable[int]) -> float:
    total = sum(student_weights.values())
    if total <= 0:
        return 0.0
    return sum(student_weights.get(b, 0) for b in set(berufsfeld_ids)) / total


def level_fit(expected_qualification: int, required_qualification: int, step: float | None = None) -> float:
    step = config()["LEVEL_STEP"] if step is None else step
    above = expected_qualification - required_qualification
    if above < 0:
        return 0.0
    return max(0.0, 1.0 - step * above)


def availability(open_applications: int, free_seats: int, alpha: float | None = None) -> float:
    alpha = config()["AVAILABILITY_ALPHA"] if alpha is None else alpha
    if free_seats <= 0:
        return 0.0
    return 1.0 / (1.0 + alpha * open_applications / free_seats)


def chance(open_applications: int, free_seats: int, answer_rate: float, limit: int | None = -1) -> float:
    """The chance of getting the seat by applying now: the company answers, and one of the free seats comes to
    this student among the open applications and theirs. (`limit`: crowded()'s, read once by callers that
    compute thousands.)"""
    if free_seats <= 0 or crowded(open_applications, free_seats, limit):
        return 0.0
    return answer_rate * min(1.0, free_seats / (open_applications + 1))


def crowded(open_applications: int, free_seats: int, limit: int | None = -1) -> bool:
    """The placement takes no application now: MAX_OPEN_PER_SEAT competing ones per free seat (clearing.policy,
    seekers.services.applying._require_not_crowded). Applying now cannot get the seat, so its chance is 0."""
    limit = clearing_policy.config()["MAX_OPEN_PER_SEAT"] if limit == -1 else limit
    return limit is not None and limit > 0 and open_applications >= limit * free_seats


def chance_factor(chance_: float, floor: float | None = None) -> float:
    floor = config()["CHANCE_FLOOR"] if floor is None else floor
    return floor + (1.0 - floor) * chance_


def latest_birth_date(start_date: datetime.date, min_age: int | None) -> datetime.date | None:
    """A student born on or before this date is at least `min_age` years old on `start_date`."""
    if not min_age:
        return None
    try:
        return start_date.replace(year=start_date.year - min_age)
    except ValueError:  # 29 February
        return start_date.replace(year=start_date.year - min_age, day=28)


# --- the facts the definition reads ----------------------------------------------------------------
@dataclass(frozen=True)
class StudentFacts:
    """What matching knows about a student (built by `matching.selectors.student_facts`)."""

    id: int | None
    latitude: float
    longitude: float
    postal_code: str
    grade: int
    birth_date: datetime.date
    expected_qualification: int
    travel_radius_km: float
    interests: dict[int, int] = field(default_factory=dict)  # berufsfeld id -> weight 1..5
    internship_start: datetime.date | None = None
    internship_end: datetime.date | None = None


@dataclass(slots=True)
class PlacementFacts:
    """What matching knows about a placement: one database row or one search document."""

    id: int
    kind: str
    latitude: float
    longitude: float
    berufsfeld_ids: tuple[int, ...]  # distinct
    start_date: datetime.date
    end_date: datetime.date | None = None
    application_deadline: datetime.date | None = None
    seats: int = 1
    accepted: int = 0
    open_applications: int = 0
    min_grade: int | None = None
    min_age: int | None = None
    required_qualification: int = 0
    status: str = PUBLISHED
    is_hidden: bool = False
    company_hidden: bool = False
    company_verified: bool = True
    # not part of the score; filters and facets read them
    district_id: int | None = None
    occupation_id: int | None = None
    is_accessible: bool = False
    # the company's response figures (clearing.models.ResponseFigures); the rate is part of the score
    answer_rate: float = 0.8
    answer_days: float | None = None  # median days to answer, for the reason text

    @property
    def free_seats(self) -> int:
        return self.seats - self.accepted

    @property
    def availability(self) -> float:
        return availability(self.open_applications, self.free_seats)

    @property
    def chance(self) -> float:
        return chance(self.open_applications, self.free_seats, self.answer_rate)

    @property
    def chance_factor(self) -> float:
        """What the score multiplies the fit by; precomputed into the search index like a field."""
        return chance_factor(self.chance)


@dataclass(frozen=True)
class MatchRequest:
    """A student's request: which kinds (empty = all) and on which day (for expiry and age)."""

    kinds: tuple[str, ...] = ()
    today: datetime.date | None = None


# --- eligibility ------------------------------------------------------------------------------------
def is_listed(p: PlacementFacts, today: datetime.date) -> bool:
    """Visible to anyone (public search): published, not hidden, company fine, not expired, seats left."""
    return not _listing_failures(p, today, config()["REQUIRE_VERIFIED_COMPANY"])


def listed_rows(rows: Iterable[tuple], today: datetime.date) -> list[tuple]:
    """is_listed() over plain tuples in PlacementFacts' field order (the database backend's public search reads
    thousands per request); tests hold it to is_listed()."""
    require_verified = config()["REQUIRE_VERIFIED_COMPANY"]
    out: list[tuple] = []
    for row in rows:
        (
            _, _, _, _, _, start, _, deadline, seats, accepted, _, _, _, _, status, hidden, company_hidden, verified,
        ) = row[:18]  # fmt: skip
        if status != PUBLISHED or hidden or company_hidden or (require_verified and not verified):
            continue
        if start < today or (deadline and deadline < today) or seats - accepted <= 0:
            continue
        out.append(row)
    return out


def _listing_failures(p: PlacementFacts, today: datetime.date, require_verified: bool) -> list[str]:
    out = []
    if p.status != PUBLISHED:
        out.append("not_published")
    if p.is_hidden or p.company_hidden:
        out.append("hidden")
    if require_verified and not p.company_verified:
        out.append("company_not_verified")
    if p.start_date < today or (p.application_deadline and p.application_deadline < today):
        out.append("expired")
    if p.free_seats <= 0:
        out.append("no_seats")
    return out


@dataclass(frozen=True)
class Score:
    total: float
    interest: float
    proximity: float
    level_fit: float
    chance: float
    distance_km: float


class Matcher:
    """The definition applied for one student and request: settings read once, the student's constants
    precomputed (interest shares, level table, the home point), so a backend can check and score
    thousands of placements per request. `ineligibility_reasons` names the rules a placement breaks
    (explanations, the reference ranking); `eligible` is the same rules with early exits (the database
    backend); tests hold the two to the same answers on generated data."""

    def __init__(self, s: StudentFacts, request: MatchRequest | None = None):
        cfg = config()
        self.student = s
        self.request = request or MatchRequest()
        self.kinds = frozenset(self.request.kinds)
        self.today = self.request.today or datetime.date.today()
        self.require_verified = cfg["REQUIRE_VERIFIED_COMPANY"]
        w = cfg["WEIGHTS"]
        self.w_interest, self.w_distance = w["interest"], w["distance"]
        self.w_level = w["level"]
        self.scale = cfg["DISTANCE_SCALE_KM"]
        self.step = cfg["LEVEL_STEP"]
        self.floor = cfg["CHANCE_FLOOR"]
        self.crowd_limit = clearing_policy.config()["MAX_OPEN_PER_SEAT"]
        # a student with interests gets less from a placement in none of them (OFF_INTEREST, module docstring)
        self.off_interest = cfg["OFF_INTEREST"] if s.interests and sum(s.interests.values()) > 0 else 1.0
        total = sum(s.interests.values())
        # interest = sum over the placement's (distinct) Berufsfelder of the student's weight / total
        self.shares = {b: v / total for b, v in s.interests.items()} if total > 0 else {}
        self.level_table = [level_fit(s.expected_qualification, r, self.step) for r in range(0, 6)]
        self.decay = LN2 / (self.scale**2)
        self.lat0 = math.radians(s.latitude)
        self.cos_lat0 = math.cos(self.lat0)
        self.lon0 = s.longitude
        self._latest_birth: dict = {}  # (start_date, min_age) -> latest_birth_date(), many placements share one

    def distance_km(self, p: PlacementFacts) -> float:
        """haversine_km from the student's home, with the home's constants precomputed."""
        p2 = math.radians(p.latitude)
        dlat = p2 - self.lat0
        dlon = math.radians(p.longitude - self.lon0)
        h = math.sin(dlat / 2) ** 2 + self.cos_lat0 * math.cos(p2) * math.sin(dlon / 2) ** 2
        return 2 * EARTH_MEAN_RADIUS_M * math.asin(min(1.0, math.sqrt(h))) / 1000.0

    def eligible(self, p: PlacementFacts, d: float) -> bool:
        """True when ineligibility_reasons(p, d) would be empty."""
        s, today = self.student, self.today
        if p.status != PUBLISHED or p.is_hidden or p.company_hidden:
            return False
        if (self.require_verified and not p.company_verified) or p.start_date < today:
            return False
        if (p.application_deadline and p.application_deadline < today) or p.seats - p.accepted <= 0:
            return False
        if (self.kinds and p.kind not in self.kinds) or (p.min_grade and s.grade < p.min_grade):
            return False
        if s.expected_qualification < p.required_qualification or d > s.travel_radius_km:
            return False
        if p.min_age:
            key = (p.start_date, p.min_age)
            lbd = self._latest_birth.get(key)
            if lbd is None:
                lbd = self._latest_birth[key] = latest_birth_date(p.start_date, p.min_age)
            if lbd is not None and s.birth_date > lbd:
                return False
        if p.kind == KIND_SCHOOL_INTERNSHIP:
            return bool(
                s.internship_start
                and s.internship_end
                and s.internship_start <= p.start_date
                and (p.end_date or p.start_date) <= s.internship_end
            )
        return True

    def ineligibility_reasons(self, p: PlacementFacts, distance: float | None = None) -> list[str]:
        s, request = self.student, self.request
        out = _listing_failures(p, self.today, self.require_verified)
        if request.kinds and p.kind not in request.kinds:
            out.append("kind")
        if p.min_grade and s.grade < p.min_grade:
            out.append("grade")
        lbd = latest_birth_date(p.start_date, p.min_age)
        if lbd and s.birth_date > lbd:
            out.append("age")
        if s.expected_qualification < p.required_qualification:
            out.append("qualification")
        if p.kind == KIND_SCHOOL_INTERNSHIP:
            end = p.end_date or p.start_date
            if not (
                s.internship_start
                and s.internship_end
                and s.internship_start <= p.start_date
                and end <= s.internship_end
            ):
                out.append("internship_period")
        if (self.distance_km(p) if distance is None else distance) > s.travel_radius_km:
            out.append("radius")
        return out

    def parts(self, p: PlacementFacts, d: float) -> tuple[float, float, float, float, float]:
        """(total, interest, proximity, level_fit, chance): the formulas of interest(), proximity(),
        level_fit(), chance() and chance_factor() above, with this student's constants."""
        shares = self.shares
        i = 0.0
        for b in p.berufsfeld_ids:
            i += shares.get(b, 0.0)
        prox = math.exp(-d * d * self.decay)
        r = p.required_qualification
        lvl = self.level_table[r] if 0 <= r < len(self.level_table) else 0.0
        free = p.seats - p.accepted
        if free <= 0 or (self.crowd_limit and p.open_applications >= self.crowd_limit * free):
            ch = 0.0
        else:
            ch = p.answer_rate * min(1.0, free / (p.open_applications + 1))
        fit = self.w_interest * i + self.w_distance * prox + self.w_level * lvl
        if i <= 0.0:
            fit *= self.off_interest
        return fit * (self.floor + (1.0 - self.floor) * ch), i, prox, lvl, ch

    def scored_rows(self, rows: Iterable[tuple]) -> list[tuple[float, tuple, float]]:
        """(total, row, distance) of every eligible row, in the order given: distance_km(), eligible() and
        total() in one loop over plain tuples in PlacementFacts' field order (the database backend reads
        thousands per request, and a tuple costs a fraction of an object; it builds PlacementFacts for the
        page's hits only). The same rules and the same arithmetic in the same order as the methods above, so
        distances and scores are bit-identical; tests hold them to the same answers. `best` orders them."""
        s = self.student
        today, kinds, require_verified = self.today, self.kinds, self.require_verified
        grade, qualification, radius, birth = s.grade, s.expected_qualification, s.travel_radius_km, s.birth_date
        period = (s.internship_start, s.internship_end) if s.internship_start and s.internship_end else None
        lat0, cos_lat0, lon0 = self.lat0, self.cos_lat0, self.lon0
        two_r = 2 * EARTH_MEAN_RADIUS_M
        shares, level_table, levels = self.shares, self.level_table, len(self.level_table)
        decay, crowd_limit, off_interest = self.decay, self.crowd_limit, self.off_interest
        w_interest, w_distance, w_level = self.w_interest, self.w_distance, self.w_level
        floor, rest = self.floor, 1.0 - self.floor
        latest_birth = self._latest_birth
        radians, sin, cos, asin, sqrt, exp = math.radians, math.sin, math.cos, math.asin, math.sqrt, math.exp
        out: list[tuple[float, tuple, float]] = []
        append = out.append
        for row in rows:
            (
                pid, kind, lat, lon, bfs, start, end, deadline, seats, accepted, open_, min_grade, min_age,
                required, status, hidden, company_hidden, verified,
            ) = row[:18]  # fmt: skip
            # eligible()
            if status != PUBLISHED or hidden or company_hidden or (require_verified and not verified):
                continue
            if start < today or (deadline and deadline < today) or seats - accepted <= 0:
                continue
            if (kinds and kind not in kinds) or (min_grade and grade < min_grade) or qualification < required:
                continue
            if min_age:
                key = (start, min_age)
                lbd = latest_birth.get(key)
                if lbd is None:
                    lbd = latest_birth[key] = latest_birth_date(start, min_age)
                if lbd is not None and birth > lbd:
                    continue
            if kind == KIND_SCHOOL_INTERNSHIP and not (period and period[0] <= start and (end or start) <= period[1]):
                continue
            # distance_km()
            p2 = radians(lat)
            dlat = p2 - lat0
            dlon = radians(lon - lon0)
            h = sin(dlat / 2) ** 2 + cos_lat0 * cos(p2) * sin(dlon / 2) ** 2
            d = two_r * asin(min(1.0, sqrt(h))) / 1000.0
            if d > radius:
                continue
            # parts()
            i = 0.0
            for b in bfs:
                i += shares.get(b, 0.0)
            prox = exp(-d * d * decay)
            lvl = level_table[required] if 0 <= required < levels else 0.0
            free = seats - accepted
            if free <= 0 or (crowd_limit and open_ >= crowd_limit * free):
                ch = 0.0
            else:
                ch = row[21] * min(1.0, free / (open_ + 1))
            fit = w_interest * i + w_distance * prox + w_level * lvl
            if i <= 0.0:
                fit *= off_interest
            append((fit * (floor + rest * ch), row, d))
        return out

    def total(self, p: PlacementFacts, distance: float | None = None) -> float:
        return self.parts(p, self.distance_km(p) if distance is None else distance)[0]

    def score(self, p: PlacementFacts, distance: float | None = None) -> Score:
        d = self.distance_km(p) if distance is None else distance
        total, i, prox, lvl, ch = self.parts(p, d)
        return Score(total=total, interest=i, proximity=prox, level_fit=lvl, chance=ch, distance_km=d)

    def rank(self, placements: Iterable[PlacementFacts], limit: int | None = 20) -> list[tuple[PlacementFacts, Score]]:
        scored = []
        for p in placements:
            d = self.distance_km(p)
            if not self.ineligibility_reasons(p, d):
                scored.append((p, self.score(p, d)))
        scored.sort(key=lambda ps: rank_key(ps[1].total, ps[0].id))
        return scored[:limit] if limit else scored


def ineligibility_reasons(s: StudentFacts, p: PlacementFacts, request: MatchRequest | None = None) -> list[str]:
    """Codes of every rule the placement breaks for this student (empty list = eligible)."""
    return Matcher(s, request).ineligibility_reasons(p)


def is_eligible(s: StudentFacts, p: PlacementFacts, request: MatchRequest | None = None) -> bool:
    return not ineligibility_reasons(s, p, request)


# --- score ------------------------------------------------------------------------------------------
def distance_km(s: StudentFacts, p: PlacementFacts) -> float:
    return haversine_km(s.latitude, s.longitude, p.latitude, p.longitude)


def score(s: StudentFacts, p: PlacementFacts) -> Score:
    return Matcher(s).score(p)


def rank_key(total: float, placement_id: int):
    """Sort key shared by every backend: best score first, then the placement id."""
    return (-round(total, 9), placement_id)


def best(scored: list[tuple[float, tuple, float]], n: int) -> list[tuple[float, tuple, float]]:
    """The first n of (total, row, distance) in rank_key order (row[0] the id), with rank_key (a round() each)
    computed only near the cut: a total more than RANK_MARGIN below the n-th best total rounds (to 1e-9)
    strictly below it, so it cannot be among the first n."""
    if len(scored) > n > 0:
        cut = heapq.nlargest(n, scored, key=itemgetter(0))[-1][0] - RANK_MARGIN
        scored = [k for k in scored if k[0] >= cut]
    return sorted(scored, key=lambda k: rank_key(k[0], k[1][0]))[:n] if n > 0 else []


RANK_MARGIN = 3e-9  # more than rank_key's rounding step


def rank(
    s: StudentFacts, placements: Iterable[PlacementFacts], request: MatchRequest | None = None, limit: int | None = 20
) -> list[tuple[PlacementFacts, Score]]:
    """The reference implementation: every eligible placement, scored and ordered."""
    return Matcher(s, request).rank(placements, limit)


# --- explanation ------------------------------------------------------------------------------------
def format_km(km: float) -> str:
    return f"{km:.1f}".replace(".", ",")


def reasons(s: StudentFacts, p: PlacementFacts, sc: Score, berufsfeld_names: dict[int, str]) -> list[str]:
    """German sentences a student reads next to a match, strongest part first."""
    out = []
    shared = sorted(
        (b for b in set(p.berufsfeld_ids) if s.interests.get(b)),
        key=lambda b: (-s.interests[b], berufsfeld_names.get(b, "")),
    )
    if shared:
        out.append(
            _("passt zu deinen Interessen %(names)s")
            % {"names": name_list([berufsfeld_names.get(b, str(b)) for b in shared])}
        )
    out.append(_("%(km)s km von %(plz)s") % {"km": format_km(sc.distance_km), "plz": s.postal_code})
    if p.min_grade:
        out.append(_("ab Klasse %(grade)s") % {"grade": p.min_grade})
    if p.min_age:
        out.append(_("ab %(age)s Jahren") % {"age": p.min_age})
    if p.required_qualification and sc.level_fit >= 1.0:
        out.append(_("passt zu deinem angestrebten Abschluss"))
    free = p.free_seats
    if free == 1:
        out.append(_("noch 1 Platz frei"))
    else:
        out.append(_("noch %(n)s Plätze frei") % {"n": free})
    if p.open_applications == 0 and p.accepted == 0:  # a seat already given away came from an application
        out.append(_("noch keine Bewerbungen"))
    elif p.free_seats > 0 and p.open_applications < p.free_seats * LITTLE_COMPETITION:
        out.append(_("wenig Konkurrenz"))
    elif crowded(p.open_applications, p.free_seats):  # seekers.services refuses an application now: say so
        out.append(_("viele Bewerbungen: gerade keine neuen möglich"))
    if p.answer_days is not None:
        days = max(1, math.ceil(p.answer_days))
        if days == 1:
            out.append(_("antwortet meist in 1 Tag"))
        else:
            out.append(_("antwortet meist in %(n)s Tagen") % {"n": days})
    return out


def name_list(names: list[str]) -> str:
    """„Bau, Architektur, Vermessung“ und „IT, Computer“: Berufsfeld names contain commas themselves, so each
    is quoted and the last joined with "und"."""
    quoted = [_("„%(name)s“") % {"name": n} for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return _("%(first)s und %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}


LITTLE_COMPETITION = 1  # fewer open applications than free seats
