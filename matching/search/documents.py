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
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]

from elasticsearch_dsl import Boolean, Date, Document, Double, GeoPoint, Integer, Keyword, MetaField, Text

from clearing import policy as clearing_policy
from matching import scoring
from matching.search import text as text_search
from matching.search.backends.database import TEXT_COLUMNS, fact_rows


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
    return _Builder().document(tuple(getattr(p, f) for f in FACT_NAMES), tuple(text.get(f) for f in TEXT_FIELDS))[0]


FACT_NAMES = [f.name for f in dataclasses.fields(scoring.PlacementFacts)]
TEXT_CACHED = 200  # texts up to this length keep their suffixes for the batch (names, titles: they repeat)


class _Builder:
    """placement_document for many placements: the settings read once, latest birth dates, the suffixes of a
    word and of a short text computed once per batch (placements share start dates, company names, words)."""

    def __init__(self) -> None:
        self.floor = scoring.config()["CHANCE_FLOOR"]
        self.limit = clearing_policy.config()["MAX_OPEN_PER_SEAT"]
        self.latest_birth: dict = {}
        self.days: dict = {}  # date → its ISO text (placements share start and end dates)
        self.suffixes: dict[str, list[str]] = {}
        self.text_suffixes: dict[str, set[str]] = {}

    def document(self, row: tuple, texts: tuple) -> tuple[dict, str]:
        """The document of one placement from its facts as a tuple in PlacementFacts' field order and its texts
        in TEXT_FIELDS' order (None for none), and its JSON
        (the bulk body line: the digest's JSON with the digest and text_terms added, so one encoding does both)."""
        (
            pid, kind, lat, lon, bfs, start, end, deadline, seats, accepted, open_, min_grade, min_age, required,
            status, hidden, company_hidden, verified, district, occupation, accessible, answer_rate, answer_days,
        ) = row  # fmt: skip
        free = seats - accepted
        key = (start, min_age)
        latest = self.latest_birth.get(key, False)
        if latest is False:
            latest = self.latest_birth[key] = _iso(scoring.latest_birth_date(start, min_age))
        days = self.days
        start_iso = (days.get(start) or self.day(start)) if start else None
        end_iso = (days.get(end) or self.day(end)) if end else None
        title, description, company_name, occupation_name = texts
        title, description, company_name, occupation_name = (
            title or "",
            description or "",
            company_name or "",
            occupation_name or "",
        )
        # Keys in sorted order: the digest's JSON is json.dumps(sort_keys=True) of exactly this (`digest`).
        doc = {
            "accepted": accepted,
            "answer_days": answer_days,
            "answer_rate": answer_rate,
            "application_deadline": (days.get(deadline) or self.day(deadline)) if deadline else None,
            "berufsfelder": sorted(bfs),
            "chance_factor": scoring.chance_factor(scoring.chance(open_, free, answer_rate, self.limit), self.floor),
            "company_hidden": company_hidden,
            "company_name": company_name,
            "company_verified": verified,
            "description": description,
            "district": district,
            "end_date": end_iso,
            "end_or_start": end_iso or start_iso,
            "id": pid,
            "is_accessible": accessible,
            "is_hidden": hidden,
            "kind": kind,
            "latest_birth_date": latest,
            "location": {"lat": lat, "lon": lon},
            "min_age": min_age,
            "min_grade": min_grade,
            "occupation": occupation,
            "occupation_name": occupation_name,
            "open_applications": open_,
            "required_qualification": required,
            "seats": seats,
            "seats_left": free,
            "start_date": start_iso,
            "status": status,
            "title": title,
        }
        body = _digest_json(doc)
        doc["digest"] = digest_ = _hash(body)
        doc["text_terms"] = terms = self.terms((title, description, company_name, occupation_name))
        # a term is letters and digits only (text.WORD): nothing in it needs escaping in JSON
        listed = '"' + '","'.join(terms) + '"' if terms else ""
        return doc, f'{body[:-1]}, "digest": "{digest_}", "text_terms": [{listed}]}}'

    def day(self, d: datetime.date) -> str:
        iso = self.days[d] = d.isoformat()
        return iso

    def terms(self, texts) -> list[str]:
        """text.index_terms(texts), from the suffixes of each text (kept for short ones) and of each word."""
        terms: set[str] = set()
        for t in texts:
            if not t:
                continue
            found = self.text_suffixes.get(t)
            if found is None:
                found = text_search.suffix_set(t, self.suffixes)
                if len(t) <= TEXT_CACHED:
                    self.text_suffixes[t] = found
            terms |= found
        return sorted(terms)


def digest(doc: dict) -> str:
    """Of every field but text_terms, which follow from the text fields (in the digest) and would make up most
    of the bytes hashed (every suffix of every word). The definition; documents are hashed by _Builder with
    the same bytes (held to this by the tests)."""
    body = {k: v for k, v in doc.items() if k != "digest" and k != "text_terms"}
    return _hash(json.dumps(body, sort_keys=True, default=str))


def _hash(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=12).hexdigest()


def _encoder():
    """json.dumps(doc, sort_keys=True, default=str) for a dict whose keys are already sorted (_Builder writes
    them so), without building an encoder per call and without sorting (a third of the time per document)."""
    if c_make_encoder is None:  # an interpreter without json's C speedups
        return json.JSONEncoder(sort_keys=True, default=str).encode
    # (markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan):
    # json.dumps' defaults but check_circular (a document has no cycles) and sort_keys (sorted already)
    encode = c_make_encoder(None, str, encode_basestring_ascii, None, ": ", ", ", False, False, True)
    return lambda doc: "".join(encode(doc, 0))


_digest_json = _encoder()


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
    for doc, _ in placement_sources(qs):
        yield doc


def placement_sources(qs):
    """(document, its JSON) for every placement in `qs`: what a bulk request sends."""
    text = {row[0]: row[1:] for row in qs.values_list("id", *TEXT_COLUMNS)}
    build = _Builder().document
    none = (None,) * len(TEXT_FIELDS)
    for row in fact_rows(qs):
        yield build(row, text.get(row[0], none))
