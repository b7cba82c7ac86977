"""200 pupils book the same last seats at once, over HTTP, on PostgreSQL (issue 9): 0 overbooked days, 0 pupils
with two days on one date, 0 pupils with two days in one field.

The server is pytest-django's threaded live_server (one thread and one database connection per request). Every
pupil fires three requests at the same moment: two offers on the same date and a third in the same field as one
of them, so both per-pupil rules and the seat counts are raced. Run alone with -s to see the counts.
"""

import datetime
import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld
from entdeckertage import services
from entdeckertage.models import Assignment, Offer
from seekers.models import ClassMembership
from tests.factories import (
    CompanyMemberFactory,
    SchoolClassFactory,
    SiteFactory,
    StudentProfileFactory,
    UserFactory,
)

PUPILS = 200
THREADS = 24  # more than the test server's listen backlog takes at once


def _weekdays_from(day: datetime.date, n: int) -> list[datetime.date]:
    while day.weekday() != 0:  # the next Monday: three consecutive school days
        day += datetime.timedelta(days=1)
    return [day + datetime.timedelta(days=i) for i in range(n)]


def _post(base: str, path: str, body: dict, token: str) -> tuple[int, dict]:
    for attempt in range(5):
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
        req.add_header("Content-Type", "application/json")
        req.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")
        except (ConnectionError, urllib.error.URLError):  # the test server's backlog was full: send it again
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@pytest.mark.postgres
@pytest.mark.xdist_group("saturates_cores")  # never beside the gunicorn concurrency test (both load every core)
def test_two_hundred_pupils_race_for_the_last_seats(live_server):
    today = timezone.localdate()
    dates = _weekdays_from(today + datetime.timedelta(days=7), 3)
    staff = UserFactory(role=Role.STAFF)
    season = services.season_create(
        actor=staff,
        name="Wettlauf",
        school_year="2025/26",
        blocks=[dates],
        offers_from=today - datetime.timedelta(days=4),
        wishes_from=today - datetime.timedelta(days=3),
        allocation_from=today - datetime.timedelta(days=2),
        booking_from=today - datetime.timedelta(days=1),
        days_from=dates[0],
        certificates_from=dates[-1] + datetime.timedelta(days=1),
    )
    member = CompanyMemberFactory()
    site = SiteFactory(company=member.company)
    fields = {c: Berufsfeld.objects.get(code=c) for c in ("ITC", "EL", "G")}

    def offer(day, code, seats):
        return services.offer_create(
            actor=member.user,
            season=season,
            company=member.company,
            today=season.offers_from,
            site=site,
            date=day,
            berufsfeld=fields[code],
            title=f"{code} {day}",
            start_time=datetime.time(8),
            end_time=datetime.time(12, 30),
            seats=seats,
        )

    # the last seats: 3 offers of 3–5 seats; A and B on the same date, C in A's field on another date
    a, b, c = offer(dates[0], "ITC", 5), offer(dates[0], "EL", 4), offer(dates[1], "ITC", 3)
    klass = SchoolClassFactory(grade=8, school_year="2025/26")
    services.class_block_set(
        actor=staff, season=season, school_class=klass, block=season.blocks.get(), today=season.offers_from
    )
    tokens = []
    for _ in range(PUPILS):
        p = StudentProfileFactory(grade=8, birth_date=datetime.date(2012, 1, 1))
        ClassMembership.objects.create(school_class=klass, student=p)
        tokens.append(Token.objects.create(user=p.user).key)

    jobs = [(t, o.id) for t in tokens for o in (a, b, c)]
    start = threading.Barrier(THREADS)

    def book(job, _first=[0]):  # noqa: B006
        token, offer_id = job
        if _first[0] < THREADS:  # the first wave starts together
            _first[0] += 1
            try:
                start.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
        return _post(
            live_server.url, f"/api/v1/entdeckertage/seasons/{season.id}/me/bookings/", {"offer": offer_id}, token
        )

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(book, jobs))

    statuses = Counter(s for s, _ in results)
    codes = Counter(body.get("error", {}).get("code") for s, body in results if s != 201)
    print(f"\nstatuses={dict(statuses)} refusals={dict(codes)}")
    assert set(statuses) <= {201, 409}, statuses  # never a 500
    booked = Counter(Assignment.objects.filter(season=season).values_list("offer_id", flat=True))
    overbooked = sum(1 for o in Offer.objects.filter(season=season) if booked.get(o.id, 0) > o.seats)
    rows = list(Assignment.objects.filter(season=season).values_list("student_id", "date", "berufsfeld_id"))
    two_on_one_date = sum(1 for n in Counter((s, d) for s, d, _f in rows).values() if n > 1)
    two_in_one_field = sum(1 for n in Counter((s, f) for s, _d, f in rows).values() if n > 1)
    print(
        f"overbooked={overbooked} two_on_one_date={two_on_one_date} two_in_one_field={two_in_one_field} "
        f"seats_taken={sum(booked.values())}/{a.seats + b.seats + c.seats}"
    )
    assert (overbooked, two_on_one_date, two_in_one_field) == (0, 0, 0)
    assert sum(booked.values()) == a.seats + b.seats + c.seats  # every last seat went to someone
    assert statuses[201] <= sum(booked.values())  # a resent request may answer 409 for its own first booking
    assert codes["full"] > 0
