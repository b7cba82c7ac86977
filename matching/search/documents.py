"""The Elasticsearch document for a placement: everything matching.scoring reads, plus text.

Every placement is indexed (drafts and hidden ones too); the query applies the listing rules, so a
placement that expires or fills up drops out without a re-index. `chance_factor` (scoring's multiplier
of the fit, from open applications per free seat and the company's answer rate) is precomputed here with
the same function the database backend uses, and is a double so field_value_factor reads it at full
precision.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from elasticsearch_dsl import Boolean, Date, Document, Double, GeoPoint, Integer, Keyword, MetaField, Text

from matching import scoring
from matching.search import text as text_search
from matching.search.backends.database import facts_for


class PlacementDocument(Document):
    """The index mapping. Documents themselves are plain dicts built by `placement_document`."""

    id = Integer()
    kind = Keyword()
    status = Keyword()
    is_hidden = Boolean()
    company_hidden = Boolean()
    company_verified = Boolean()
    location = GeoPoint()
    berufsfelder = Integer()
    occupation = Integer()
    district = Integer()
    start_date = Date()
    end_date = Date()
    end_or_start = Date()  # a school internship must end inside the class period
    application_deadline = Date()
    seats = Integer()
    accepted = Integer()
    open_applications = Integer()
    seats_left = Integer()
    answer_rate = Double()
    answer_days = Double()
    chance_factor = Double()
    min_grade = Integer()
    min_age = Integer()
    latest_birth_date = Date()  # students born on or before this are old enough on the first day
    required_qualification = Integer()
    is_accessible = Boolean()
    # Text as read (the index's default analyzer: German when the cluster has it, see backends.elasticsearch).
    # Search FILTERS on text_terms (matching.search.text), so both backends give the same hits.
    title = Text()
    description = Text()
    company_name = Text()
    occupation_name = Text()
    text_terms = Keyword(doc_values=False)  # every suffix of every word; left out of _source
    digest = Keyword(index=False)  # of everything above: the consistency check compares it

    class Meta:
        source = MetaField(excludes=["text_terms"])


TEXT_FIELDS = ("title", "description", "company_name", "occupation_name")


def placement_document(p: scoring.PlacementFacts, text: dict) -> dict:
    """THE search document of a placement: its facts (what matching.scoring reads) plus its text, and a
    digest of both. Every write to the index and the consistency check build documents here."""
    texts = [text.get(f) or "" for f in TEXT_FIELDS]
    doc = {
        "id": p.id,
        "kind": p.kind,
        "status": p.status,
        "is_hidden": p.is_hidden,
        "company_hidden": p.company_hidden,
        "company_verified": p.company_verified,
        "location": {"lat": p.latitude, "lon": p.longitude},
        "berufsfelder": sorted(p.berufsfeld_ids),
        "occupation": p.occupation_id,
        "district": p.district_id,
        "start_date": _iso(p.start_date),
        "end_date": _iso(p.end_date),
        "end_or_start": _iso(p.end_date or p.start_date),
        "application_deadline": _iso(p.application_deadline),
        "seats": p.seats,
        "accepted": p.accepted,
        "open_applications": p.open_applications,
        "seats_left": p.free_seats,
        "answer_rate": p.answer_rate,
        "answer_days": p.answer_days,
        "chance_factor": p.chance_factor,
        "min_grade": p.min_grade,
        "min_age": p.min_age,
        "latest_birth_date": _iso(scoring.latest_birth_date(p.start_date, p.min_age)),
        "required_qualification": p.required_qualification,
        "is_accessible": p.is_accessible,
        **dict(zip(TEXT_FIELDS, texts, strict=True)),
        "text_terms": text_search.index_terms(texts),
    }
    doc["digest"] = digest(doc)
    return doc


def digest(doc: dict) -> str:
    """Of every field but text_terms, which follow from the text fields (in the digest) and would make up most
    of the bytes hashed (every suffix of every word)."""
    body = {k: v for k, v in doc.items() if k not in ("digest", "text_terms")}
    return hashlib.blake2b(json.dumps(body, sort_keys=True, default=str).encode(), digest_size=12).hexdigest()


def _iso(d):
    return d.isoformat() if d else None


def facts_from_source(src: dict) -> scoring.PlacementFacts:
    def day(v):
        return datetime.date.fromisoformat(v[:10]) if v else None

    loc = src["location"]
    return scoring.PlacementFacts(
        id=src["id"],
        kind=src["kind"],
        latitude=loc["lat"],
        longitude=loc["lon"],
        berufsfeld_ids=tuple(src.get("berufsfelder") or ()),
        start_date=day(src["start_date"]),
        end_date=day(src.get("end_date")),
        application_deadline=day(src.get("application_deadline")),
        seats=src["seats"],
        accepted=src["accepted"],
        open_applications=src["open_applications"],
        min_grade=src.get("min_grade"),
        min_age=src.get("min_age"),
        required_qualification=src["required_qualification"],
        status=src["status"],
        is_hidden=src["is_hidden"],
        company_hidden=src["company_hidden"],
        company_verified=src["company_verified"],
        district_id=src.get("district"),
        occupation_id=src.get("occupation"),
        is_accessible=src.get("is_accessible", False),
        answer_rate=src.get("answer_rate", 0.8),
        answer_days=src.get("answer_days"),
    )


def placement_documents(qs):
    """`placement_document` for every placement in `qs` (two queries for the facts, one for the text)."""
    text = {
        row[0]: dict(zip(TEXT_FIELDS, row[1:], strict=True))
        for row in qs.values_list("id", "title", "description", "company__name", "occupation__name")
    }
    for p in facts_for(qs, few=True):
        yield placement_document(p, text.get(p.id, {}))
