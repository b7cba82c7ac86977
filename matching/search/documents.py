"""The Elasticsearch document for a placement: everything matching.scoring reads, plus text.

Every placement is indexed (drafts and hidden ones too); the query applies the listing rules, so a
placement that expires or fills up drops out without a re-index. `availability` is precomputed here
with the same function the database backend uses, and is a double so field_value_factor reads it
at full precision.
"""

from __future__ import annotations

from elasticsearch_dsl import Boolean, Date, Document, Double, GeoPoint, Integer, Keyword, Text

from matching import scoring


class PlacementDocument(Document):
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
    availability = Double()
    min_grade = Integer()
    min_age = Integer()
    latest_birth_date = Date()  # students born on or before this are old enough on the first day
    required_qualification = Integer()
    is_accessible = Boolean()
    # Text: the index's default analyzer (German when the cluster has it, see backends.elasticsearch).
    title = Text()
    description = Text()
    company_name = Text()
    occupation_name = Text()

    @classmethod
    def from_facts(cls, p: scoring.PlacementFacts, text: dict) -> PlacementDocument:
        return cls(
            meta={"id": p.id},
            id=p.id,
            kind=p.kind,
            status=p.status,
            is_hidden=p.is_hidden,
            company_hidden=p.company_hidden,
            company_verified=p.company_verified,
            location={"lat": p.latitude, "lon": p.longitude},
            berufsfelder=list(p.berufsfeld_ids),
            occupation=p.occupation_id,
            district=p.district_id,
            start_date=p.start_date,
            end_date=p.end_date,
            end_or_start=p.end_date or p.start_date,
            application_deadline=p.application_deadline,
            seats=p.seats,
            accepted=p.accepted,
            open_applications=p.open_applications,
            seats_left=p.free_seats,
            availability=p.availability,
            min_grade=p.min_grade,
            min_age=p.min_age,
            latest_birth_date=scoring.latest_birth_date(p.start_date, p.min_age),
            required_qualification=p.required_qualification,
            is_accessible=p.is_accessible,
            title=text.get("title", ""),
            description=text.get("description", ""),
            company_name=text.get("company_name", ""),
            occupation_name=text.get("occupation_name", ""),
        )


def facts_from_source(src: dict) -> scoring.PlacementFacts:
    import datetime

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
    )
