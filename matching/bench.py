"""Benchmark: `make bench` (= `python -m matching.bench`), not part of `make test`.

One process, one database, the same synthetic Dortmund-like data (sites at Dortmund postal-code centres with
jitter, the 16 Berufsfelder, realistic kinds, seats, requirements, applications) and the same random students
for every variant:

1. Ranking one student's top 20 at each size (default 1k, 10k, 100k placements): the in-process lower bound
   (numpy scoring every placement in memory, same definition), the database backend (SQLite or PostgreSQL)
   and, with ELASTICSEARCH_URL, the Elasticsearch backend. Interleaved: every student is ranked by every
   variant in turn (the order rotates), in BENCH_PASSES passes; each row gives the median over the passes of
   p50 and p95, the spread of p95 over the passes, and the ratio to the bound measured in the same pass.
   BLAS is pinned to one thread before numpy loads, so the bound is one core like the others.
   Elasticsearch rows also give the rebuild rate (placements/s, wall clock) and per core (placements per CPU
   second of this process, which builds the documents; Elasticsearch's own CPU for the rebuild is logged beside
   it, from its node stats). The data is made a day old (updated_at), as in a
   deployment: a rebuild indexes again what changed in its last minutes, and fresh data would be indexed twice.
2. HTTP (BENCH_HTTP=1, the default): gunicorn with production settings (matching/bench_settings.py: production
   with API throttle rates out of reach, so the load measures work, not 429s), 2 workers, --preload, on a
   loopback port, over the largest size; for each search backend the same load on every endpoint: 4 clients
   for BENCH_HTTP_SECONDS per endpoint and round (requests started until then, so a fast page is measured over
   as long as a slow one, not over a burst of a fraction of a second), BENCH_HTTP_ROUNDS rounds, endpoints
   interleaved, against the home page, the search page and API, the matches page and API and the public
   placement list API: req/s, p50/p99, bytes per response (gzip accepted, as browsers do) and the database
   queries per request (counted in this process with Django's test client on the same data, with production's
   shared cache and API throttles, so the throttles' cache round trips are counted as gunicorn makes them).

The data goes into a throw-away database made by Django's test-database machinery (for PostgreSQL a database
named bench_<name>, for SQLite a temporary file), dropped at the end, and a throw-away Elasticsearch index.

Environment:
  BENCH_SIZES           comma-separated sizes, default "1000,10000,100000"
  BENCH_STUDENTS        students to draw, default 1000
  BENCH_PASSES          passes over the students, default 3
  BENCH_BUDGET_S        time budget per size for the ranking, default 60 s: slow backends at big sizes rank
                        fewer students (the table says how many per pass)
  BENCH_DATABASE_URL    PostgreSQL to measure, e.g. postgres://daw:daw@127.0.0.1:5432/daw_matching
                        (falls back to DATABASE_URL when that is PostgreSQL); unset: SQLite
  ELASTICSEARCH_URL     Elasticsearch to measure, e.g. http://127.0.0.1:9200; unset: no ES rows
  BENCH_ES_INDEX        index (alias) name for the run, default "<ELASTICSEARCH_INDEX or matching>_bench"
  BENCH_RANKING         1 (default) or 0: skip the ranking measurement (the data and index are still built)
  BENCH_FULL_PATH       0 (default) or 1: on PostgreSQL also rank with the database backend's full path (every
                        candidate scored in Python, SQL_RANKING=False), the old way, interleaved beside the new
  BENCH_HTTP            1 (default) or 0; BENCH_HTTP_SECONDS (default 5), BENCH_HTTP_REQUESTS (a cap per burst,
                        default 0: none),
                        BENCH_HTTP_ROUNDS (default 3), BENCH_HTTP_PORT (default 8765)
  BENCH_SEED            random seed, default 42
"""

# ruff: noqa: PLC0415 -- Django is set up inside main() (the database is chosen there), models import after it
from __future__ import annotations

import os

# Before numpy (or anything importing it) loads: one BLAS thread, like every other variant's one core.
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
):
    os.environ[_var] = "1"

import datetime  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from http.client import HTTPConnection  # noqa: E402
from typing import Any  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s.strip()]
N_STUDENTS = int(os.environ.get("BENCH_STUDENTS", "1000"))
PASSES = max(1, int(os.environ.get("BENCH_PASSES", "3")))
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "60"))
SEED = int(os.environ.get("BENCH_SEED", "42"))
HTTP = os.environ.get("BENCH_HTTP", "1") != "0"
RANKING = os.environ.get("BENCH_RANKING", "1") != "0"  # 0: data (and index) only, for the HTTP section
FULL_PATH = os.environ.get("BENCH_FULL_PATH", "0") == "1"  # 1: also PostgreSQL without its SQL ranking
HTTP_REQUESTS = int(os.environ.get("BENCH_HTTP_REQUESTS", "0"))  # 0: no cap, every burst lasts HTTP_SECONDS
HTTP_SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "5"))
HTTP_ROUNDS = max(1, int(os.environ.get("BENCH_HTTP_ROUNDS", "3")))
HTTP_PORT = int(os.environ.get("BENCH_HTTP_PORT", "8765"))
HTTP_CLIENTS = 4
SECRET = "bench-" + secrets.token_urlsafe(48)  # shared with gunicorn, so sessions made here are valid there
BOUND = "numpy (in-process bound)"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _pg_url() -> str | None:
    for var in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(var, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def _setup_django(db_url: str | None):
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "backend.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.SECRET_KEY = SECRET
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        db.setdefault("TEST", {})["NAME"] = f"bench_{db['NAME']}"
    else:  # a file, so gunicorn's workers see the same data
        db.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.mkdtemp(prefix="daw-bench-"), "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    from django.core.management import call_command

    call_command("createcachetable", "django_cache")  # production's shared cache (throttles, login limits)
    from backend.accounts.cache import set_unlogged

    set_unlogged(connection, "django_cache")  # as production's migration (accounts 0004) leaves it
    return connection


def _database_url(connection) -> str:
    d = connection.settings_dict
    if connection.vendor == "postgresql":
        q = urllib.parse.quote
        return (
            f"postgres://{q(d['USER'])}:{q(d['PASSWORD'])}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"
        )
    return f"sqlite:///{d['NAME']}"


KIND_WEIGHTS = [
    ("career_day", 2),
    ("school_internship", 3),
    ("holiday_internship", 3),
    ("apprenticeship", 4),
    ("dual_study", 1),
]


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
    # A rebuild indexes once more what changed in its last minutes (REBUILD_MARGIN of the Elasticsearch backend):
    # data made a moment ago would be indexed twice, which a deployment's rebuild does not do. So it is a day old.
    Placement.objects.filter(id__gte=placements[0].id, id__lte=placements[-1].id).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
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
    for _ in range(N_STUDENTS):
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
        self.chance_factor = np.array([p.chance_factor for p in facts])

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
        ) * self.chance_factor
        if s.interests:  # scoring: fit · OFF_INTEREST for a placement in none of the student's Berufsfelder
            score = np.where(self.bf @ weights > 0, score, score * self.cfg["OFF_INTEREST"])
        score = np.where(ok, score, -1.0)
        k = min(20, len(score))
        idx = np.argpartition(-score, k - 1)[:k]
        return self.ids[idx[np.lexsort((self.ids[idx], -score[idx]))]]


# --- 1. ranking, interleaved -------------------------------------------------------------------------------
def _pctl(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * q))]


def measure_interleaved(variants: Sequence[tuple[str, Callable[[Any], object]]], students) -> list[dict]:
    """Every student ranked by every variant in turn (order rotating per student), PASSES times over the
    same students; per variant the median over passes of p50/p95, the spread of p95, and the ratio to the
    first variant (the bound) within each pass."""
    for _, fn in variants:  # warm-up (connections, caches, JIT-free but import-heavy first calls)
        for s in students[:3]:
            fn(s)
    cost = 0.0
    for _, fn in variants:
        t0 = time.perf_counter()
        for s in students[3:6]:
            fn(s)
        cost += (time.perf_counter() - t0) / 3
    n = max(20, min(len(students), int(BUDGET_S / PASSES / max(cost, 1e-6))))
    chosen = students[:n]
    passes = []  # per pass: {name: [ms, ...]}
    for _ in range(PASSES):
        times: dict[str, list[float]] = {name: [] for name, _ in variants}
        for i, s in enumerate(chosen):
            k = i % len(variants)
            for name, fn in [*variants[k:], *variants[:k]]:
                t0 = time.perf_counter()
                fn(s)
                times[name].append((time.perf_counter() - t0) * 1000)
        passes.append(times)
    rows = []
    bound = variants[0][0]
    for name, _ in variants:
        p50s = [_pctl(p[name], 0.5) for p in passes]
        p95s = [_pctl(p[name], 0.95) for p in passes]
        r50 = [_pctl(p[name], 0.5) / _pctl(p[bound], 0.5) for p in passes]
        r95 = [_pctl(p[name], 0.95) / _pctl(p[bound], 0.95) for p in passes]
        rows.append(
            {
                "backend": name,
                "n": n,
                "p50": statistics.median(p50s),
                "p95": statistics.median(p95s),
                "p95_min": min(p95s),
                "p95_max": max(p95s),
                "r50": statistics.median(r50),
                "r95": statistics.median(r95),
            }
        )
    return rows


def ranking_table(rows: list[dict]) -> str:
    lines = [
        f"{'backend':<26} {'placements':>10} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95 spread':>15} "
        f"{'p50/bound':>9} {'p95/bound':>9} {'index/s':>9} {'index/s/core':>12}"
    ]
    for r in rows:
        spread = f"{r['p95_min']:.1f}–{r['p95_max']:.1f}"
        idx = f"{r['index_per_s']:,.0f}" if "index_per_s" in r else ""
        core = f"{r['index_per_cpu_s']:,.0f}" if "index_per_cpu_s" in r else ""
        lines.append(
            f"{r['backend']:<26} {r['size']:>10,} {r['n'] * PASSES:>7} {r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{spread:>15} {r['r50']:>9.1f} {r['r95']:>9.1f} {idx:>9} {core:>12}"
        )
    return "\n".join(lines)


# --- 2. HTTP --------------------------------------------------------------------------------------------------
ENDPOINTS = [
    ("home page", "/", False),
    ("search page", "/suche/?plz=44137", False),
    ("search API", "/api/v1/search/?plz=44137", False),
    ("matches page", "/meine-matches/", True),
    ("matches API", "/api/v1/matches/", True),
    ("placement list API", "/api/v1/placements/", False),
]
# (row, reference row, allowed factor): the targets
TARGETS = [
    ("search page", "search API", 1.5),
    ("matches page", "matches API", 1.5),
    ("placement list API", "home page", 3.0),
    ("matches API", "home page", 3.0),
]


class Gunicorn:
    """gunicorn with production settings, 2 workers, --preload, on 127.0.0.1 only."""

    def __init__(self, env: dict):
        self.env = env
        self.proc = None

    def __enter__(self):
        cmd = [
            sys.executable, "-m", "gunicorn", "backend.wsgi", "--bind", f"127.0.0.1:{HTTP_PORT}",
            "--workers", "2", "--preload", "--log-level", "warning",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                status, _, _ = _get("/", {})
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def _get(path: str, headers: dict) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", HTTP_PORT, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip", **headers})
        r = conn.getresponse()
        body = r.read()
        return r.status, len(body), (time.perf_counter() - t0) * 1000
    finally:
        conn.close()


def _burst(path: str, headers: dict) -> tuple[list[float], list[int], int, float]:
    """HTTP_CLIENTS clients sending requests one after another for HTTP_SECONDS (at most HTTP_REQUESTS if set)."""
    lat: list[float] = []
    sizes: list[int] = []
    errors = 0
    lock = threading.Lock()
    left = [HTTP_REQUESTS or sys.maxsize]
    deadline = time.perf_counter() + HTTP_SECONDS

    def client():
        nonlocal errors
        while True:
            with lock:
                if left[0] <= 0 or time.perf_counter() > deadline:
                    return
                left[0] -= 1
            try:
                status, size, ms = _get(path, headers)
            except OSError:
                status, size, ms = 0, 0, 0.0
            with lock:
                if status == 200:
                    lat.append(ms)
                    sizes.append(size)
                else:
                    errors += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(HTTP_CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, sizes, errors, time.perf_counter() - t0


def _queries_per_request(student_user) -> dict[str, int]:
    """Round trips to the database per request, with what gunicorn runs and this process's test settings leave
    out: the shared cache of production (the database cache without REDIS_URL) and the API throttles (at
    matching/bench_settings.py's rates)."""
    from unittest import mock

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils.module_loading import import_string
    from rest_framework.throttling import SimpleRateThrottle
    from rest_framework.views import APIView

    from backend.settings import base

    rates = {k: "1000000/minute" for k in base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
    throttles = [import_string(name) for name in base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]]
    out = {}
    with (
        override_settings(CACHES=base.CACHES),
        # DRF reads both into class attributes when it is imported (here: under the test settings, no throttles)
        mock.patch.object(APIView, "throttle_classes", throttles),
        mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates),
    ):
        anon, signed_in = Client(), Client()
        signed_in.force_login(student_user)
        for name, path, auth in ENDPOINTS:
            client = signed_in if auth else anon
            client.get(path)  # warm (reference caches)
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(path)
            out[name] = len(ctx.captured_queries) if r.status_code == 200 else -r.status_code
    return out


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def http_section(connection, student_user, es_index: str | None) -> list[dict]:
    from django.conf import settings

    from matching.search import reset_backends

    static_root = tempfile.mkdtemp(prefix="daw-bench-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "matching.bench_settings",
        "BENCH_STATIC_ROOT": static_root,
        "DATABASE_URL": _database_url(connection),
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("ELASTICSEARCH_URL", None)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log(f"[http] collectstatic in {time.perf_counter() - t0:.0f} s")
    cookie = _session_cookie(student_user)
    backends: list[tuple[str, str | None]] = [("database", None)]
    if es_index:
        backends.append(("elasticsearch", es_index))
    rows = []
    saved = settings.SEARCH_BACKENDS
    try:
        for label, index in backends:
            run_env = dict(env)
            if index:
                run_env.update(ELASTICSEARCH_URL=os.environ["ELASTICSEARCH_URL"], ELASTICSEARCH_INDEX=index)
                settings.SEARCH_BACKENDS = {
                    "default": {
                        "BACKEND": "matching.search.backends.elasticsearch",
                        "URL": os.environ["ELASTICSEARCH_URL"],
                        "INDEX": index,
                    }
                }
            else:
                settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
            reset_backends()
            queries = _queries_per_request(student_user)
            results: dict[str, tuple[list[float], list[int], int, float]] = {
                name: ([], [], 0, 0.0) for name, _, _ in ENDPOINTS
            }
            with Gunicorn(run_env):
                for _name, path, auth in ENDPOINTS:  # warm both workers
                    for _ in range(4):
                        _get(path, {"Cookie": cookie} if auth else {})
                for rnd in range(HTTP_ROUNDS):
                    k = rnd % len(ENDPOINTS)
                    for name, path, auth in ENDPOINTS[k:] + ENDPOINTS[:k]:
                        lat, sizes, errors, elapsed = _burst(path, {"Cookie": cookie} if auth else {})
                        a = results[name]
                        results[name] = (a[0] + lat, a[1] + sizes, a[2] + errors, a[3] + elapsed)
                        log(f"[http {label}] round {rnd + 1} {name}: {len(lat)} ok, {errors} errors, {elapsed:.1f} s")
            for name, _, _ in ENDPOINTS:
                lat, sizes, errors, elapsed = results[name]
                rows.append(
                    {
                        "backend": label,
                        "endpoint": name,
                        "requests": len(lat),
                        "errors": errors,
                        "rps": len(lat) / elapsed if elapsed else 0.0,
                        "p50": _pctl(lat, 0.5) if lat else float("nan"),
                        "p99": _pctl(lat, 0.99) if lat else float("nan"),
                        "kb": statistics.mean(sizes) / 1024 if sizes else float("nan"),
                        "queries": queries[name],
                    }
                )
    finally:
        settings.SEARCH_BACKENDS = saved
        reset_backends()
    return rows


def http_table(rows: list[dict]) -> str:
    lines = [
        f"{'backend':<14} {'endpoint':<20} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'KB/resp':>8} {'queries':>7}"
    ]
    for r in rows:
        lines.append(
            f"{r['backend']:<14} {r['endpoint']:<20} {r['requests']:>8} {r['errors']:>6} {r['rps']:>7.1f} "
            f"{r['p50']:>8.1f} {r['p99']:>8.1f} {r['kb']:>8.1f} {r['queries']:>7}"
        )
    lines.append("")
    lines.append("targets (throughput of the row / its reference; the issue asks at least 1/factor):")
    for backend in dict.fromkeys(r["backend"] for r in rows):
        by = {r["endpoint"]: r for r in rows if r["backend"] == backend}
        for name, ref, factor in TARGETS:
            a, b = by[name]["rps"], by[ref]["rps"]
            ratio = b / a if a else float("inf")
            verdict = "ok" if ratio <= factor else "MISSED"
            lines.append(f"  {backend:<14} {ref} / {name}: {ratio:.2f}× (target ≤ {factor}×) {verdict}")
    return "\n".join(lines)


def _es_cpu_s(es) -> float | None:
    """CPU seconds Elasticsearch's nodes have used so far (node stats), or None when it does not say."""
    try:
        stats = es.client.nodes.stats(metric="process")
        return sum(n["process"]["cpu"]["total_in_millis"] for n in stats["nodes"].values()) / 1000
    except Exception:
        return None


def _log_rebuild(size: int, n: int, wall: float, cpu: float, es_before: float | None, es_after: float | None) -> None:
    """index/s/core counts the CPU of this process (reading the facts, building documents, sending them); the
    cluster's own CPU for the same rebuild is logged beside it (on this machine it runs on the same cores)."""
    es = f"{es_after - es_before:.2f} CPU-s" if es_before is not None and es_after is not None else "unknown"
    log(
        f"[{size}] rebuild: {n:,} placements in {wall:.1f} s wall, {cpu:.2f} CPU-s in this process "
        f"({n / cpu if cpu else float('nan'):,.0f}/CPU-s), Elasticsearch {es} (its node stats: with whatever "
        f"else it served meanwhile)"
    )


# --- the run --------------------------------------------------------------------------------------------------
def main() -> None:
    import random

    started = time.perf_counter()
    pg = _pg_url()
    db_label = "postgresql" if pg else "sqlite"
    connection = _setup_django(pg)
    from backend.accounts.models import User
    from backend.reference.models import PostalCode
    from companies.models import Placement
    from matching.search import SearchQuery
    from matching.search.backends.database import Backend as DatabaseBackend
    from matching.search.backends.database import facts_for
    from seekers.models import Interest, StudentProfile

    rng = random.Random(SEED)
    codes = list(PostalCode.objects.filter(district__isnull=False))
    users = User.objects.bulk_create([User(email=f"bench{i}@example.org", role="student") for i in range(300)])
    birth = datetime.date.today().replace(year=datetime.date.today().year - 15)
    applicants = StudentProfile.objects.bulk_create(
        [StudentProfile(user=u, birth_date=birth, grade=9, postal_code_id=codes[0].code) for u in users]
    )
    Interest.objects.bulk_create(
        [Interest(student=applicants[0], berufsfeld_id=b, weight=w) for b, w in ((5, 5), (9, 3), (12, 2))]
    )
    ctx = {"codes": codes, "applicants": applicants}
    students = _students(random.Random(SEED + 1), codes)
    database = DatabaseBackend()
    full_path = DatabaseBackend(sql_ranking=False)
    es = None
    es_index = None
    if os.environ.get("ELASTICSEARCH_URL"):
        from matching.search.backends.elasticsearch import Backend as ElasticsearchBackend

        es_index = os.environ.get("BENCH_ES_INDEX") or f"{os.environ.get('ELASTICSEARCH_INDEX', 'matching')}_bench"
        es = ElasticsearchBackend(url=os.environ["ELASTICSEARCH_URL"], index=es_index, timeout=60)
    rows: list[dict] = []
    http_rows: list[dict] = []
    done = 0
    try:
        for size in sorted(SIZES):
            t0 = time.perf_counter()
            _generate(rng, done, size, ctx)
            done = size
            log(f"[{db_label}] {size} Angebote erzeugt in {time.perf_counter() - t0:.1f} s")
            bound = NumpyBound(facts_for(Placement.objects.all()))
            variants = [
                (BOUND, bound.top20),
                (db_label, lambda s: database.search(SearchQuery(student=s, limit=20))),
            ]
            if pg and FULL_PATH:  # the same backend without its SQL ranking (every candidate scored in Python)
                variants.append((f"{db_label} full path", lambda s: full_path.search(SearchQuery(student=s, limit=20))))
            extra = {}
            if es:
                t0, c0, e0 = time.perf_counter(), time.process_time(), _es_cpu_s(es)
                n = es.rebuild(chunk_size=2000)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                _log_rebuild(size, n, wall, cpu, e0, _es_cpu_s(es))
                extra = {"index_per_s": n / wall, "index_per_cpu_s": n / cpu if cpu else float("nan")}
                variants.append(("elasticsearch", lambda s: es.search(SearchQuery(student=s, limit=20))))
            for r in measure_interleaved(variants, students) if RANKING else []:
                r["size"] = size
                if r["backend"] == "elasticsearch":
                    r.update(extra)
                rows.append(r)
                log(f"[{size}] {r}")
        if HTTP:
            http_rows = http_section(connection, users[0], es_index)
    finally:
        if es:
            es.drop()
        connection.close()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    load = os.getloadavg()
    print(
        f"\nRanking one student's top 20 on {db_label}: {PASSES} interleaved passes over the same students, "
        f"budget {BUDGET_S:.0f} s per size, seed {SEED}, {time.perf_counter() - started:.0f} s in all, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end\n"
    )
    print(ranking_table(rows))
    if http_rows:
        print(
            f"\nHTTP: gunicorn (production settings, 2 workers, --preload) on 127.0.0.1 over {max(SIZES):,} "
            f"placements, {HTTP_CLIENTS} clients, {HTTP_ROUNDS} interleaved rounds of {HTTP_SECONDS:.0f} s per "
            f"endpoint{f' (at most {HTTP_REQUESTS} requests)' if HTTP_REQUESTS else ''}; queries per request "
            "counted in-process with production's cache and throttles\n"
        )
        print(http_table(http_rows))
    if not pg:
        print("\n(PostgreSQL not measured: set BENCH_DATABASE_URL=postgres://...)")
    if not es:
        print("(Elasticsearch not measured: set ELASTICSEARCH_URL=http://...)")


if __name__ == "__main__":
    main()
