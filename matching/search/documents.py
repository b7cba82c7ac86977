"""The Elasticsearch document for a placement: everything matching.scoring reads, plus text.

Every placement is indexed (drafts and hidden ones too); the query applies the listing rules, so a
placement that expires or fills up drops out without a re-index. `chance_factor` (scoring's multiplier
of the fit, from open applications per free seat and the company's answer rate) is precomputed here with
the same function the database backend uses, and is a double so field_value_factor reads it at full
precision.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json

from elasticsearch_dsl import Boolean, Date, Document, Double, GeoPoint, Integer, Keyword, MetaField, Text

from clearing import policy as clearing_policy
from matching import scoring
from matching.search import text as text_search
from matching.search.backends.database import fact_rows


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
    return _Builder().document(tuple(getattr(p, f) for f in FACT_NAMES), text)


FACT_NAMES = [f.name for f in dataclasses.fields(scoring.PlacementFacts)]


class _Builder:
    """placement_document for many placements: the settings read once, latest birth dates and the suffixes of a
    word computed once per batch (placements share start dates, company names, words)."""

    def __init__(self):
        self.floor = scoring.config()["CHANCE_FLOOR"]
        self.limit = clearing_policy.config()["MAX_OPEN_PER_SEAT"]
        self.latest_birth: dict = {}
        self.suffixes: dict[str, list[str]] = {}

    def document(self, row: tuple, text: dict) -> dict:
        """The document of one placement from its facts as a tuple in PlacementFacts' field order."""
        (
            pid, kind, lat, lon, bfs, start, end, deadline, seats, accepted, open_, min_grade, min_age, required,
            status, hidden, company_hidden, verified, district, occupation, accessible, answer_rate, answer_days,
        ) = row  # fmt: skip
        free = seats - accepted
        key = (start, min_age)
        latest = self.latest_birth.get(key, False)
        if latest is False:
            latest = self.latest_birth[key] = _iso(scoring.latest_birth_date(start, min_age))
        texts = [text.get(f) or "" for f in TEXT_FIELDS]
        doc = {
            "id": pid,
            "kind": kind,
            "status": status,
            "is_hidden": hidden,
            "company_hidden": company_hidden,
            "company_verified": verified,
            "location": {"lat": lat, "lon": lon},
            "berufsfelder": sorted(bfs),
            "occupation": occupation,
            "district": district,
            "start_date": _iso(start),
            "end_date": _iso(end),
            "end_or_start": _iso(end or start),
            "application_deadline": _iso(deadline),
            "seats": seats,
            "accepted": accepted,
            "open_applications": open_,
            "seats_left": free,
            "answer_rate": answer_rate,
            "answer_days": answer_days,
            "chance_factor": scoring.chance_factor(scoring.chance(open_, free, answer_rate, self.limit), self.floor),
            "min_grade": min_grade,
            "min_age": min_age,
            "latest_birth_date": latest,
            "required_qualification": required,
            "is_accessible": accessible,
            **dict(zip(TEXT_FIELDS, texts, strict=True)),
        }
        doc["digest"] = digest(doc)
        doc["text_terms"] = text_search.index_terms(texts, self.suffixes)
        return doc


def digest(doc: dict) -> str:
    """Of every field but text_terms, which follow from the text fields (in the digest) and would make up most
    of the bytes hashed (every suffix of every word)."""
    body = {k: v for k, v in doc.items() if k != "digest" and k != "text_terms"}
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
    """`placement_document` for every placement in `qs` (one query for the facts, one for the text)."""
    text = {
        row[0]: dict(zip(TEXT_FIELDS, row[1:], strict=True))
        for row in qs.values_list("id", "title", "description", "company__name", "occupation__name")
    }
    build = _Builder().document
    for row in fact_rows(qs):
        yield build(row if isinstance(row[4], tuple) else (*row[:4], tuple(row[4]), *row[5:]), text.get(row[0], {}))
