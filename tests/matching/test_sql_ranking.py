"""The database backend's ranking in SQL on PostgreSQL (database.ranked_in_sql) gives exactly what the full path
gives (every candidate scored in Python by matching.scoring): the same hits in the same order with bit-identical
scores, the same total and facets; and RankFacts, which it reads, follows every write (PostgreSQL triggers)."""

import dataclasses
import datetime
import random

import pytest
from django.db import connection

from backend.reference.models import Berufsfeld, PostalCode
from companies.models import Placement
from matching import bench, scoring
from matching.models import RankFacts
from matching.search import SearchQuery
from matching.search.backends import database
from seekers.models import COMPETING_STATUSES, SEAT_STATUSES, Application, ApplicationStatus
from tests.factories import StudentProfileFactory

from .conftest import HOME, KM, in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def live_facts() -> dict[int, tuple[int, int, int]]:
    out = {}
    for p in Placement.objects.prefetch_related("berufsfelder", "applications"):
        statuses = [a.status for a in p.applications.all()]
        out[p.id] = (
            sum(1 << b.id for b in p.berufsfelder.all()),
            sum(s in SEAT_STATUSES for s in statuses),
            sum(s in COMPETING_STATUSES for s in statuses),
        )
    return out


def stored_facts() -> dict[int, tuple[int, int, int]]:
    stored = {f.placement_id: (f.berufsfelder, f.accepted, f.open) for f in RankFacts.objects.all()}
    return {pid: stored.get(pid, (0, 0, 0)) for pid in Placement.objects.values_list("id", flat=True)}


def test_rank_facts_follow_every_write(make_placement):
    itc, el, bav = (Berufsfeld.objects.get(code=c) for c in ("ITC", "EL", "BAV"))
    a, b = make_placement(berufsfelder=["ITC"]), make_placement(berufsfelder=["ITC", "EL"])
    c = make_placement(berufsfelder=[])
    assert stored_facts() == live_facts() and stored_facts()[b.id][0] == (1 << itc.id) | (1 << el.id)
    a.berufsfelder.add(bav)
    b.berufsfelder.remove(itc)
    c.berufsfelder.set([el, bav])
    itc.placements.clear()  # from the Berufsfeld's side
    Placement.berufsfelder.through.objects.bulk_create([Placement.berufsfelder.through(placement=a, berufsfeld=itc)])
    assert stored_facts() == live_facts()
    students = [StudentProfileFactory() for _ in range(len(ApplicationStatus))]
    apps = [
        Application.objects.create(student=s, placement=a, message="x", status=status)
        for s, status in zip(students, ApplicationStatus.values, strict=True)
    ]  # every status once: the triggers' status lists are seekers.models' lists
    assert stored_facts()[a.id][1:] == (len(SEAT_STATUSES), len(COMPETING_STATUSES))
    assert stored_facts() == live_facts()
    apps[0].status = ApplicationStatus.ACCEPTED
    apps[0].save()
    Application.objects.filter(id=apps[1].id).update(status=ApplicationStatus.WITHDRAWN)
    Application.objects.filter(id=apps[2].id).update(placement=b)
    Application.objects.bulk_create(
        [Application(student=s, placement=c, message="x", status=ApplicationStatus.SUBMITTED) for s in students[:3]]
    )
    apps[3].delete()
    Application.objects.filter(id=apps[4].id).delete()
    assert stored_facts() == live_facts()
    c_id = c.id
    c.delete()  # its Berufsfelder and applications go first (Django's cascade), then the placement
    assert not RankFacts.objects.filter(placement_id=c_id).exists()
    assert stored_facts() == live_facts()


def full_path(backend, query):
    return database.Backend(sql_ranking=False).search(query)


def as_compared(result):
    return (
        [(h.id, h.score, h.distance_km, h.facts) for h in result.hits],
        result.total,
        {k: dict(v) for k, v in result.facets.items()},
    )


def test_sql_ranking_equals_the_full_path_on_generated_data(make_placement, monkeypatch):
    rng = random.Random(7)
    codes = list(PostalCode.objects.filter(district__isnull=False))
    applicants = [StudentProfileFactory() for _ in range(6)]
    bench._generate(rng, 0, 250, {"codes": codes, "applicants": applicants})  # bulk_create: triggers only
    today = datetime.date.today()
    students = bench._students(random.Random(8), codes)[:16]
    # students whose birthdays make placements start near the day they are old enough (the age band), ties (the
    # same placement many times over: the window must widen past them), placements at the edge of a radius
    birth = today.replace(year=today.year - 14) - datetime.timedelta(days=40)
    for shift in range(-3, 4):
        make_placement(min_age=15, start_date=birth.replace(year=birth.year + 15) + datetime.timedelta(days=shift))
    for _ in range(70):
        make_placement(km_north=1.0, seats=3, berufsfelder=["ITC"])
    home = PostalCode.objects.get(code="44137")
    near = scoring.StudentFacts(
        id=None, latitude=home.latitude, longitude=home.longitude, postal_code="44137", grade=10, birth_date=birth,
        expected_qualification=3, travel_radius_km=12.0, interests={Berufsfeld.objects.get(code="ITC").id: 5},
    )  # fmt: skip
    make_placement(km_north=5.0)  # exactly on the edge of the second student's radius
    edge = scoring.Matcher(near).distance_km(
        scoring.PlacementFacts(0, "x", home.latitude + 5.0 * KM, home.longitude, (), today)
    )
    students += [near, dataclasses.replace(near, travel_radius_km=edge)]
    answered = []
    real = database._ranked_window
    monkeypatch.setattr(database, "_ranked_window", lambda *a: answered.append(r := real(*a)) or r)
    backend = database.Backend()
    for s in students:
        for offset, limit, kinds in ((0, 20, ()), (0, 5, ("apprenticeship",)), (40, 30, ())):
            query = SearchQuery(student=s, offset=offset, limit=limit, kinds=kinds, today=today)
            new = backend.search(query)
            assert as_compared(new) == as_compared(full_path(backend, query)), (s, offset, limit, kinds)
    answers = [r for r in answered if isinstance(r, database.SearchResult)]
    assert len(answers) >= len(students) * 3 * 0.9  # the SQL path answered (not the full path every time)
    assert any(r is database._WIDER for r in answered)  # the ties made a window widen


def test_a_drifted_stored_fact_sends_the_search_down_the_full_path(make_placement, caplog):
    s = scoring.StudentFacts(
        id=None, latitude=HOME[0], longitude=HOME[1], postal_code="44137", grade=10,
        birth_date=datetime.date(2008, 5, 5), expected_qualification=3, travel_radius_km=10.0,
        interests={Berufsfeld.objects.get(code="ITC").id: 5},
    )  # fmt: skip
    ps = [make_placement(km_north=i * 0.5, start_date=in_days(30)) for i in range(5)]
    backend = database.Backend()
    query = SearchQuery(student=s)
    before = as_compared(backend.search(query))
    with connection.cursor() as cursor:  # a fact changed behind the triggers' back
        cursor.execute("UPDATE matching_rankfacts SET berufsfelder = 0 WHERE placement_id = %s", [ps[0].id])
    assert database.ranked_in_sql(database.candidate_queryset(query), query) is None
    assert "disagrees" in caplog.text
    assert as_compared(backend.search(query)) == before


def test_the_setting_switches_the_sql_ranking_off(make_placement, settings, monkeypatch):
    from matching.search import get_backend, reset_backends

    make_placement()
    s = scoring.StudentFacts(
        id=None, latitude=HOME[0], longitude=HOME[1], postal_code="44137", grade=10,
        birth_date=datetime.date(2008, 5, 5), expected_qualification=3, travel_radius_km=10.0,
    )  # fmt: skip
    calls = []
    real = database.ranked_in_sql
    monkeypatch.setattr(database, "ranked_in_sql", lambda *a: calls.append(1) or real(*a))
    for switch, expected in ((True, 1), (False, 0)):
        settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database", "SQL_RANKING": switch}}
        reset_backends()
        calls.clear()
        assert len(get_backend().search(SearchQuery(student=s)).hits) == 1
        assert len(calls) == expected
    reset_backends()
