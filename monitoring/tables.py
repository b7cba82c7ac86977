"""The shape every figure of the dashboard, the exports, the public page and the API share: a table.

A table has rows (a Berufsfeld, a Stadtbezirk, …) and columns (placements, seats, students, …). Each column says
what it counts; columns about people go through the publishing rule (monitoring/suppression.py) as a whole
breakdown, so hidden cells cannot be worked out from the total. Charts draw the same rows the table shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .suppression import suppress_breakdown, suppress_count, suppress_median, suppress_share

COUNT = "count"  # a count of things that are not people (placements, seats, companies)
PEOPLE = "people"  # a count of people or of their acts (students, applications, wishes)
SHARE = "share"  # numerator/base over people, 0..1
MEDIAN = "median"  # a median of people's values (days), with the number of values
COLUMN_KINDS = [(COUNT, "count"), (PEOPLE, "people"), (SHARE, "share"), (MEDIAN, "median")]  # for the API schema


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    unit: str = ""


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, Any] = field(default_factory=dict)  # raw: int, (numerator, base) or (n, median)


@dataclass
class Table:
    key: str
    title: str
    dimension: str
    columns: list[Column]
    rows: list[Row]
    chart: str = "bar"  # "bar", "line" or "" (table only)
    chart_columns: tuple[str, ...] = ()
    note: str = ""
    with_total: bool = True

    def published(self) -> dict:
        """The table as it may be shown: people figures suppressed, totals consistent. Plain data (JSON-ready)."""
        cells: dict[str, dict[str, Any]] = {row.key: {} for row in self.rows}
        totals: dict[str, Any] = {}
        for column in self.columns:
            raw = {row.key: row.values.get(column.key) for row in self.rows}
            if column.kind == COUNT:
                for key, value in raw.items():
                    cells[key][column.key] = value or 0
                totals[column.key] = sum(value or 0 for value in raw.values())
            elif column.kind == PEOPLE:
                shown, total = suppress_breakdown({k: v or 0 for k, v in raw.items()})
                for key, value in shown.items():
                    cells[key][column.key] = value
                totals[column.key] = total
            elif column.kind == SHARE:
                # A share is (numerator, base) of people: numerators, bases and the rest (base − numerator) are each
                # a breakdown under the rule, and a share shows only where all three show — so no hidden numerator
                # can be worked out from the total share and the visible ones.
                pairs = {k: (v or (0, 0)) for k, v in raw.items()}
                nums, num_total = suppress_breakdown({k: n for k, (n, b) in pairs.items()})
                bases, base_total = suppress_breakdown({k: b for k, (n, b) in pairs.items()})
                rests, rest_total = suppress_breakdown({k: b - n for k, (n, b) in pairs.items()})
                for key, (numerator, base) in pairs.items():
                    visible = None not in (nums[key], bases[key], rests[key])
                    cells[key][column.key] = suppress_share(numerator, base) if visible else None
                all_num, all_base = sum(n for n, b in pairs.values()), sum(b for n, b in pairs.values())
                visible = None not in (num_total, base_total, rest_total)
                totals[column.key] = suppress_share(all_num, all_base) if visible else None
            elif column.kind == MEDIAN:
                for key, value in raw.items():
                    n, median = value or (0, None)
                    cells[key][column.key] = suppress_median(n, median)
                totals[column.key] = None
            else:  # pragma: no cover - a programming error, caught by the tests of every table
                raise ValueError(column.kind)
        return {
            "key": self.key,
            "title": str(self.title),
            "dimension": str(self.dimension),
            "note": str(self.note),
            "chart": self.chart,
            "chart_columns": list(self.chart_columns or [c.key for c in self.columns if c.kind in (COUNT, PEOPLE)]),
            "columns": [
                {"key": c.key, "label": str(c.label), "kind": c.kind, "unit": str(c.unit)} for c in self.columns
            ],
            "rows": [{"key": row.key, "label": str(row.label), "values": cells[row.key]} for row in self.rows],
            "total": totals if self.with_total else None,
        }


def publish_series(points: list[tuple[str, dict[str, int]]], people_keys: set[str]) -> list[dict]:
    """Trend points [(date, {figure: value})]: each people figure on its own (a point is a total of its day)."""
    out = []
    for day, values in points:
        out.append({"date": day, **{k: (suppress_count(v) if k in people_keys else v) for k, v in values.items()}})
    return out
