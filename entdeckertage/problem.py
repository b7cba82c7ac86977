"""The allocation's input as plain data (no Django inside the solver); inputs.py loads it from a season.

Each pupil of the season (grade and school year, a class with a block, not marked as not taking part) has a
candidate list: their wishes in rank order (offers of their block that are active and whose minimum age they
meet) and, if they opted in (Participation.widen), the other reachable offers of their block in their fields
(the Berufsfelder of their wishes and interests), ordered by matching's score (matching/scoring.py: interest,
distance, ...) and within their travel radius, after the wishes. Days a pupil already has (booked or given by
hand) are fixed: they take a seat, a date and a field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

WIDEN_LIMIT = 24  # widened candidates per pupil: enough for three fields on three dates, small enough to solve fast


@dataclass(frozen=True)
class OfferIn:
    id: int
    date: int  # ordinal day
    field: int  # Berufsfeld id
    capacity: int  # seats still free for the allocation


@dataclass
class PupilIn:
    id: int
    candidates: list[tuple[int, int]]  # (offer id, rank): rank 1 = first wish; widened ones rank after the wishes
    fixed: int = 0  # days the pupil already has
    n_wishes: int = 0


@dataclass
class Problem:
    pupils: list[PupilIn]
    offers: dict[int, OfferIn] = field(default_factory=dict)

    def digest(self) -> str:
        data = {
            "o": sorted((o.id, o.date, o.field, o.capacity) for o in self.offers.values()),
            "p": sorted((p.id, p.fixed, p.candidates) for p in self.pupils),
        }
        return hashlib.sha256(json.dumps(data, separators=(",", ":")).encode()).hexdigest()
