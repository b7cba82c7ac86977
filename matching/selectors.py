"""Reads for matching and search: a student's facts, ranked matches with reasons, search pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext

from backend.reference.models import Berufsfeld, District
from companies.models import Placement, PlacementKind, placement_path
from matching import scoring
from matching.search import SearchQuery, SearchResult, get_backend
from matching.search.backends.base import SearchHit
from matching.search.backends.database import facts_for
from seekers.selectors import internship_period


def student_facts(student, *, today: datetime.date | None = None) -> scoring.StudentFacts:
    """What matching knows about a student. The class internship period is the latest one set."""
    today = today or timezone.localdate()
    pc = student.postal_code
    period = internship_period(student)
    return scoring.StudentFacts(
        id=student.pk,
        latitude=pc.latitude,
        longitude=pc.longitude,
        postal_code=pc.code,
        grade=student.grade,
        birth_date=student.birth_date,
        expected_qualification=student.expected_qualification,
        travel_radius_km=float(student.travel_radius_km),
        interests=dict(student.interests.values_list("berufsfeld_id", "weight")),
        internship_start=period[0] if period else None,
        internship_end=period[1] if period else None,
    )


def berufsfeld_names(catalogues: Catalogues | None = None) -> dict[int, str]:
    if catalogues is not None:
        return {b.id: gettext(b.name) for b in catalogues.berufsfelder}
    return {pk: gettext(name) for pk, name in Berufsfeld.objects.values_list("id", "name")}  # reader's language


@dataclass
class Catalogues:
    """The 16 Berufsfelder and the 12 districts, read once for a results page or answer: its facets, its filter
    form and its reasons all name them (before: one read each, a round trip apiece)."""

    berufsfelder: list[Berufsfeld]
    districts: list[District]


def catalogues() -> Catalogues:
    return Catalogues(berufsfelder=list(Berufsfeld.objects.all()), districts=list(District.objects.all()))


KIND_LABELS = dict(PlacementKind.choices)  # lazy labels: translated when shown


@dataclass(frozen=True)
class NamedRow:
    """A related row of a PlacementRow as the results show it (company: name and slug; district, occupation)."""

    name: str
    slug: str = ""


@dataclass(frozen=True)
class SiteRow:
    postal_code_id: str | None
    city: str
    latitude: float | None
    longitude: float | None
    district: NamedRow | None


@dataclass(frozen=True)
class PlacementRow:
    """What a result shows of a placement, read as plain values (hydrate): the attributes of Placement that the
    results page, the map, the API and the clearing's mails use, under the same names. Building the page's
    Placement, Company, Site, District and Occupation objects and prefetching the Berufsfelder cost more than
    everything else in an answer from Elasticsearch. The full placement: Placement.objects.get(pk=row.pk)."""

    id: int
    title: str
    kind: str
    slug: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_accessible: bool
    company: NamedRow
    site: SiteRow
    occupation: NamedRow | None
    berufsfelder: tuple[str, ...]  # names, in the database's order by name

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        """As Placement.get_absolute_url."""
        return placement_path(self.company.slug, self.slug)


ROW_VALUES = (
    "id",
    "title",
    "kind",
    "slug",
    "start_date",
    "end_date",
    "is_accessible",
    "company__name",
    "company__slug",
    "site__postal_code_id",
    "site__city",
    "site__latitude",
    "site__longitude",
    "site__district__name",
    "occupation__name",
)


def placement_rows(ids: list[int]) -> dict[int, PlacementRow]:
    """The placements of a results page by id, in two queries (their rows; their Berufsfelder by name)."""
    names: dict[int, list[str]] = {pk: [] for pk in ids}
    links = (
        Placement.berufsfelder.through.objects.filter(placement_id__in=ids)
        .order_by("berufsfeld__name", "berufsfeld_id")
        .values_list("placement_id", "berufsfeld__name")
    )
    for placement_id, name in links:
        names[placement_id].append(name)
    out = {}
    for r in Placement.objects.filter(id__in=ids).values_list(*ROW_VALUES):
        district, occupation = r[13], r[14]
        out[r[0]] = PlacementRow(
            id=r[0],
            title=r[1],
            kind=r[2],
            slug=r[3],
            start_date=r[4],
            end_date=r[5],
            is_accessible=r[6],
            company=NamedRow(name=r[7], slug=r[8]),
            site=SiteRow(
                postal_code_id=r[9],
                city=r[10],
                latitude=r[11],
                longitude=r[12],
                district=NamedRow(name=district) if district is not None else None,
            ),
            occupation=NamedRow(name=occupation) if occupation is not None else None,
            berufsfelder=tuple(names[r[0]]),
        )
    return out


@dataclass
class Match:
    """One result row for pages and the API: the placement, its score parts and reasons."""

    placement: PlacementRow
    hit: SearchHit
    reasons: list[str]

    @property
    def score(self) -> scoring.Score | None:
        return self.hit.score

    @property
    def distance_km(self) -> float | None:
        return self.hit.distance_km

    @property
    def kind_label(self) -> str:
        """The kind's name in the reader's language, as get_kind_display() gives it; that one rebuilds and
        hashes the choices, translating every label, on each call (20 times per page and answer)."""
        kind = self.placement.kind
        return str(KIND_LABELS.get(kind, kind))

    @cached_property
    def url(self) -> str:
        """The placement's page (the list, the map and the API link it; reversed once)."""
        return self.placement.get_absolute_url()


def hydrate(
    result: SearchResult, student: scoring.StudentFacts | None = None, catalogues: Catalogues | None = None
) -> list[Match]:
    """Load the page's placements (two queries) in the result's order, with reasons."""
    by_id = placement_rows([h.id for h in result.hits])
    names = berufsfeld_names(catalogues) if student else {}
    out = []
    for h in result.hits:
        p = by_id.get(h.id)
        if p is None:  # deleted since the index saw it
            continue
        reasons = scoring.reasons(student, h.facts, h.score, names) if student and h.score else []
        out.append(Match(placement=p, hit=h, reasons=reasons))
    return out


def search(
    query: SearchQuery, *, alias: str = "default", catalogues: Catalogues | None = None
) -> tuple[SearchResult, list[Match]]:
    result = get_backend(alias).search(query)
    return result, hydrate(result, query.student, catalogues)


def placement_reasons(*, student, placement) -> tuple[bool, list[str], list[str]]:
    """For the placement page: (eligible, reasons, codes of the rules it breaks) for this student."""
    s = student_facts(student)
    facts = facts_for(Placement.objects.filter(pk=placement.pk), few=True)
    if not facts:
        return False, [], ["not_found"]
    p = facts[0]
    broken = scoring.ineligibility_reasons(s, p, scoring.MatchRequest(today=timezone.localdate()))
    return not broken, scoring.reasons(s, p, scoring.score(s, p), berufsfeld_names()), broken


def facet_options(facets: dict[str, dict], catalogues: Catalogues | None = None) -> dict[str, list[dict]]:
    """Facet counts with labels and the values the filters take (slugs), most frequent first."""
    kinds = dict(PlacementKind.choices)
    if catalogues is not None:
        bfs = {b.id: b for b in catalogues.berufsfelder}
        districts = {d.id: d for d in catalogues.districts}
    else:
        bfs = {b.id: b for b in Berufsfeld.objects.filter(id__in=list(facets.get("berufsfelder", {})))}
        districts = {d.id: d for d in District.objects.filter(id__in=list(facets.get("district", {})))}
    out = {
        "kind": [{"value": k, "label": str(kinds.get(k, k)), "count": n} for k, n in facets.get("kind", {}).items()],
        "berufsfelder": [
            {"value": bfs[k].slug, "label": bfs[k].name, "count": n}
            for k, n in facets.get("berufsfelder", {}).items()
            if k in bfs
        ],
        "district": [
            {"value": districts[k].slug, "label": districts[k].name, "count": n}
            for k, n in facets.get("district", {}).items()
            if k in districts
        ],
    }
    for options in out.values():
        options.sort(key=lambda o: (-o["count"], o["label"]))
    return out


def match_as_dict(m: Match, *, with_score: bool) -> dict:
    """One result for the API (and the map's data)."""
    p = m.placement
    out = {
        "id": p.id,
        "title": p.title,
        "kind": p.kind,
        "kind_label": m.kind_label,
        "url": m.url,
        "company": {"name": p.company.name, "slug": p.company.slug},
        "site": {
            "postal_code": p.site.postal_code_id,
            "city": p.site.city,
            "district": p.site.district.name if p.site.district else None,
            "latitude": p.site.latitude,
            "longitude": p.site.longitude,
        },
        "occupation": p.occupation.name if p.occupation else None,
        "berufsfelder": list(p.berufsfelder),
        "start_date": p.start_date.isoformat(),
        "end_date": p.end_date.isoformat() if p.end_date else None,
        "seats_left": m.hit.facts.free_seats,
        "is_accessible": p.is_accessible,
        "distance_km": round(m.distance_km, 2) if m.distance_km is not None else None,
    }
    if with_score and m.score:
        out["score"] = round(m.score.total, 4)
        out["score_parts"] = {
            "interest": round(m.score.interest, 4),
            "proximity": round(m.score.proximity, 4),
            "level_fit": round(m.score.level_fit, 4),
            "chance": round(m.score.chance, 4),
        }
        out["reasons"] = m.reasons
    return out
