"""The one rule for publishing figures about people: no figure about fewer than 5 people.

Used by the staff dashboard, its exports, the public statistics page and ``GET /api/v1/stats/`` alike.

* A count of people (students, applications, wishes…) between 1 and 4 is not shown (``None``); 0 is shown.
* Totals stay consistent and nothing hidden can be worked out from them: when a breakdown has a known total, the
  hidden cells of that breakdown are either none, or at least two whose sum is at least 5 (secondary suppression:
  the smallest visible cells are hidden too until that holds). A total that is itself 1–4 is hidden.
* A share (placed of applied, …) is shown only when its base, its numerator and the rest (base − numerator) are
  each 0 or at least 5: "1 of 12 not placed" is a figure about one person.
* A median of people's values (e.g. days a company took to answer applications) is shown only over at least 5.

Counts of companies, placements and seats are not about people and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

MIN_PEOPLE = 5


def is_publishable(count: int) -> bool:
    return count == 0 or count >= MIN_PEOPLE


def suppress_count(count: int) -> int | None:
    return count if is_publishable(count) else None


def suppress_breakdown(cells: Mapping[Hashable, int], total: int | None = None) -> tuple[dict, int | None]:
    """Return (cells with hidden ones as None, the total or None).

    ``total`` defaults to the sum of the cells; pass it when the cells do not add up to it (a person interested in
    several Berufsfelder counts in each). Secondary suppression applies either way.
    """
    values = dict(cells)
    total_value = sum(values.values()) if total is None else total
    hidden = {key for key, value in values.items() if not is_publishable(value)}
    if hidden:
        # The hidden cells' sum is total − visible: it must not be a figure about 1–4 people, nor name one cell.
        visible = sorted((value, str(key), key) for key, value in values.items() if key not in hidden and value > 0)
        while (len(hidden) == 1 or sum(values[k] for k in hidden) < MIN_PEOPLE) and visible:
            hidden.add(visible.pop(0)[2])
    shown = {key: (None if key in hidden else value) for key, value in values.items()}
    return shown, suppress_count(total_value)


def suppress_share(numerator: int, base: int) -> float | None:
    """numerator/base as a fraction 0..1, or None when it would tell something about 1–4 people."""
    if base == 0 or not (is_publishable(base) and is_publishable(numerator) and is_publishable(base - numerator)):
        return None
    return numerator / base


def suppress_median(values_count: int, median: float | None) -> float | None:
    return median if values_count >= MIN_PEOPLE else None
