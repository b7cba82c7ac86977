"""simulate_clearing: a synthetic Dortmund application market, run through the REAL services, against today's policy.

The world (seeded): students of three kinds (grade-9 school internships inside their class's period, holiday
internships, apprenticeships) living at Dortmund postal codes with interests, radii and qualifications; companies
with sites, placements, seats and a response behaviour drawn per company (how often it answers at all, how many
days between its looks at the inbox). Placements cluster a little towards the centre and their Berufsfelder follow
a different mix than the students' interests, as in the city.

The clearing (3 rounds of ROUND_DAYS days; the clock is timezone.now, moved by the simulation):
  day 0   every student without a placement fills up to K open applications with their best-ranked eligible
          placements (matching.scoring.Matcher on facts read by the database backend, counts updated as they apply,
          as the live index would); a crowded placement (MAX_OPEN_PER_SEAT) says no and they take the next.
  daily   companies that look at their inbox that day answer each released application, unless they ignore it
          (drawn per application from the company's answer rate): offer to the best while seats are free,
          waitlist a few, decline the rest; students answer offers a day later (most take the best one, some
          decline, a few let it lapse); accepting withdraws overlapping applications and the student withdraws
          the rest of that kind; clearing.services.deadlines_run() lapses, reminds, re-offers.
Today's policy on the same world: one round, the additive availability term, no deadlines, offers or waitlists:
a company's "yes" is final, a student with several keeps the best and the other seats stay empty.

Shortcuts, so thousands of students run in minutes: no email is rendered (seekers.notifications._send is switched
off; the services still decide who would get which), and students are 18 or older for the services (a parent
consenting at once would double every application's writes and is not what is measured).

bound = a maximum matching over the eligible student–placement pairs with the placements' seats as capacities
(OR-Tools' max flow: source → student (1) → placement (1 per eligible pair) → sink (seats)).
"""

from __future__ import annotations

import datetime
import math
import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from unittest import mock

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend
from ortools.graph.python.max_flow import SimpleMaxFlow
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from backend.accounts.models import Role, User
from backend.api.exceptions import DomainError
from backend.reference.models import Berufsfeld, PostalCode, School
from companies.models import Company, Membership, Placement, Site
from matching import scoring
from matching.search.backends.database import facts_for, listed_placements
from seekers import notifications
from seekers import services as seekers
from seekers.models import (
    AWAITING_COMPANY,
    COMPETING_STATUSES,
    OPEN_STATUSES,
    SEAT_STATUSES,
    Application,
    ApplicationStatus,
    ClassMembership,
    Interest,
    SchoolClass,
    StudentProfile,
)

from . import policy
from . import services as clearing

ROUNDS = 3
ROUND_DAYS = 10  # the 7-day answer deadline plus the 3-day offer window
K = 3  # a student keeps up to K open applications (today's policy: their top TODAY_K once)
TODAY_K = 3
KINDS = ("school_internship", "holiday_internship", "apprenticeship")
KIND_SHARE = (0.5, 0.25, 0.25)
SEATS_PER_STUDENT = 0.95  # supply against demand, per kind
STUDENT_BF = {"IT": 6, "G": 5, "KKG": 4, "SP": 4, "M": 3, "WV": 3, "D": 2, "ME": 2}  # by Berufsfeld code prefix
WAITLIST = 3  # a company keeps this many on its waitlist per placement
DECLINE_PROFILE = 0.08  # a company turns this share of applicants down whatever its seats
OFFER_DECLINE = 0.08  # a student declines an offer they would otherwise take
OFFER_IGNORE = 0.04  # ... or lets it lapse
HOLD_UNTIL = datetime.timedelta(days=1)  # a student holds an offer while a better fit may answer, until its last day


@dataclass
class SimStudent:
    kind: str
    postal_code: str
    lat: float
    lon: float
    radius: int
    grade: int
    age: int
    qualification: int
    interests: dict[int, int]
    period: int | None = None  # index into World.periods for school internships


@dataclass
class SimCompany:
    answer_p: float  # share of applications it answers at all
    every: int  # days between its looks at the inbox
    offset: int
    lat: float
    lon: float
    postal_code: str


@dataclass
class SimPlacement:
    company: int
    kind: str
    start: datetime.date
    end: datetime.date
    seats: int
    berufsfelder: tuple[int, ...]
    required_qualification: int
    lat: float
    lon: float


@dataclass
class World:
    today: datetime.date
    periods: list[tuple[datetime.date, datetime.date]]
    students: list[SimStudent]
    companies: list[SimCompany]
    placements: list[SimPlacement]


def build_world(n_students: int, seed: int) -> World:
    rng = random.Random(seed)
    today = timezone.localdate()
    codes = list(
        PostalCode.objects.filter(code__startswith="44", district__isnull=False)
        .order_by("code")
        .values_list("code", "latitude", "longitude")
    )
    bfs = list(Berufsfeld.objects.order_by("id").values_list("id", "code"))
    bf_ids = [b for b, _ in bfs]
    student_w = [next((w for p, w in STUDENT_BF.items() if code.startswith(p)), 1) for _, code in bfs]
    placement_w = [7 - w if w > 1 else 4 for w in student_w]  # supply leans where demand does not
    periods = [
        (today + datetime.timedelta(days=60 + 14 * i), today + datetime.timedelta(days=60 + 14 * i + 13))
        for i in range(3)
    ]
    students = []
    for _ in range(n_students):
        kind = rng.choices(KINDS, KIND_SHARE)[0]
        code, lat, lon = rng.choice(codes)
        chosen = set(rng.choices(bf_ids, student_w, k=rng.randint(1, 3)))
        interests = {b: rng.randint(2, 5) for b in chosen}
        if kind == "school_internship":
            grade, age, qual = 9, rng.choice([14, 15]), rng.choice([1, 2, 3, 3, 5])
        elif kind == "holiday_internship":
            grade, age, qual = rng.choice([9, 10, 11]), rng.choice([15, 16, 17]), rng.choice([1, 2, 3, 3, 5])
        else:
            grade, age, qual = (
                rng.choice([10, 10, 12, 13]),
                rng.choice([16, 17, 18, 19]),
                rng.choice([1, 2, 3, 3, 4, 5]),
            )
        students.append(SimStudent(kind, code, lat, lon, rng.choice([6, 8, 10, 12, 15]), grade, age, qual, interests))
    for i, s in enumerate(s for s in students if s.kind == "school_internship"):
        s.period = (i // 25) % len(periods)  # classes of 25, each with its period
    centre = (51.5136, 7.4653)
    companies = []
    n_companies = max(10, n_students // 4)
    for _ in range(n_companies):
        code, lat, lon = rng.choice(codes)
        if rng.random() < 0.4:  # more sites near the centre
            lat, lon = (lat + centre[0]) / 2, (lon + centre[1]) / 2
        lat += rng.uniform(-0.01, 0.01)
        lon += rng.uniform(-0.015, 0.015)
        answer_p = rng.choices([0.97, 0.8, 0.35], [0.4, 0.4, 0.2])[0]
        every = rng.choice([1, 2, 3, 5])
        companies.append(SimCompany(answer_p, every, rng.randrange(every), lat, lon, code))
    placements = []
    for kind in KINDS:
        demand = sum(1 for s in students if s.kind == kind)
        seats_left = round(demand * SEATS_PER_STUDENT)
        while seats_left > 0:
            seats = min(seats_left, rng.choices([1, 2, 3, 4], [0.55, 0.25, 0.12, 0.08])[0])
            seats_left -= seats
            company = rng.randrange(n_companies)
            if kind == "school_internship":
                start, end = periods[rng.randrange(len(periods))]
                end = start + datetime.timedelta(days=11)
                req = 0
            elif kind == "holiday_internship":
                start = today + datetime.timedelta(days=rng.randint(70, 110))
                end, req = start + datetime.timedelta(days=rng.choice([4, 9, 13])), 0
            else:
                start = today + datetime.timedelta(days=250)
                end, req = start + datetime.timedelta(days=3 * 365), rng.choice([1, 1, 2, 3, 3, 4])
            fields = tuple(sorted(set(rng.choices(bf_ids, placement_w, k=rng.randint(1, 2)))))
            c = companies[company]
            placements.append(SimPlacement(company, kind, start, end, seats, fields, req, c.lat, c.lon))
    return World(today, periods, students, companies, placements)


# --- into the database ------------------------------------------------------------------------------------
@dataclass
class Db:
    student_ids: list[int] = field(default_factory=list)  # StudentProfile pk per sim student
    student_users: list[int] = field(default_factory=list)
    member_of: list[int] = field(default_factory=list)  # company index -> member user pk
    placement_ids: list[int] = field(default_factory=list)
    company_ids: list[int] = field(default_factory=list)


def _birth(today: datetime.date, age: int, rng: random.Random) -> datetime.date:
    """18 or older for the services (see the module docstring); `age` keeps the world's draws stable."""
    return today - datetime.timedelta(days=max(age, 18) * 365 + rng.randint(30, 300))


@transaction.atomic
def materialise(world: World, seed: int) -> Db:
    rng = random.Random(seed + 1)
    db = Db()
    password = make_password(None)  # nobody logs in
    now = timezone.now()
    school = School.objects.order_by("number").first()
    users = User.objects.bulk_create(
        [
            User(email=f"s{i}@sim.example", role=Role.STUDENT, password=password, email_verified_at=now, first_name="S")
            for i in range(len(world.students))
        ]
    )
    profiles = StudentProfile.objects.bulk_create(
        [
            StudentProfile(
                user=u,
                birth_date=_birth(world.today, s.age, rng),
                grade=s.grade,
                expected_qualification=s.qualification,
                postal_code_id=s.postal_code,
                travel_radius_km=s.radius,
            )
            for u, s in zip(users, world.students, strict=True)
        ]
    )
    db.student_ids = [p.pk for p in profiles]
    db.student_users = [u.pk for u in users]
    Interest.objects.bulk_create(
        [
            Interest(student=p, berufsfeld_id=b, weight=w)
            for p, s in zip(profiles, world.students, strict=True)
            for b, w in s.interests.items()
        ]
    )
    classes = SchoolClass.objects.bulk_create(
        [
            SchoolClass(
                school=school,
                name=f"9{i}",
                school_year="2026/27",
                grade=9,
                internship_start=a,
                internship_end=b,
                join_code=f"SIM{i:05d}",
            )
            for i, (a, b) in enumerate(world.periods)
        ]
    )
    ClassMembership.objects.bulk_create(
        [
            ClassMembership(school_class=classes[s.period], student=p)
            for p, s in zip(profiles, world.students, strict=True)
            if s.period is not None
        ]
    )
    companies = Company.objects.bulk_create(
        [Company(name=f"Firma {i}", slug=f"firma-{i}", is_verified=True) for i in range(len(world.companies))]
    )
    db.company_ids = [c.pk for c in companies]
    members = User.objects.bulk_create(
        [
            User(email=f"c{i}@sim.example", role=Role.COMPANY, password=password, email_verified_at=now)
            for i in range(len(companies))
        ]
    )
    Membership.objects.bulk_create([Membership(company=c, user=u) for c, u in zip(companies, members, strict=True)])
    db.member_of = [u.pk for u in members]
    sites = Site.objects.bulk_create(
        [
            Site(
                company=c,
                name="Standort",
                street="Teststraße 1",
                postal_code_id=sc.postal_code,
                latitude=sc.lat,
                longitude=sc.lon,
            )
            for c, sc in zip(companies, world.companies, strict=True)
        ]
    )
    placements = Placement.objects.bulk_create(
        [
            Placement(
                company=companies[p.company],
                site=sites[p.company],
                kind=p.kind,
                title=f"Platz {i}",
                slug=f"platz-{i}",
                start_date=p.start,
                end_date=p.end,
                seats=p.seats,
                required_qualification=p.required_qualification,
                status="published",
                published_at=now,
            )
            for i, p in enumerate(world.placements)
        ]
    )
    through = Placement.berufsfelder.through
    through.objects.bulk_create(
        [
            through(placement_id=pl.pk, berufsfeld_id=b)
            for pl, p in zip(placements, world.placements, strict=True)
            for b in p.berufsfelder
        ]
    )
    db.placement_ids = [p.pk for p in placements]
    return db


# --- eligibility and the bound ----------------------------------------------------------------------------
def student_facts(world: World, db: Db, i: int, birth: dict[int, datetime.date]) -> scoring.StudentFacts:
    s = world.students[i]
    period = world.periods[s.period] if s.period is not None else (None, None)
    return scoring.StudentFacts(
        id=db.student_ids[i],
        latitude=s.lat,
        longitude=s.lon,
        postal_code=s.postal_code,
        grade=s.grade,
        birth_date=birth[db.student_ids[i]],
        expected_qualification=s.qualification,
        travel_radius_km=float(s.radius),
        interests=dict(s.interests),
        internship_start=period[0],
        internship_end=period[1],
    )


def eligible_lists(world: World, facts: list[scoring.StudentFacts], pfacts: dict[int, scoring.PlacementFacts]):
    """Per student: [(placement pk, distance km)] eligible at the start (numpy narrows by distance first)."""
    pids = list(pfacts)
    lat = np.radians([pfacts[p].latitude for p in pids])
    lon = np.radians([pfacts[p].longitude for p in pids])
    out = []
    for i, sf in enumerate(facts):
        lat0, lon0 = math.radians(sf.latitude), math.radians(sf.longitude)
        h = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
        d = 2 * scoring.EARTH_MEAN_RADIUS_M / 1000 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        matcher = scoring.Matcher(sf, scoring.MatchRequest(kinds=(world.students[i].kind,), today=world.today))
        near = np.nonzero(d <= sf.travel_radius_km * 1.001)[0]
        row = []
        for j in near:
            p = pfacts[pids[j]]
            dist = matcher.distance_km(p)
            if matcher.eligible(p, dist):
                row.append((p.id, dist))
        out.append(row)
    return out


def bound(eligible: list[list[tuple[int, float]]], seats: dict[int, int]) -> int:
    """Maximum number of students placed at all: max flow through the eligible pairs, each seat used once."""
    flow = SimpleMaxFlow()
    n = len(eligible)
    node = {pid: n + 2 + j for j, pid in enumerate(seats)}
    source, sink = n, n + 1
    for i, row in enumerate(eligible):
        if row:
            flow.add_arc_with_capacity(source, i, 1)
        for pid, _ in row:
            flow.add_arc_with_capacity(i, node[pid], 1)
    for pid, k in seats.items():
        flow.add_arc_with_capacity(node[pid], sink, k)
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(flow.optimal_flow())


def fit_ceiling(eligible: list[list[tuple[int, float]]], seats: dict[int, int], fit, placed: int) -> float:
    """The highest mean interest fit ANY assignment of exactly `placed` students could reach (min-cost flow over
    the eligible pairs, cost = −fit): what a planner who knew everything would get for that many placed. Placing
    more students than a one-round policy must go down this curve, since the extra ones fit less."""
    if placed <= 0:
        return 0.0
    flow = SimpleMinCostFlow()
    n = len(eligible)
    node = {pid: n + 2 + j for j, pid in enumerate(seats)}
    source, sink = n, n + 1
    for i, row in enumerate(eligible):
        if row:
            flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
        for pid, _ in row:
            flow.add_arc_with_capacity_and_unit_cost(i, node[pid], 1, -round(10_000 * fit(i, pid)))
    for pid, k in seats.items():
        flow.add_arc_with_capacity_and_unit_cost(node[pid], sink, k, 0)
    flow.set_node_supply(source, placed)
    flow.set_node_supply(sink, -placed)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min cost flow failed")
    return -flow.optimal_cost() / 10_000 / placed


def gini(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    total = sum(v)
    if n == 0 or total == 0:
        return 0.0
    return sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(v)) / (n * total)


@dataclass
class Result:
    students: int
    placed: int
    bound: int
    max_open_per_free_seat: float
    gini: float
    unanswered_after_deadline: int
    first_choice: int
    fits: list[float]

    def line(self) -> str:
        placed = 100 * self.placed / self.students
        bound = 100 * self.bound / self.students
        share = 100 * self.placed / self.bound if self.bound else 0.0
        first = 100 * self.first_choice / self.placed if self.placed else 0.0
        mean_fit = statistics.fmean(self.fits) if self.fits else 0.0
        return (
            f"students={self.students} placed={placed:.1f}% bound={bound:.1f}% share_of_bound={share:.1f}% "
            f"max_open_per_free_seat={self.max_open_per_free_seat:.2f} gini_applications_per_seat={self.gini:.3f} "
            f"unanswered_after_deadline={self.unanswered_after_deadline} first_choice={first:.1f}% "
            f"mean_fit={mean_fit:.3f}"
        )


# --- today's policy ---------------------------------------------------------------------------------------
def today_policy(world, facts, pfacts, eligible, company_of, seed) -> tuple[Result, int]:
    """One round: top K by the additive availability score, a company's yes is final, no deadlines."""
    rng = random.Random(seed + 7)
    cfg = scoring.config()
    w = {"interest": 0.45, "distance": 0.30, "level": 0.15, "availability": 0.10}
    open_by: dict[int, int] = defaultdict(int)
    applied: dict[int, list[int]] = {}
    order = list(range(len(facts)))
    rng.shuffle(order)
    for i in order:
        sf = facts[i]
        matcher = scoring.Matcher(sf, scoring.MatchRequest(kinds=(world.students[i].kind,), today=world.today))
        scored = []
        for pid, d in eligible[i]:
            p = pfacts[pid]
            _, interest, prox, lvl, _ = matcher.parts(p, d)
            av = scoring.availability(open_by[pid], p.seats, cfg["AVAILABILITY_ALPHA"])
            total = w["interest"] * interest + w["distance"] * prox + w["level"] * lvl + w["availability"] * av
            scored.append((scoring.rank_key(total, pid), pid, interest))
        scored.sort()
        applied[i] = [pid for _, pid, _ in scored[:TODAY_K]]
        for pid in applied[i]:
            open_by[pid] += 1
    by_placement: dict[int, list[int]] = defaultdict(list)
    for i, pids in applied.items():
        for pid in pids:
            by_placement[pid].append(i)
    accepted: dict[int, list[int]] = defaultdict(list)  # student -> placements that said yes
    ignored = 0
    for pid, applicants in by_placement.items():
        company = world.companies[company_of[pid]]
        answered = []
        for i in applicants:
            if rng.random() < company.answer_p:
                answered.append(i)
            else:
                ignored += 1
        answered.sort(key=lambda i: (-scoring.interest(world.students[i].interests, pfacts[pid].berufsfeld_ids), i))
        seats = pfacts[pid].seats
        for i in answered:
            if seats > 0 and rng.random() >= DECLINE_PROFILE:
                accepted[i].append(pid)
                seats -= 1
    placed = first = 0
    fits = []
    for i, pids in accepted.items():
        best = min(pids, key=applied[i].index)
        placed += 1
        first += best == applied[i][0]
        fits.append(scoring.interest(world.students[i].interests, pfacts[best].berufsfeld_ids))
    per_seat = [open_by[pid] / pfacts[pid].seats for pid in pfacts]
    max_open = max((open_by[pid] / pfacts[pid].seats for pid in pfacts), default=0.0)
    return Result(len(facts), placed, 0, max_open, gini(per_seat), ignored, first, fits), ignored


# --- the clearing, through the services -------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now


def run_clearing(world: World, db: Db, facts, eligible, seed: int, clock: Clock, progress=None) -> Result:
    rng = random.Random(seed + 13)
    users = {u.pk: u for u in User.objects.filter(pk__in=db.member_of)}
    students = {p.pk: p for p in StudentProfile.objects.select_related("user").filter(pk__in=db.student_ids)}
    index_of = {pk: i for i, pk in enumerate(db.student_ids)}
    company_index = {pk: i for i, pk in enumerate(db.company_ids)}
    placement_company = dict(Placement.objects.values_list("pk", "company_id"))
    ignores: dict[int, bool] = {}  # application pk -> the company never answers it
    student_ignores: dict[int, bool] = {}
    applied: dict[int, set[int]] = defaultdict(set)
    first_choice: dict[int, int] = {}
    total_applications: dict[int, int] = defaultdict(int)
    max_open = 0.0
    refused: dict[str, int] = defaultdict(int)
    interests_of = {db.student_ids[i]: s.interests for i, s in enumerate(world.students)}
    bfs_of = {pk: world.placements[i].berufsfelder for i, pk in enumerate(db.placement_ids)}
    for rnd in range(ROUNDS):
        today = timezone.localdate()
        pfacts = {p.id: p for p in facts_for(listed_placements(today))}
        open_now: defaultdict[int, int] = defaultdict(int)
        for sid in Application.objects.filter(status__in=OPEN_STATUSES).values_list("student_id", flat=True):
            open_now[sid] += 1
        placed = set(Application.objects.filter(status__in=SEAT_STATUSES).values_list("student_id", flat=True))
        order = list(range(len(facts)))
        rng.shuffle(order)
        for i in order:
            sid = db.student_ids[i]
            want = K - open_now[sid]
            if sid in placed or want <= 0:
                continue
            matcher = scoring.Matcher(facts[i], scoring.MatchRequest(kinds=(world.students[i].kind,), today=today))
            scored = []
            for pid, d in eligible[i]:
                p = pfacts.get(pid)
                if p is None or p.free_seats <= 0 or pid in applied[sid]:
                    continue
                scored.append((scoring.rank_key(matcher.parts(p, d)[0], pid), pid))
            scored.sort()
            limit = policy.config()["MAX_OPEN_PER_SEAT"]
            for _, pid in scored:
                if want <= 0:
                    break
                p = pfacts[pid]
                if limit and p.open_applications >= limit * p.free_seats:
                    continue  # the placement page says it takes no more applications right now
                try:
                    seekers.application_submit(
                        student=students[sid], placement=Placement(pk=pid), message="Ich möchte diesen Platz gern."
                    )
                except DomainError as exc:  # counted: the services said no
                    refused[exc.code] += 1
                    continue
                want -= 1
                applied[sid].add(pid)
                first_choice.setdefault(sid, pid)
                total_applications[pid] += 1
                pfacts[pid].open_applications += 1
        max_open = max(max_open, open_per_free_seat())
        for day in range(ROUND_DAYS):
            day_no = day + rnd * ROUND_DAYS
            companies_answer(
                world, db, users, company_index, placement_company, ignores, rng, day_no, interests_of, bfs_of
            )
            students_answer(students, student_ignores, rng, interests_of, bfs_of)
            clearing.deadlines_run()
            clock.now += datetime.timedelta(days=1)
            if hasattr(default_task_backend, "clear"):
                default_task_backend.clear()  # the dummy backend keeps every enqueued task in memory
        if progress:
            progress(rnd + 1, dict(refused))
    clearing.deadlines_run()
    now = timezone.now()
    unanswered = (
        Application.objects.filter(status__in=AWAITING_COMPANY, respond_by__lt=now).count()
        + Application.objects.filter(status=ApplicationStatus.OFFERED, offer_expires_at__lt=now).count()
    )
    placed_rows = list(
        Application.objects.filter(status=ApplicationStatus.ACCEPTED).values_list("student_id", "placement_id")
    )
    berufsfelder = defaultdict(list)
    for pid, b in Placement.berufsfelder.through.objects.values_list("placement_id", "berufsfeld_id"):
        berufsfelder[pid].append(b)
    fits = [scoring.interest(world.students[index_of[sid]].interests, berufsfelder[pid]) for sid, pid in placed_rows]
    seats = dict(Placement.objects.values_list("pk", "seats"))
    per_seat = [total_applications[pid] / seats[pid] for pid in seats]
    return Result(
        len(facts),
        len({sid for sid, _ in placed_rows}),
        0,
        max_open,
        gini(per_seat),
        unanswered,
        sum(1 for sid, pid in placed_rows if first_choice.get(sid) == pid),
        fits,
    )


def open_per_free_seat() -> float:
    """The most open applications per free seat on any placement with a free seat, now."""
    open_by: defaultdict[int, int] = defaultdict(int)
    taken: defaultdict[int, int] = defaultdict(int)
    rows = Application.objects.filter(status__in=[*COMPETING_STATUSES, *SEAT_STATUSES]).values_list(
        "placement_id", "status"
    )
    for pid, status in rows:
        if status in SEAT_STATUSES:
            taken[pid] += 1
        else:
            open_by[pid] += 1
    seats = dict(Placement.objects.filter(pk__in=list(open_by)).values_list("pk", "seats"))
    ratios = [n / (seats[pid] - taken[pid]) for pid, n in open_by.items() if seats[pid] - taken[pid] > 0]
    return max(ratios, default=0.0)


def companies_answer(
    world, db, users, company_index, placement_company, ignores, rng, day: int, interests_of, bfs_of
) -> None:
    """Companies that look at their inbox today answer what they see (unless they ignore it)."""
    waiting = (
        Application.objects.filter(status__in=AWAITING_COMPANY)
        .select_related("placement")
        .order_by("placement_id", "pk")
    )
    by_placement: dict[int, list[Application]] = defaultdict(list)
    for app in waiting:
        c = world.companies[company_index[placement_company[app.placement_id]]]
        if day % c.every != c.offset:
            continue
        if app.pk not in ignores:
            ignores[app.pk] = rng.random() >= c.answer_p
        if not ignores[app.pk]:
            by_placement[app.placement_id].append(app)
    # one read for all, not two per placement
    taken_by: defaultdict[int, int] = defaultdict(int)
    waitlisted_by: defaultdict[int, int] = defaultdict(int)
    counted = Application.objects.filter(
        placement_id__in=list(by_placement), status__in=[*SEAT_STATUSES, ApplicationStatus.WAITLISTED]
    )
    for pid, status in counted.values_list("placement_id", "status"):
        (waitlisted_by if status == ApplicationStatus.WAITLISTED else taken_by)[pid] += 1
    for pid, apps in by_placement.items():
        member = users[db.member_of[company_index[placement_company[pid]]]]
        placement = apps[0].placement
        bf = bfs_of[pid]
        apps.sort(key=lambda a: (-scoring.interest(interests_of[a.student_id], bf), a.pk))
        waitlisted = waitlisted_by[pid]
        free = placement.seats - taken_by[pid]
        for app in apps:
            if rng.random() < DECLINE_PROFILE:
                seekers.application_decline(application=app, by=member, reason="profile")
            elif free > 0:
                seekers.application_accept(application=app, by=member)
                free -= 1
            elif waitlisted < WAITLIST:
                seekers.application_waitlist(application=app, by=member)
                waitlisted += 1
            else:
                seekers.application_decline(application=app, by=member, reason="seats_taken")


def students_answer(students, student_ignores, rng, interests_of, bfs_of) -> None:
    """Offers made at least a day ago: take the best (by interest), or decline, or let it lapse."""
    cutoff = timezone.now() - datetime.timedelta(hours=20)
    offers = defaultdict(list)
    live_offers = Application.objects.filter(
        status=ApplicationStatus.OFFERED, updated_at__lte=cutoff, offer_expires_at__gt=timezone.now()
    )
    for app in live_offers.select_related("placement"):
        offers[app.student_id].append(app)
    pending = defaultdict(list)  # student -> placements still to answer them (or to offer from the waitlist)
    waiting = Application.objects.filter(
        student_id__in=list(offers), status__in=[*AWAITING_COMPANY, ApplicationStatus.WAITLISTED]
    )
    for sid, pid in waiting.values_list("student_id", "placement_id"):
        pending[sid].append(pid)
    for sid, apps in offers.items():
        student = students[sid]
        interests = interests_of[sid]
        live = []
        for app in apps:
            if app.pk not in student_ignores:
                student_ignores[app.pk] = rng.random() < OFFER_IGNORE
            if not student_ignores[app.pk]:
                live.append(app)
        if not live:
            continue
        live.sort(key=lambda a: (-scoring.interest(interests, bfs_of[a.placement_id]), a.pk))
        best = live[0]
        if (
            best.offer_expires_at
            and best.offer_expires_at - timezone.now() > HOLD_UNTIL
            and scoring.interest(interests, bfs_of[best.placement_id])
            < max((scoring.interest(interests, bfs_of[pid]) for pid in pending.get(sid, ())), default=0.0)
        ):
            continue  # a better-fitting answer may still come: keep the offer until its last day
        if rng.random() < OFFER_DECLINE:
            seekers.offer_decline(application=best, by=student.user)
            continue
        seekers.offer_accept(application=best, by=student.user)
        # placed: the student withdraws what is left of this kind (overlapping dates went already)
        for other in Application.objects.filter(
            student_id=sid, status__in=OPEN_STATUSES, placement__kind=best.placement.kind
        ):
            seekers.application_withdraw(application=other, by=student.user)


def run(n_students: int, seed: int, write=print) -> tuple[str, str]:
    """Build the world in the current (throw-away) database and return (today's line, the clearing's line)."""
    clock = Clock()
    with mock.patch.object(timezone, "now", clock), mock.patch.object(notifications, "_send", lambda **kw: None):
        world = build_world(n_students, seed)
        db = materialise(world, seed)
        birth = dict(StudentProfile.objects.values_list("pk", "birth_date"))
        facts = [student_facts(world, db, i, birth) for i in range(len(world.students))]
        pfacts = {p.id: p for p in facts_for(Placement.objects.all())}
        eligible = eligible_lists(world, facts, pfacts)
        max_matched = bound(eligible, {pid: p.seats for pid, p in pfacts.items()})
        company_index = {cid: i for i, cid in enumerate(db.company_ids)}
        company_of = {pid: company_index[cid] for pid, cid in Placement.objects.values_list("pk", "company_id")}
        write(
            f"world: {len(world.students)} students, {len(world.companies)} companies, {len(world.placements)} "
            f"placements, {sum(p.seats for p in world.placements)} seats; deadline {policy.config()['RESPONSE_DAYS']} "
            f"days, offers {policy.config()['OFFER_DAYS']} days, cap {policy.config()['OPEN_CAP']}, top {K}"
        )
        today, _ = today_policy(world, facts, pfacts, eligible, company_of, seed)
        today.bound = max_matched
        result = run_clearing(
            world, db, facts, eligible, seed, clock, progress=lambda r, refused: write(f"round {r} done {refused}")
        )
        result.bound = max_matched
        seats = {pid: p.seats for pid, p in pfacts.items()}

        def fit(i, pid):
            return scoring.interest(world.students[i].interests, pfacts[pid].berufsfeld_ids)

        write(
            "fit ceiling (best mean_fit any assignment reaches placing as many): "
            f"today's {today.placed}: {fit_ceiling(eligible, seats, fit, today.placed):.3f}, "
            f"the clearing's {result.placed}: {fit_ceiling(eligible, seats, fit, result.placed):.3f}, "
            f"95% of the bound ({math.ceil(0.95 * max_matched)}): "
            f"{fit_ceiling(eligible, seats, fit, math.ceil(0.95 * max_matched)):.3f}"
        )
    return "today (1 round, additive availability, no deadlines): " + today.line(), result.line()
