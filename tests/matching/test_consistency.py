"""Drift control (matching/consistency.py), rebuilds that keep concurrent changes, and ties broken by id on
Elasticsearch exactly as on the database."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import User
from backend.reference.models import PostalCode
from companies import services
from companies.models import Placement
from matching import consistency, indexing, scoring
from matching.models import IndexCheck, IndexOutbox
from matching.search import SearchQuery
from matching.search.backends import elasticsearch as es_module
from matching.search.backends.database import Backend as DatabaseBackend
from matching.search.backends.database import facts_for
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def test_compare_names_each_kind_of_drift():
    db = {1: "a", 2: "b", 3: "c"}
    index = {2: "b", 3: "x", 4: "d"}
    assert consistency.compare(db, index) == ([1], [4], [3])


def test_check_finds_and_repairs_seeded_drift(es_backend, make_placement):
    placements = [make_placement(title=f"Tischler*in {i}") for i in range(9)]
    es_backend.rebuild()
    ids = [p.pk for p in placements]
    # seed drift the write paths cannot see: a document lost, a bulk update, an orphan document
    es_backend.client.delete(index=es_backend.index, id=ids[0], refresh=True)
    Placement.objects.filter(pk__in=ids[1:3]).update(title="Zimmerer*in")  # no signals
    es_backend.client.index(
        index=es_backend.index, id=987654, document={"id": 987654, "digest": "x"}, refresh=True
    )  # deleted behind our back
    out = io.StringIO()
    call_command("check_search_index", stdout=out)
    check = IndexCheck.objects.get()
    assert (check.missing, check.extra, check.differing) == (1, 1, 2)
    assert check.repaired == 4 and check.remaining == 0 and not check.error
    assert "1 fehlten, 1 zu viel, 2 veraltet; 4 repariert, danach 0 abweichend" in out.getvalue()
    es_backend.refresh()
    assert {h.id for h in es_backend.search(SearchQuery(text="Zimmerer", limit=50)).hits} == set(ids[1:3])
    # a second run finds nothing
    again = consistency.check_and_repair()
    assert again.drift == 0 and again.in_index == again.in_database == len(ids)


def test_check_with_elasticsearch_down_keeps_the_error(settings, make_placement):
    from matching.search import reset_backends

    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "matching.search.backends.elasticsearch", "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
    }
    reset_backends()
    try:
        check = consistency.check_and_repair()
    finally:
        reset_backends()
    assert check.pk and check.error and check.finished_at


def test_rebuild_keeps_a_company_change_made_while_it_ran(es_backend, make_placement, monkeypatch):
    staff = User.objects.create_superuser("stadt@example.org", "Admin-Passwort-Dortmund")
    company = CompanyFactory(is_verified=True)
    mine = [make_placement(company=company, title=f"Dachdecker*in {i}") for i in range(3)]
    others = [make_placement(title=f"Dachdecker*in woanders {i}") for i in range(3)]
    es_backend.rebuild()
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Placement.objects.update(updated_at=hour_ago)  # edited long before the rebuild
    IndexOutbox.objects.update(created_at=hour_ago)
    real = es_module.placement_sources
    fired = []

    def documents_then_a_concurrent_change(qs):
        docs = list(real(qs))  # the chunk is read ...
        if not fired and any(d["id"] == mine[0].pk for d, _ in docs):
            fired.append(True)  # ... the city unverifies the company and the worker pushes that ...
            services.company_unverify(company=company, by=staff, reason="Adresse unklar")
            indexing.push()
        return docs  # ... and the rebuild writes the chunk it read before

    monkeypatch.setattr(es_module, "placement_sources", documents_then_a_concurrent_change)
    es_backend.rebuild(chunk_size=2)
    assert fired
    found = {h.id for h in es_backend.search(SearchQuery(text="Dachdecker", limit=50)).hits}
    assert found == {p.pk for p in others}


def test_exact_ties_are_broken_by_id_as_on_the_database(es_backend, make_placement):
    """Two placements 3 mm apart: their scores differ by less than float32 can tell. The database ranks the
    closer one (the later id) first; Elasticsearch must too, and pages must not repeat or skip."""
    far = make_placement(km_north=2.0, title="weiter")
    near = make_placement(km_north=2.0 - 0.000003, title="näher")
    same = [make_placement(km_north=3.0) for _ in range(3)]  # identical scores: by id
    es_backend.rebuild()
    centre = PostalCode.objects.get(code="44137")
    student = scoring.StudentFacts(
        id=None,
        latitude=centre.latitude,
        longitude=centre.longitude,
        postal_code="44137",
        grade=10,
        birth_date=datetime.date(2009, 1, 1),
        expected_qualification=3,
        travel_radius_km=25,
        interests={},
    )
    db = DatabaseBackend()
    m = scoring.Matcher(student)
    totals = {p.id: m.total(p) for p in facts_for(Placement.objects.filter(pk__in=[near.pk, far.pk]))}
    assert 0 < totals[near.pk] - totals[far.pk] < 1e-7  # below float32's resolution at this size
    for limit in (1, 2, 5):
        pages = []
        for offset in range(0, 5, limit):
            q = SearchQuery(student=student, offset=offset, limit=limit)
            on_db, on_es = db.search(q), es_backend.search(q)
            assert [h.id for h in on_es.hits] == [h.id for h in on_db.hits], (offset, limit)
            pages += [h.id for h in on_es.hits]
        assert pages == [near.pk, far.pk] + [p.pk for p in same]
