"""Reads for matching and search: a student's facts, ranked matches with reasons, search pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from backend.reference.models import Berufsfeld, District
from companies.models import Placement, PlacementKind
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


@dataclass
class Match:
    """One result row for pages and the API: the placement, its score parts and reasons."""

    placement: Placement
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
        p = self.placement
        return reverse("companies:placement_detail", kwargs={"company_slug": p.company.slug, "slug": p.slug})


def hydrate(
    result: SearchResult, student: scoring.StudentFacts | None = None, catalogues: Catalogues | None = None
) -> list[Match]:
    """Load the page's placements (constant number of queries) in the result's order, with reasons."""
    ids = [h.id for h in result.hits]
    placements = (
        Placement.objects.filter(id__in=ids)
        .select_related("company", "site", "site__district", "occupation")  # no postal code row: its key is shown
        .prefetch_related(Prefetch("berufsfelder", queryset=Berufsfeld.objects.order_by("name")))
    )
    by_id = {p.id: p for p in placements}
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
        "berufsfelder": [b.name for b in p.berufsfelder.all()],
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
