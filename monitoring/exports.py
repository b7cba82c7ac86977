"""CSV and XLSX of the published figures: the same tables the page shows, after the publishing rule.

One sheet (XLSX) or one block (CSV) per table; hidden cells are written as "<5" so nobody mistakes them for 0."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.utils.translation import gettext as _

HIDDEN = "<5"
LICENCE = (
    "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2.0), Quelle: Stadt Dortmund, Dortmund at Work"
)


def _cell(value, column: dict):
    if value is None:
        return HIDDEN
    if column["kind"] == "share":
        return round(value * 100, 1)
    return value


def _table_rows(table: dict) -> list[list]:
    header = [table["dimension"], *[c["label"] + (" (%)" if c["kind"] == "share" else "") for c in table["columns"]]]
    rows = [header]
    for row in table["rows"]:
        rows.append([row["label"], *[_cell(row["values"][c["key"]], c) for c in table["columns"]]])
    if table["total"] is not None:
        rows.append([_("Gesamt"), *[_cell(table["total"][c["key"]], c) for c in table["columns"]]])
    return rows


def _gap_rows(gaps: list[dict]) -> list[list]:
    rows = [
        [
            _("Berufsfeld"),
            _("Stadtbezirk"),
            _("interessierte Schüler*innen"),
            _("Plätze"),
            _("Lücke"),
            _("Unternehmen des Felds ohne Angebot"),
        ]
    ]
    for g in gaps:
        rows.append(
            [g["berufsfeld"], g["district"], g["interested"], g["seats"], g["gap"], ", ".join(g["idle_companies"])]
        )
    return rows


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Schuljahr"), data["school_year"], _("Stand"), data["generated_at"]])
    writer.writerow([LICENCE])
    for table in data["tables"]:
        writer.writerow([])
        writer.writerow([table["title"]])
        writer.writerows(_table_rows(table))
    if "gaps" in data:
        writer.writerow([])
        writer.writerow([_("Lücken")])
        writer.writerows(_gap_rows(data["gaps"]))
    return out.getvalue()


def to_xlsx(data: dict) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    about = book.add_worksheet(_("Info"))
    about.write_row(0, 0, [_("Schuljahr"), data["school_year"]])
    about.write_row(1, 0, [_("Stand"), data["generated_at"]])
    about.write_row(2, 0, [_("Lizenz"), LICENCE])
    about.write_row(3, 0, [_("Regel"), _("Zahlen über weniger als 5 Personen sind als „<5“ ausgeblendet.")])
    sheets = [(t["title"], _table_rows(t)) for t in data["tables"]]
    if "gaps" in data:
        sheets.append((_("Lücken"), _gap_rows(data["gaps"])))
    used: set[str] = set()
    for title, rows in sheets:
        name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28]
        while name in used:
            name = name[:26] + f"{len(used):02d}"
        used.add(name)
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row, bold if r == 0 else None)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(rows[0]), 16)
    book.close()
    return buffer.getvalue()
