"""The search document (matching/search/documents.py): built from the same facts as the database backend reads,
read back into the same facts, and a digest that stays put (the hourly check compares it with the index)."""

import datetime
import json

import pytest

from clearing.models import ResponseFigures
from companies.models import Placement
from matching import scoring
from matching.search import text as text_search
from matching.search.backends.database import facts_for
from matching.search.documents import (
    digest,
    facts_from_source,
    placement_document,
    placement_documents,
    placement_sources,
)
from seekers.models import Application, ApplicationStatus
from tests.factories import StudentProfileFactory

from .conftest import in_days


@pytest.mark.django_db
def test_documents_carry_the_facts_the_database_backend_reads(make_placement):
    a = make_placement(berufsfelder=("ITC", "HAN"), seats=3, min_age=16, start_date=in_days(30), title="Büro")
    b = make_placement(kind="school_internship", end_date=None, description="<p>Metallbauer/in &amp; mehr</p>")
    c = make_placement(application_deadline=in_days(5), required_qualification=3, min_grade=9, is_accessible=True)
    ResponseFigures.objects.create(company=a.company, answer_rate=0.42, median_days=2.5)
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED, ApplicationStatus.ACCEPTED):
        Application.objects.create(student=StudentProfileFactory(), placement=a, message="x", status=status)
    qs = Placement.objects.filter(pk__in=[a.pk, b.pk, c.pk])
    facts = {p.id: p for p in facts_for(qs)}
    docs = list(placement_documents(qs))
    assert sorted(d["id"] for d in docs) == sorted(facts)
    for doc in docs:
        p = facts[doc["id"]]
        back = facts_from_source(doc)
        assert (back.accepted, back.open_applications) == (p.accepted, p.open_applications)
        assert back == scoring.PlacementFacts(**{**vars_of(p), "berufsfeld_ids": tuple(sorted(p.berufsfeld_ids))})
        assert doc["chance_factor"] == p.chance_factor
        assert doc["latest_birth_date"] == (
            scoring.latest_birth_date(p.start_date, p.min_age).isoformat() if p.min_age else None
        )
        placement = Placement.objects.select_related("company", "occupation").get(pk=p.id)
        texts = [placement.title, placement.description, placement.company.name, ""]
        assert doc["text_terms"] == text_search.index_terms(texts)
        assert doc == placement_document(p, dict(zip(("title", "description", "company_name"), texts, strict=False)))
    by_id = {d["id"]: d for d in docs}
    assert (by_id[a.pk]["accepted"], by_id[a.pk]["open_applications"], by_id[a.pk]["answer_rate"]) == (1, 2, 0.42)
    assert "metallbauer" in by_id[b.pk]["text_terms"] and by_id[b.pk]["end_or_start"] == by_id[b.pk]["start_date"]


@pytest.mark.django_db
def test_the_bulk_line_is_the_document_and_its_digest_the_definitions(make_placement):
    """Indexing encodes a document once: its bulk line is the digest's JSON with the digest and text_terms added,
    and its terms come from suffixes kept per text and word across the batch. Neither may change a document:
    the line reads back to it, the digest is `digest`'s (json.dumps with sorted keys), the terms index_terms'."""
    first = make_placement(title='Holz "Tischler*in" \\ Çalışma', description="<p>تدريب &amp; Größe 🔧 naïve</p>")
    same_company = [
        make_placement(company=first.company, title=title, description="<p>Holz &amp; mehr</p>", end_date=None)
        for title in ("Tischler", "Elektroniker/in", "")
    ]
    other = make_placement(title="Büro", description="", application_deadline=in_days(3), min_age=15, min_grade=9)
    ResponseFigures.objects.create(company=other.company, answer_rate=0.37, median_days=1.5)
    qs = Placement.objects.filter(pk__in=[first.pk, other.pk, *(p.pk for p in same_company)])
    pairs = list(placement_sources(qs))
    assert len(pairs) == 5 and [d for d, _ in pairs] == list(placement_documents(qs))
    for doc, line in pairs:
        assert json.loads(line) == doc
        assert doc["digest"] == digest(doc)
        body = [k for k in doc if k not in ("digest", "text_terms")]
        assert body == sorted(body)
        placement = Placement.objects.select_related("company", "occupation").get(pk=doc["id"])
        texts = [placement.title, placement.description, placement.company.name, ""]
        assert doc["text_terms"] == text_search.index_terms(texts)
    terms = {d["id"]: d["text_terms"] for d, _ in pairs}
    assert "tischler" in terms[same_company[0].pk] and "elektroniker" not in terms[same_company[0].pk]
    assert "calisma" not in terms[first.pk] and "çalışma" in terms[first.pk]
    assert "تدريب" in terms[first.pk] and "groesse" in terms[first.pk]


def vars_of(p):
    return {f: getattr(p, f) for f in p.__slots__}


def test_the_digest_of_a_document_stays_put():
    """A changed document or digest makes the hourly check (consistency.py) find every document differing and
    index all of them again after a deploy: change this value only on purpose (and expect that)."""
    p = scoring.PlacementFacts(
        id=7,
        kind="apprenticeship",
        latitude=51.5136,
        longitude=7.4653,
        berufsfeld_ids=(9, 3),
        start_date=datetime.date(2027, 8, 1),
        end_date=None,
        application_deadline=datetime.date(2027, 3, 31),
        seats=3,
        accepted=1,
        open_applications=2,
        min_grade=None,
        min_age=16,
        required_qualification=2,
        district_id=4,
        occupation_id=11,
        answer_rate=0.75,
        answer_days=3.5,
    )
    doc = placement_document(
        p, {"title": "Tischler*in", "description": "<p>Holz &amp; mehr</p>", "company_name": "Holz AG"}
    )
    assert doc["digest"] == DIGEST
    assert doc["chance_factor"] == 0.5 + 0.5 * 0.75 * (2 / 3)


DIGEST = "85fd709a3d888e186ffffef2"  # made by the code before issue 13 built documents from rows
