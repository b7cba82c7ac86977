"""The interface every search backend implements, and the query/result types they share.

A backend answers one question, `search(query)`: the placements that pass the query's filters
(and, when the query carries a student, that student's eligibility rules from matching.scoring),
in the requested order, with facet counts. Indexing methods keep the backend's copy in step; the
database backend's are no-ops.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from matching import scoring

SORTS = ("match", "distance", "date")


class SearchUnavailable(DomainError):
    """The search service cannot answer right now (e.g. Elasticsearch is down)."""

    code = "search_unavailable"
    status_code = 503

    def __init__(self, message=None):
        super().__init__(
            message or _("Die Suche ist gerade nicht erreichbar. Bitte versuche es in ein paar Minuten noch einmal.")
        )


FACETS = ("kind", "berufsfelder", "district")


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float
    label: str = ""  # e.g. the postal code, for "4,2 km von 44137"


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()
    berufsfelder: tuple[int, ...] = ()
    occupation: int | None = None
    district: int | None = None
    near: GeoPoint | None = None
    radius_km: float | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    qualification: int | None = None  # only placements requiring at most this
    accessible: bool = False
    student: scoring.StudentFacts | None = None  # matching: eligibility + score
    sort: str = "match"
    offset: int = 0
    limit: int = 20
    today: datetime.date | None = None

    @property
    def effective_near(self) -> GeoPoint | None:
        """A student's matches are always measured from home (eligibility and score use it)."""
        if self.student:
            return GeoPoint(self.student.latitude, self.student.longitude, self.student.postal_code)
        return self.near

    @property
    def effective_radius(self) -> float | None:
        if self.student:
            r = self.student.travel_radius_km
            return min(r, self.radius_km) if self.radius_km else r
        return self.radius_km if self.near else None

    @property
    def effective_sort(self) -> str:
        """'match' without a student means: nearest first around a point, else earliest start."""
        sort = self.sort if self.sort in SORTS else "match"
        if sort == "match" and not self.student:
            return "distance" if self.near else "date"
        if sort == "distance" and not self.effective_near:
            return "date"
        return sort

    @property
    def day(self) -> datetime.date:
        return self.today or datetime.date.today()

    def match_request(self) -> scoring.MatchRequest:
        return scoring.MatchRequest(kinds=self.kinds, today=self.day)


@dataclass
class SearchHit:
    id: int
    facts: scoring.PlacementFacts
    score: scoring.Score | None = None
    distance_km: float | None = None
    raw_score: float | None = None  # Elasticsearch's own _score, for the parity test; None from the database


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict] = field(default_factory=dict)  # facet -> {key: count}


class SearchBackend(ABC):
    def __init__(self, alias: str = "default", **options):
        self.alias = alias
        self.options = options

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Placements for `query`, ordered by the query's sort with ties broken by id ascending."""

    def index_placements(self, ids: list[int]) -> None:  # noqa: B027  optional hook: a backend without an index
        """Bring these placements up to date (delete those that no longer exist or are not listed)."""

    def rebuild(self, *, chunk_size: int = 1000, progress=None) -> int:
        """Rebuild the whole index; return the number of documents."""
        return 0

    def delete_placements(self, ids: list[int]) -> None:  # noqa: B027  optional hook: a backend without an index
        pass

    @property
    def needs_indexing(self) -> bool:
        return False
