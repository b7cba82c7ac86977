"""Benchmark of the city's dashboard: `python manage.py bench_dashboard` (part of `make bench`, not `make test`).

Builds a synthetic city in a throw-away database (the test database of the configured one: PostgreSQL when
DATABASE_URL points there, else SQLite in memory): by default 10,000 placements, 20,000 students and 100,000
applications, and daily snapshots since the previous school year began; then renders the staff dashboard page
through Django's test client several times and reports the server time (p50/p95) and the number of queries — also for a city a tenth of that size, to show that the number
of queries does not grow with the data.

The page shows the figures the background task keeps (monitoring.services.figures): before measuring, the task's
work (refresh_all_figures) runs once, as the worker runs it every few minutes, and its time is printed on a line
of its own — counting the city live is that task's cost, not the page's. Last line:
  dashboard placements=… students=… applications=… p50_ms=… p95_ms=… queries=… queries_at_tenth=…
"""

from __future__ import annotations

import datetime
import random
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.reference.models import Berufsfeld, PostalCode, SchoolType
from companies.models import Company, Placement, PlacementKind, PlacementStatus, Site, SizeBand
from monitoring.models import DailySnapshot
from monitoring.services import refresh_all_figures
from seekers.models import Application, ApplicationStatus, Interest, StudentProfile

PLACEMENTS, STUDENTS, APPLICATIONS = 10_000, 20_000, 100_000


def build_city(rng: random.Random, placements: int, students: int, applications: int, tag: str = "") -> None:
    """Companies, sites, placements, students with interests and applications, written in bulk."""
    today = timezone.localdate()
    now = timezone.now()
    codes = list(PostalCode.objects.filter(district__isnull=False))
    fields = list(Berufsfeld.objects.all())
    n_companies = max(1, placements // 4)
    companies = Company.objects.bulk_create(
        Company(
            name=f"Bench {tag}{i}",
            slug=f"bench-{tag}{i}",
            is_verified=True,
            size_band=rng.choice(SizeBand.values),
        )
        for i in range(n_companies)
    )
    company_fields = Company.berufsfelder.through
    company_fields.objects.bulk_create(
        company_fields(company_id=c.pk, berufsfeld_id=rng.choice(fields).pk) for c in companies
    )
    sites = []
    for c in companies:
        code = rng.choice(codes)
        sites.append(
            Site(
                company=c,
                name="Sitz",
                street="Beispielweg 1",
                postal_code=code,
                latitude=code.latitude,
                longitude=code.longitude,
                district_id=code.district_id,
            )
        )
    Site.objects.bulk_create(sites)
    rows = []
    for i in range(placements):
        site = sites[i % len(sites)]
        rows.append(
            Placement(
                company_id=site.company_id,
                site=site,
                kind=rng.choice(PlacementKind.values),
                title=f"Angebot {i}",
                slug=f"angebot-{i}",
                start_date=today + datetime.timedelta(days=rng.randint(1, 300)),
                seats=rng.randint(1, 5),
                status=PlacementStatus.PUBLISHED,
                published_at=now,
            )
        )
    created = Placement.objects.bulk_create(rows, batch_size=2000)
    through = Placement.berufsfelder.through
    through.objects.bulk_create(
        (through(placement_id=p.pk, berufsfeld_id=rng.choice(fields).pk) for p in created), batch_size=5000
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        (User(email=f"bench{tag}{i}@bench.example", role=Role.STUDENT, password=password) for i in range(students)),
        batch_size=5000,
    )
    profiles = StudentProfile.objects.bulk_create(
        (
            StudentProfile(
                user=u,
                birth_date=today.replace(year=today.year - rng.randint(13, 19)),
                school_type=rng.choice(SchoolType.values),
                grade=rng.randint(8, 12),
                postal_code=rng.choice(codes),
            )
            for u in users
        ),
        batch_size=5000,
    )
    Interest.objects.bulk_create(
        (
            Interest(student=p, berufsfeld=f, weight=rng.randint(2, 5))
            for p in profiles
            for f in rng.sample(fields, rng.randint(1, 3))
        ),
        batch_size=5000,
    )
    statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED]
    seen = set()
    apps: list[Application] = []
    while len(apps) < applications:
        student, placement = rng.choice(profiles), rng.choice(created)
        if (student.pk, placement.pk) in seen:
            continue
        seen.add((student.pk, placement.pk))
        released = now - datetime.timedelta(days=rng.randint(0, 60))
        status = rng.choice(statuses)
        answered = (
            None if status == ApplicationStatus.SUBMITTED else released + datetime.timedelta(hours=rng.randint(2, 400))
        )
        apps.append(
            Application(
                student=student,
                placement=placement,
                message="Bench",
                status=status,
                released_at=released,
                answered_at=answered,
            )
        )
    Application.objects.bulk_create(apps, batch_size=5000)


def add_snapshots(rng: random.Random) -> None:
    """Daily snapshots since the previous school year began, as the periodic task leaves them: the page draws and
    tabulates them (the trend), so a city that has run for a while has them."""
    today = timezone.localdate()
    day = datetime.date(today.year - (1 if today.month >= 8 else 2), 8, 1)
    rows = []
    while day <= today:
        n = (day - datetime.date(2020, 1, 1)).days
        rows.append(
            DailySnapshot(
                day=day,
                figures={
                    "placements": 10 * n % 10_000,
                    "seats": 30 * n % 30_000,
                    "students": 40 * n % 20_000,
                    "applications": 200 * n % 100_000,
                    "open_applications": rng.randint(0, 20_000),
                    "placed_students": rng.choice([rng.randint(1, 4), rng.randint(5, 5000)]),
                },
            )
        )
        day += datetime.timedelta(days=1)
    DailySnapshot.objects.bulk_create(rows)


def run_job() -> str:
    """The background task's work once, timed."""
    start = time.perf_counter()
    kept = refresh_all_figures()
    elapsed = (time.perf_counter() - start) * 1000
    return f"filters={len(kept)} ms={elapsed:.0f}"


def measure(passes: int) -> tuple[list[float], int]:
    """Server time (ms) of each pass rendering the dashboard page as city staff, and the queries of one pass."""
    staff, _ = User.objects.get_or_create(email="bench-staff@bench.example", defaults={"role": Role.STAFF})
    client = Client()
    client.force_login(staff)
    times, queries = [], 0
    for _ in range(passes + 1):  # the first pass warms caches and is not counted
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get("/stadt/monitoring/")
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        times.append(elapsed)
        queries = len(captured.captured_queries)
    return times[1:], queries


def run(*, scale: float = 1.0, passes: int = 15, seed: int = 42) -> str:
    """Build the city in a throw-away test database, run the figures job, measure the page, drop the database;
    return the result lines (the job's times, then the page's)."""
    rng = random.Random(seed)
    sizes = [round(PLACEMENTS * scale), round(STUDENTS * scale), round(APPLICATIONS * scale)]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        add_snapshots(rng)
        small = [max(1, s // 10) for s in sizes]
        build_city(rng, small[0], small[1], small[2], tag="a")
        job_small = run_job()
        _times, queries_small = measure(3)
        build_city(rng, sizes[0] - small[0], sizes[1] - small[1], sizes[2] - small[2], tag="b")
        job = run_job()
        times, queries = measure(passes)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return (
        f"figures job (background task) at a tenth: {job_small}\n"
        f"figures job (background task): {job}\n"
        f"dashboard placements={sizes[0]} students={sizes[1]} applications={sizes[2]} "
        f"p50_ms={statistics.median(times):.0f} p95_ms={p95:.0f} queries={queries} queries_at_tenth={queries_small}"
    )
