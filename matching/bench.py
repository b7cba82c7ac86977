"""Benchmark of ranking one student's top 20: `make bench` (= `python -m matching.bench`), not part of `make test`.

Synthetic Dortmund-like data (sites at Dortmund postal-code centres with some jitter, the 16 Berufsfelder,
realistic kinds, seats, requirements and applications) at 1k, 10k and 100k placements, and 1,000 random
students. For each size and backend: p50 and p95 of one `search()` for a student's top 20; bulk indexing
throughput of the Elasticsearch rebuild; and the in-process lower bound (numpy scoring every placement in
memory, same definition) on the same data. Prints one table with the ratios to that bound.

The data goes into a throw-away database made by Django's test-database machinery (SQLite in memory;
for PostgreSQL a database named bench_<name>, dropped at the end) and a throw-away Elasticsearch index.

Environment:
  BENCH_SIZES           comma-separated sizes, default "1000,10000,100000"
  BENCH_STUDENTS        students to rank, default 1000
  BENCH_BUDGET_S        time budget per (backend, size) for the queries, default 20 s: slow backends at
                        big sizes rank fewer students (the table says how many)
  BENCH_DATABASE_URL    PostgreSQL to measure, e.g. postgres://daw:daw@127.0.0.1:5432/daw_matching
                        (falls back to DATABASE_URL when that is PostgreSQL); unset: SQLite only
  ELASTICSEARCH_URL     Elasticsearch to measure, e.g. http://127.0.0.1:9200; unset: no ES rows
  BENCH_ES_INDEX        index (alias) name for the run, default "matching_bench"
  BENCH_SEED            random seed, default 42
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s.strip()]
N_STUDENTS = int(os.environ.get("BENCH_STUDENTS", "1000"))
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "20"))
SEED = int(os.environ.get("BENCH_SEED", "42"))

KIND_WEIGHTS = [
    ("career_day", 2),
    ("school_internship", 3),
    ("holiday_internship", 3),
    ("apprenticeship", 4),
    ("dual_study", 1),
]


# --- the worker: one database ---------------------------------------------------------------------------------
def _setup_django(db_url: str | None):
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        db.setdefault("TEST", {})["NAME"] = f"bench_{db['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def _generate(rng, start: int, stop: int, ctx: dict) -> None:
    """Placements start..stop-1 (ids are assigned by the database), with their companies, sites and applications."""
    import datetime

    from django.utils import timezone

    from companies.models import Company, Placement, Site
    from seekers.models import Application

    today = timezone.localdate()
    codes = ctx["codes"]
    n = stop - start
    first = ctx.setdefault("companies", 0)
    ctx["companies"] = first + max(1, n // 4)
    companies = Company.objects.bulk_create(
        [
            Company(name=f"Betrieb {i}", slug=f"betrieb-{i}", is_verified=rng.random() > 0.03)
            for i in range(first, ctx["companies"])
        ]
    )
    sites = []
    for c in companies:
        pc = codes[rng.randrange(len(codes))]
        sites.append(
            Site(
                company=c,
                name="Hauptsitz",
                street="Musterstraße 1",
                postal_code_id=pc.code,
                latitude=pc.latitude + rng.gauss(0, 0.008),
                longitude=pc.longitude + rng.gauss(0, 0.012),
                district_id=pc.district_id,
            )
        )
    sites = Site.objects.bulk_create(sites)
    kinds = [k for k, w in KIND_WEIGHTS for _ in range(w)]
    placements = []
    for i in range(start, stop):
        site = sites[rng.randrange(len(sites))]
        kind = kinds[rng.randrange(len(kinds))]
        begin = today + datetime.timedelta(days=rng.randint(1, 360))
        placements.append(
            Placement(
                company_id=site.company_id,
                site=site,
                kind=kind,
                title=f"Angebot {i}",
                slug=f"angebot-{i}",
                start_date=begin,
                end_date=begin + datetime.timedelta(days=rng.choice([0, 4, 13, 20])),
                seats=rng.choice([1, 1, 2, 2, 3, 5, 9]),
                min_grade=rng.choice([None, None, 8, 9, 10]),
                min_age=rng.choice([None, None, None, 14, 15, 16]),
                required_qualification=rng.choice([0, 0, 0, 1, 2, 3])
                if kind not in ("apprenticeship", "dual_study")
                else rng.choice([1, 2, 3, 3, 4, 5]),
                application_deadline=rng.choice([None, begin - datetime.timedelta(days=14)]),
                status="published" if rng.random() > 0.05 else "draft",
                is_accessible=rng.random() < 0.3,
                published_at=timezone.now(),
                description="Ein Angebot in Dortmund.",
            )
        )
    placements = Placement.objects.bulk_create(placements, batch_size=2000)
    through = Placement.berufsfelder.through
    rows = []
    for p in placements:
        for b in rng.sample(range(1, 17), rng.choice([1, 1, 2, 2, 3])):
            rows.append(through(placement_id=p.id, berufsfeld_id=b))
    through.objects.bulk_create(rows, batch_size=5000)
    apps = []
    applicants = ctx["applicants"]
    for p in placements:
        for a in rng.sample(applicants, min(len(applicants), int(rng.expovariate(1.2)))):
            apps.append(
                Application(
                    student=a,
                    placement=p,
                    message="Hallo",
                    status=rng.choice(["submitted", "submitted", "invited", "accepted", "declined"]),
                )
            )
    Application.objects.bulk_create(apps, batch_size=5000)


def _students(rng, codes):
    import datetime

    from matching import scoring

    out = []
    today = datetime.date.today()
    for i in range(N_STUDENTS):
        pc = codes[rng.randrange(len(codes))]
        q = rng.choice([1, 2, 3, 3, 4, 5])
        out.append(
            scoring.StudentFacts(
                id=None,
                latitude=pc.latitude,
                longitude=pc.longitude,
                postal_code=pc.code,
                grade=rng.randint(8, 12),
                birth_date=today.replace(year=today.year - rng.randint(13, 19)),
                expected_qualification=q,
                travel_radius_km=float(rng.choice([5, 10, 15, 20, 25])),
                interests={b: rng.randint(1, 5) for b in rng.sample(range(1, 17), rng.randint(1, 5))},
                internship_start=today + datetime.timedelta(days=60) if rng.random() < 0.5 else None,
                internship_end=today + datetime.timedelta(days=81) if rng.random() < 0.5 else None,
            )
        )
    return out


def _time_queries(fn, students) -> dict:
    times = []
    started = time.perf_counter()
    for s in students:
        t0 = time.perf_counter()
        fn(s)
        times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - started > BUDGET_S and len(times) >= 20:
            break
    times.sort()
    return {"n": len(times), "p50": times[len(times) // 2], "p95": times[min(len(times) - 1, int(len(times) * 0.95))]}


class NumpyBound:
    """Every placement's facts in arrays; eligibility and score vectorised; top 20 by argpartition."""

    def __init__(self, facts):
        import datetime

        import numpy as np

        from matching import scoring

        self.np = np
        self.cfg = scoring.config()
        n = len(facts)
        self.ids = np.array([p.id for p in facts], dtype=np.int64)
        self.lat = np.radians(np.array([p.latitude for p in facts]))
        self.lon = np.radians(np.array([p.longitude for p in facts]))
        self.bf = np.zeros((n, 17), dtype=np.float64)
        for i, p in enumerate(facts):
            self.bf[i, list(p.berufsfeld_ids)] = 1.0
        self.req = np.array([p.required_qualification for p in facts])
        self.min_grade = np.array([p.min_grade or 0 for p in facts])
        self.min_age = np.array([p.min_age or 0 for p in facts])
        self.start = np.array([p.start_date.toordinal() for p in facts])
        self.end = np.array([(p.end_date or p.start_date).toordinal() for p in facts])
        self.school = np.array([p.kind == "school_internship" for p in facts])
        self.listed = np.array([scoring.is_listed(p, datetime.date.today()) for p in facts])
        self.avail = np.array([p.availability for p in facts])

    def top20(self, s):
        np = self.np
        w = self.cfg["WEIGHTS"]
        lat0, lon0 = np.radians(s.latitude), np.radians(s.longitude)
        h = np.sin((self.lat - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(self.lat) * np.sin((self.lon - lon0) / 2) ** 2
        d = 2 * 6371.0087714 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        age_days = s.birth_date.toordinal()
        ok = (
            self.listed
            & (self.req <= s.expected_qualification)
            & (self.min_grade <= s.grade)
            & ((self.min_age == 0) | (self.start - self.min_age * 365.25 >= age_days))
            & (d <= s.travel_radius_km)
        )
        if s.internship_start and s.internship_end:
            ok &= ~self.school | (
                (self.start >= s.internship_start.toordinal()) & (self.end <= s.internship_end.toordinal())
            )
        else:
            ok &= ~self.school
        weights = np.zeros(17)
        total = sum(s.interests.values()) or 1
        for b, v in s.interests.items():
            weights[b] = v / total
        level = np.maximum(0.0, 1.0 - self.cfg["LEVEL_STEP"] * (s.expected_qualification - self.req))
        score = (
            w["interest"] * (self.bf @ weights)
            + w["distance"] * np.exp(-d * d * np.log(2) / self.cfg["DISTANCE_SCALE_KM"] ** 2)
            + w["level"] * level
            + w["availability"] * self.avail
        )
        score = np.where(ok, score, -1.0)
        k = min(20, len(score))
        idx = np.argpartition(-score, k - 1)[:k]
        return self.ids[idx[np.lexsort((self.ids[idx], -score[idx]))]]


def worker(db_label: str, db_url: str | None, with_es: bool) -> dict:
    import random

    connection = _setup_django(db_url)
    from backend.accounts.models import User
    from backend.reference.models import PostalCode
    from companies.models import Placement
    from matching.search import SearchQuery
    from matching.search.backends.database import Backend as DatabaseBackend
    from matching.search.backends.database import facts_for
    from seekers.models import StudentProfile

    rng = random.Random(SEED)
    codes = list(PostalCode.objects.filter(district__isnull=False))
    users = User.objects.bulk_create([User(email=f"bench{i}@example.org", role="student") for i in range(300)])
    applicants = StudentProfile.objects.bulk_create(
        [StudentProfile(user=u, birth_date="2010-01-01", grade=9, postal_code_id=codes[0].code) for u in users]
    )
    ctx = {"codes": codes, "applicants": applicants}
    students = _students(random.Random(SEED + 1), codes)
    rows = []
    done = 0
    database = DatabaseBackend()
    es = None
    if with_es:
        from matching.search.backends.elasticsearch import Backend as ElasticsearchBackend

        es = ElasticsearchBackend(
            url=os.environ["ELASTICSEARCH_URL"], index=os.environ.get("BENCH_ES_INDEX", "matching_bench"), timeout=60
        )
    try:
        for size in sorted(SIZES):
            t0 = time.perf_counter()
            _generate(rng, done, size, ctx)
            done = size
            print(f"[{db_label}] {size} Angebote erzeugt in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            facts = facts_for(Placement.objects.all())
            bound = NumpyBound(facts)
            rows.append({"backend": "numpy (in-process bound)", "size": size, **_time_queries(bound.top20, students)})
            rows.append(
                {
                    "backend": db_label,
                    "size": size,
                    **_time_queries(lambda s: database.search(SearchQuery(student=s, limit=20)), students),
                }
            )
            print(f"[{db_label}] {rows[-1]}", file=sys.stderr)
            if es:
                t0 = time.perf_counter()
                n = es.rebuild(chunk_size=2000)
                elapsed = time.perf_counter() - t0
                r = _time_queries(lambda s: es.search(SearchQuery(student=s, limit=20)), students)
                rows.append({"backend": "elasticsearch", "size": size, "index_per_s": n / elapsed, **r})
                print(f"[elasticsearch] {rows[-1]}", file=sys.stderr)
    finally:
        if es:
            es.drop()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return {"rows": rows}


# --- the orchestrator -------------------------------------------------------------------------------------------
def _pg_url() -> str | None:
    for var in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(var, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def _run_worker(label: str, url: str | None, with_es: bool) -> list[dict]:
    cmd = [sys.executable, "-m", "matching.bench", "--worker", label, url or "", "1" if with_es else "0"]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["rows"]


def table(rows: list[dict]) -> str:
    bound: dict = {}
    for r in rows:  # the bound measured in the first run (rows for the same size from later runs are skipped)
        if r["backend"].startswith("numpy"):
            bound.setdefault(r["size"], r)
    lines = [
        f"{'backend':<26} {'placements':>10} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p50/bound':>9} {'p95/bound':>9} {'index/s':>9}"
    ]
    seen = set()
    for r in sorted(rows, key=lambda r: (r["size"], not r["backend"].startswith("numpy"), r["backend"])):
        key = (r["backend"], r["size"])
        if key in seen:
            continue
        seen.add(key)
        b = bound.get(r["size"])
        ratio50 = r["p50"] / b["p50"] if b else float("nan")
        ratio95 = r["p95"] / b["p95"] if b else float("nan")
        idx = f"{r['index_per_s']:,.0f}" if "index_per_s" in r else ""
        lines.append(
            f"{r['backend']:<26} {r['size']:>10,} {r['n']:>7} {r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{ratio50:>9.1f} {ratio95:>9.1f} {idx:>9}"
        )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        label, url, with_es = sys.argv[2], sys.argv[3] or None, sys.argv[4] == "1"
        print(json.dumps(worker(label, url, with_es)))
        return
    started = time.perf_counter()
    pg = _pg_url()
    es = bool(os.environ.get("ELASTICSEARCH_URL"))
    rows = _run_worker("sqlite", None, es and not pg)
    if pg:
        rows += _run_worker("postgresql", pg, es)
    print(
        f"\nRanking one student's top 20 ({N_STUDENTS} random students, budget {BUDGET_S:.0f} s per row), "
        f"seed {SEED}, {time.perf_counter() - started:.0f} s in all\n"
    )
    print(table(rows))
    if not pg:
        print("\n(PostgreSQL not measured: set BENCH_DATABASE_URL=postgres://...)")
    if not es:
        print("(Elasticsearch not measured: set ELASTICSEARCH_URL=http://...)")


if __name__ == "__main__":
    main()
