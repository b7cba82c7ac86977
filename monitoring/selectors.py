"""The figures: supply against demand, placed shares, answers, gaps and trends — computed live in the database.

Every figure is one GROUP BY query (a fixed number of queries, whatever the size of the data) and comes back as a
``Table`` (monitoring/tables.py), so the dashboard, the CSV/XLSX export, the public page and the API show the same
numbers under the same publishing rule (monitoring/suppression.py).
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, DurationField, ExpressionWrapper, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.reference.models import Berufsfeld, District, SchoolType
from clearing import policy as clearing_policy
from companies.models import Company, Placement, PlacementKind, SizeBand
from entdeckertage.models import DAYS_PER_PUPIL, Season
from entdeckertage.selectors import coverage as edt_coverage
from seekers.models import (
    ACTIVE_STATUSES,
    AWAITING_COMPANY,
    Application,
    ApplicationStatus,
    Interest,
    StudentProfile,
)

from .models import DailySnapshot
from .suppression import suppress_breakdown
from .tables import COUNT, MEDIAN, PEOPLE, SHARE, Column, Row, Table, publish_series

MAX_DAYS = 60  # days to an answer are counted up to here; a median beyond it reads "more than 60"
UNKNOWN = "-"


@dataclass(frozen=True)
class SchoolYear:
    """An NRW school year: 1 August to 31 July, written "2026/27"."""

    start_year: int

    @classmethod
    def of(cls, day: datetime.date) -> SchoolYear:
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """ "2026/27" → SchoolYear(2026); ValueError with a German message otherwise."""
        try:
            first, second = text.split("/")
            year = int(first)
            if len(first) != 4 or int(second) != (year + 1) % 100 or not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            raise ValueError(_("Gib das Schuljahr als „2026/27“ an.")) from None
        return cls(year)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, 8, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 7, 31)

    @property
    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)


@dataclass(frozen=True)
class Filters:
    school_year: SchoolYear
    kind: str = ""
    berufsfeld: Berufsfeld | None = None

    @property
    def key(self) -> str:
        """The filter in one string, under which its figures are kept (monitoring.models.DashboardFigures)."""
        return f"{self.school_year.label}|{self.kind}|{self.berufsfeld.pk if self.berufsfeld else ''}"

    def as_params(self) -> dict:
        return {
            "school_year": self.school_year.label,
            "kind": self.kind,
            "berufsfeld": self.berufsfeld.pk if self.berufsfeld else "",
        }


def placements(filters: Filters):
    """Supply: placements offered in the school year — published at some point (also those closed or archived
    since), from public companies, not hidden by the city, starting in the school year."""
    qs = Placement.objects.filter(
        published_at__isnull=False,
        is_hidden=False,
        company__is_verified=True,
        company__is_hidden=False,
        start_date__gte=filters.school_year.first_day,
        start_date__lte=filters.school_year.last_day,
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.berufsfeld:
        qs = qs.filter(berufsfelder=filters.berufsfeld)
    return qs


def applications(filters: Filters):
    """Demand: applications (any status) to placements starting in the school year."""
    qs = Application.objects.filter(
        placement__start_date__gte=filters.school_year.first_day,
        placement__start_date__lte=filters.school_year.last_day,
    )
    if filters.kind:
        qs = qs.filter(placement__kind=filters.kind)
    if filters.berufsfeld:
        qs = qs.filter(placement__berufsfelder=filters.berufsfeld)
    return qs


def _interests(filters: Filters):
    qs = Interest.objects.all()
    if filters.berufsfeld:
        qs = qs.filter(berufsfeld=filters.berufsfeld)
    return qs


def _kind_labels() -> dict[str, str]:
    return {key: str(label) for key, label in PlacementKind.choices}


def _grouped(qs, *dimensions: str, **aggregates) -> dict:
    """``qs`` counted in one GROUP BY over ``dimensions``: {key: {aggregate: value (None → 0)}}, the key being the
    dimension's value, or the tuple of values for several. The one shape every breakdown below is counted in."""
    out = {}
    for r in qs.values(*dimensions).annotate(**aggregates).order_by():
        key = r[dimensions[0]] if len(dimensions) == 1 else tuple(r[d] for d in dimensions)
        out[key] = {name: r[name] or 0 for name in aggregates}
    return out


def _rollup(grain: dict[tuple, dict], position: int | None) -> dict:
    """A finer grain summed up to the dimension at ``position`` (None: to the grand total, under the key None).
    Only for figures that add up (counts of rows), never for counts of distinct people."""
    out: dict = defaultdict(lambda: defaultdict(int))
    for key, values in grain.items():
        for name, value in values.items():
            out[None if position is None else key[position]][name] += value
    return out


def _row_key(key) -> str:
    return UNKNOWN if key in (None, "") else str(key)


def _rows(labels: dict, row_key=_row_key, **columns) -> list[Row]:
    """One row per label ({key: label}, in order) of a breakdown; each column is (counts, aggregate) taken from a
    grouped count, or (counts, (numerator, base)) for a share. A key the data does not have counts 0."""

    def value(counts, name, key):
        found = counts.get(key, {})
        return tuple(found.get(n, 0) for n in name) if isinstance(name, tuple) else found.get(name, 0)

    return [
        Row(row_key(key), label, {column: value(counts, name, key) for column, (counts, name) in columns.items()})
        for key, label in labels.items()
    ]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class DaysToAnswer(Func):
    """Whole days from an application's release to the company's first answer, counted up — the answer came
    "within d days" exactly when this is ≤ d (within 24 h is 1) — capped at MAX_DAYS + 1 ("more than MAX_DAYS");
    NULL while unanswered. Exact to the microsecond on both databases. The time between is computed once per
    row (on SQLite it is a Python function)."""

    output_field = IntegerField()

    def __init__(self):
        elapsed = ExpressionWrapper(F("answered_at") - F("released_at"), output_field=DurationField())
        super().__init__(elapsed, F("answered_at"))

    def as_postgresql(self, compiler, connection, **extra_context):
        elapsed, elapsed_params = compiler.compile(self.source_expressions[0])
        answered, answered_params = compiler.compile(self.source_expressions[1])
        # seconds as a double (faster than EXTRACT's numeric): exact to the microsecond for spans of centuries;
        # the CASE because PostgreSQL's GREATEST skips NULL (an unanswered application would count as 1)
        days = f"CEIL(date_part('epoch', {elapsed}) / 86400)::integer"
        sql = f"CASE WHEN {answered} IS NULL THEN NULL ELSE LEAST(GREATEST({days}, 1), {MAX_DAYS + 1}) END"
        return sql, (*answered_params, *elapsed_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        elapsed, params = compiler.compile(self.source_expressions[0])
        day = 86_400_000_000  # Django's SQLite subtraction of datetimes gives whole microseconds
        # SQLite's MAX/MIN of a NULL is NULL: unanswered stays NULL
        return f"MIN(MAX(({elapsed} + {day - 1}) / {day}, 1), {MAX_DAYS + 1})", params


class Counts:
    """The counts behind every table of one filter, each taken once in one GROUP BY at the finest grain the
    tables need (e.g. supply by kind × district × month) and summed up per table in Python: a fixed number of
    queries, each going over the data once, whatever its size."""

    def __init__(self, filters: Filters):
        self.filters = filters

    @cached_property
    def supply(self) -> dict:
        """(kind, site's district, month of start) → placements, seats."""
        qs = placements(self.filters).annotate(month=TruncMonth("start_date"))
        grain = _grouped(qs, "kind", "site__district", "month", n=Count("id"), seats=Sum("seats"))
        return {(kind, district, _as_date(month)): v for (kind, district, month), v in grain.items()}

    @cached_property
    def demand(self) -> dict:
        """(kind, placement's district, month of start) → applications, of them still open."""
        qs = applications(self.filters).annotate(month=TruncMonth("placement__start_date"))
        grain = _grouped(
            qs,
            "placement__kind",
            "placement__site__district",
            "month",
            n=Count("id"),
            open=Count("id", filter=Q(status__in=ACTIVE_STATUSES) & ~Q(status=ApplicationStatus.ACCEPTED)),
        )
        return {(kind, district, _as_date(month)): v for (kind, district, month), v in grain.items()}

    @cached_property
    def people_by_kind(self) -> dict:
        """kind → students who applied, students accepted (distinct people: they do not add up across kinds)."""
        return _grouped(
            applications(self.filters),
            "placement__kind",
            applied=Count("student", distinct=True),
            placed=Count("student", filter=Q(status=ApplicationStatus.ACCEPTED), distinct=True),
        )

    @cached_property
    def students(self) -> dict:
        """(school form, home district) → registered students, of them with an application, with an acceptance.
        Each student counts once, in one cell: these add up."""
        applied = applications(self.filters)
        return _grouped(
            StudentProfile.objects.all(),
            "school_type",
            "postal_code__district",
            registered=Count("id"),
            applied=Count("id", filter=Q(pk__in=applied.values("student"))),
            placed=Count("id", filter=Q(pk__in=applied.filter(status=ApplicationStatus.ACCEPTED).values("student"))),
        )

    @cached_property
    def supply_by_field(self) -> dict:
        """(Berufsfeld, site's district) → placements, seats (a placement counts in each of its fields)."""
        return _grouped(placements(self.filters), "berufsfelder", "site__district", n=Count("id"), seats=Sum("seats"))

    @cached_property
    def interested(self) -> dict:
        """(Berufsfeld, home district) → students interested (one interest per student and field: no DISTINCT)."""
        return _grouped(_interests(self.filters), "berufsfeld", "student__postal_code__district", n=Count("id"))

    @cached_property
    def demand_by_field(self) -> dict:
        return _grouped(applications(self.filters), "placement__berufsfelder", n=Count("id"))


def supply_and_demand_by_kind(counts: Counts) -> Table:
    filters = counts.filters
    labels = {kind: label for kind, label in _kind_labels().items() if not filters.kind or kind == filters.kind}
    return Table(
        "by_kind",
        _("Angebot und Nachfrage nach Art"),
        _("Art"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("applications", _("Bewerbungen"), PEOPLE),
            Column("placed_share", _("vermittelt (Anteil der Bewerber*innen)"), SHARE, "%"),
        ],
        _rows(
            labels,
            row_key=str,
            placements=(_rollup(counts.supply, 0), "n"),
            seats=(_rollup(counts.supply, 0), "seats"),
            applications=(_rollup(counts.demand, 0), "n"),
            placed_share=(counts.people_by_kind, ("placed", "applied")),
        ),
        chart_columns=("seats", "applications"),
    )


def supply_and_demand_by_field(counts: Counts) -> Table:
    fields = Berufsfeld.objects.all()
    if counts.filters.berufsfeld:
        fields = fields.filter(pk=counts.filters.berufsfeld.pk)
    supply = _rollup(counts.supply_by_field, 0)
    return Table(
        "by_field",
        _("Angebot und Nachfrage nach Berufsfeld"),
        _("Berufsfeld"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("interested", _("interessierte Schüler*innen"), PEOPLE),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        _rows(
            {f.pk: f.name for f in fields},
            placements=(supply, "n"),
            seats=(supply, "seats"),
            interested=(_rollup(counts.interested, 0), "n"),
            applications=(counts.demand_by_field, "n"),
        ),
        chart_columns=("seats", "interested", "applications"),
        note=_("Ein Angebot oder eine Person kann mehreren Berufsfeldern angehören: die Summe zählt sie mehrfach."),
    )


def supply_by_occupation(counts: Counts, limit: int = 15) -> Table:
    supply = list(
        placements(counts.filters)
        .exclude(occupation=None)
        .values("occupation", "occupation__name")
        .annotate(n=Count("id"), seats=Sum("seats"))
        .order_by("-seats", "occupation")[:limit]
    )
    top = [r["occupation"] for r in supply]
    applied = _grouped(
        applications(counts.filters).filter(placement__occupation__in=top), "placement__occupation", n=Count("id")
    )
    return Table(
        "by_occupation",
        _("Ausbildungsberufe mit den meisten Plätzen"),
        _("Ausbildungsberuf"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        _rows(
            {r["occupation"]: r["occupation__name"] for r in supply},
            placements=({r["occupation"]: r for r in supply}, "n"),
            seats=({r["occupation"]: r for r in supply}, "seats"),
            applications=(applied, "n"),
        ),
        with_total=False,
        note=_("Die %(n)s Berufe mit den meisten Plätzen.") % {"n": limit},
    )


def _districts() -> dict:
    """Stadtbezirke by key, then None: outside Dortmund (or no postcode)."""
    return {**{d.pk: d.name for d in District.objects.all()}, None: _("außerhalb Dortmunds")}


def supply_and_demand_by_district(counts: Counts) -> Table:
    supply = _rollup(counts.supply, 1)
    return Table(
        "by_district",
        _("Angebot und Nachfrage nach Stadtbezirk"),
        _("Stadtbezirk"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("students", _("Schüler*innen (Wohnort)"), PEOPLE),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        _rows(
            _districts(),
            placements=(supply, "n"),
            seats=(supply, "seats"),
            students=(_rollup(counts.students, 1), "registered"),
            applications=(_rollup(counts.demand, 1), "n"),
        ),
        chart_columns=("seats", "students", "applications"),
    )


def supply_by_month(counts: Counts) -> Table:
    year = counts.filters.school_year
    months = {}
    month = year.first_day
    while month <= year.last_day:
        months[month] = date_format(month, "M Y")
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    supply = _rollup(counts.supply, 2)
    return Table(
        "by_month",
        _("Angebote nach Beginn (Monat)"),
        _("Monat"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        _rows(
            months,
            row_key=lambda month: month.isoformat()[:7],
            placements=(supply, "n"),
            seats=(supply, "seats"),
            applications=(_rollup(counts.demand, 2), "n"),
        ),
        chart="line",
        chart_columns=("seats", "applications"),
    )


def _placed_table(key: str, title: str, dimension: str, labels: dict, students: dict) -> Table:
    return Table(
        key,
        title,
        dimension,
        [
            Column("applied", _("Schüler*innen mit Bewerbung"), PEOPLE),
            Column("placed_share", _("davon mit Zusage"), SHARE, "%"),
        ],
        _rows(labels, applied=(students, "applied"), placed_share=(students, ("placed", "applied"))),
        chart_columns=("applied",),
    )


def placed_by_school_type(counts: Counts) -> Table:
    labels = {**dict(SchoolType.choices), "": _("keine Angabe")}
    return _placed_table(
        "placed_by_school_type",
        _("Vermittelt nach Schulform"),
        _("Schulform"),
        labels,
        _rollup(counts.students, 0),
    )


def placed_by_home_district(counts: Counts) -> Table:
    return _placed_table(
        "placed_by_district",
        _("Vermittelt nach Wohnort (Stadtbezirk)"),
        _("Stadtbezirk"),
        _districts(),
        _rollup(counts.students, 1),
    )


def _median_days(answered: int, within: list[int]) -> float | None:
    """The median number of days to an answer, in whole days (an answer within 24 h counts as 1 day), from
    within[d - 1] = answers within d days; None when the median lies beyond the counted window."""
    half = (answered + 1) / 2
    return next((float(day) for day, count in enumerate(within, start=1) if answered and count >= half), None)


def answers_by_company_size(counts: Counts) -> Table:
    """Applications released to companies: waiting for an answer, lapsed without one, days to the first answer
    (median) and the share answered within the response deadline, by company size.

    One GROUP BY over company size × days to the answer (DaysToAnswer: at most MAX_DAYS + 2 values per size);
    the answers within 1, 2, … days are summed up from it here."""
    grain = _grouped(
        applications(counts.filters).filter(released_at__isnull=False).annotate(days=DaysToAnswer()),
        "placement__company__size_band",
        "days",
        n=Count("id"),
        waiting=Count("id", filter=Q(status__in=AWAITING_COMPANY)),
        lapsed=Count("id", filter=Q(status=ApplicationStatus.LAPSED)),
    )
    by_size = _rollup(grain, 0)
    on_day: dict = defaultdict(lambda: [0] * (MAX_DAYS + 2))  # size → answers on day 1..MAX_DAYS + 1
    for (size, days), values in grain.items():
        if days is not None:
            on_day[size][days] += values["n"]
    deadline = clearing_policy.config()["RESPONSE_DAYS"]
    labels = {**dict(SizeBand.choices), "": _("keine Angabe")}
    rows = []
    for key, label in labels.items():
        within = list(itertools.accumulate(on_day[key][1 : MAX_DAYS + 1]))
        answered = sum(on_day[key])
        total = by_size.get(key, {})
        rows.append(
            Row(
                _row_key(key),
                str(label),
                {
                    "applications": total.get("n", 0),
                    "waiting": total.get("waiting", 0),
                    "lapsed": total.get("lapsed", 0),
                    "median_days": (answered, _median_days(answered, within)),
                    "in_time": (within[min(deadline, MAX_DAYS) - 1], total.get("n", 0)),
                },
            )
        )
    return Table(
        "answers_by_size",
        _("Antworten der Unternehmen nach Betriebsgröße"),
        _("Betriebsgröße"),
        [
            Column("applications", _("Bewerbungen"), PEOPLE),
            Column("waiting", _("warten auf Antwort"), PEOPLE),
            Column("lapsed", _("ohne Antwort verfallen"), PEOPLE),
            Column("median_days", _("Tage bis zur Antwort (Median)"), MEDIAN, _("Tage")),
            Column("in_time", _("binnen %(days)s Tagen beantwortet") % {"days": deadline}, SHARE, "%"),
        ],
        rows,
        chart_columns=("applications", "waiting", "lapsed"),
    )


def entdeckertage_tables(filters: Filters) -> list[Table]:
    """The career-field days of the school year's season: coverage by school (pupils with 3/2/1/0 days) and
    seats offered against wishes by Berufsfeld. From the Entdeckertage' own coverage (one definition)."""
    season = Season.objects.filter(school_year=filters.school_year.label).order_by("-offers_from").first()
    if season is None or (filters.kind and filters.kind != PlacementKind.CAREER_DAY):
        return []
    figures = edt_coverage(season)
    by_school: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in figures["classes"]:
        for k in range(DAYS_PER_PUPIL + 1):
            by_school[row["school"]][f"days_{k}"] += row[f"days_{k}"]
            by_school[row["school"]]["pupils"] += row[f"days_{k}"]
    day_columns = [
        Column(f"days_{k}", _("mit %(n)s Tagen") % {"n": k} if k != 1 else _("mit 1 Tag"), PEOPLE)
        for k in range(DAYS_PER_PUPIL, -1, -1)
    ]
    coverage_table = Table(
        "edt_coverage",
        _("Entdeckertage %(season)s: Abdeckung nach Schule") % {"season": season.name},
        _("Schule"),
        [Column("pupils", _("Schüler*innen"), PEOPLE), *day_columns],
        [Row(name, name, dict(values)) for name, values in sorted(by_school.items())],
        chart_columns=tuple(c.key for c in day_columns),
    )
    fields = [f for f in figures["fields"] if not filters.berufsfeld or f["code"] == filters.berufsfeld.code]
    wishes_table = Table(
        "edt_fields",
        _("Entdeckertage %(season)s: Plätze und Wünsche nach Berufsfeld") % {"season": season.name},
        _("Berufsfeld"),
        [Column("seats", _("Plätze"), COUNT), Column("wishes", _("Wünsche"), PEOPLE)],
        [Row(f["code"], f["berufsfeld"], {"seats": f["seats"], "wishes": f["wishes"]}) for f in fields],
    )
    return [coverage_table, wishes_table]


def gaps(counts: Counts, limit_companies: int = 5) -> list[dict]:
    """Berufsfeld × Stadtbezirk where interested students living there outnumber the seats there, each with the
    companies of that field in that district that offer nothing right now (whom the city could ask to host).

    Demand per cell is a count of people and follows the rule: a cell shows only when its row (the Berufsfeld over
    all districts) allows it, so it cannot be worked out from the field's total on the dashboard."""
    demand: dict[int, dict] = defaultdict(dict)
    for (field_id, district_id), values in counts.interested.items():
        demand[field_id][district_id] = values["n"]
    seats = {key: values["seats"] for key, values in counts.supply_by_field.items()}
    idle: dict[tuple, list[str]] = defaultdict(list)
    for name, field_id, district_id in (
        Company.objects.public()
        .exclude(pk__in=Placement.objects.public().values("company"))
        .filter(berufsfelder__isnull=False, sites__district__isnull=False)
        .values_list("name", "berufsfelder", "sites__district")
        .distinct()
        .order_by("name")
    ):
        names = idle[(field_id, district_id)]
        if name not in names:
            names.append(name)
    fields = {f.pk: f.name for f in Berufsfeld.objects.all()}
    districts = {d.pk: d.name for d in District.objects.all()}
    out = []
    for field_id, by_district in demand.items():
        shown, _total = suppress_breakdown({d: n for d, n in by_district.items() if d is not None})
        for district_id, people in shown.items():
            supply = seats.get((field_id, district_id), 0)
            if people is None or people <= supply:
                continue
            companies = idle.get((field_id, district_id), [])
            out.append(
                {
                    "berufsfeld": fields[field_id],
                    "district": districts[district_id],
                    "interested": people,
                    "seats": supply,
                    "gap": people - supply,
                    "idle_companies": companies[:limit_companies],
                    "idle_companies_more": max(0, len(companies) - limit_companies),
                }
            )
    out.sort(key=lambda g: (-g["gap"], g["berufsfeld"], g["district"]))
    return out


# The headline figures a daily snapshot keeps (monitoring/services.take_snapshot) and the trend charts draw.
HEADLINE_PEOPLE = {"students", "applications", "open_applications", "placed_students"}


def headline(filters: Filters, as_of: datetime.datetime | None = None, counts: Counts | None = None) -> dict[str, int]:
    """The figures a daily snapshot keeps. ``as_of`` reconstructs a past day from the timestamps (published,
    registered, applied, answered): used to backfill snapshots, e.g. after the platform started. Without it, the
    figures are summed up from the dashboard's counts (no query of their own when ``counts`` has them already)."""
    if as_of is None:
        counts = counts or Counts(filters)
        supply, demand, students = (
            _rollup(grain, None)[None] for grain in (counts.supply, counts.demand, counts.students)
        )
        return {
            "placements": supply["n"],
            "seats": supply["seats"],
            "students": students["registered"],
            "applications": demand["n"],
            "open_applications": demand["open"],
            "placed_students": students["placed"],
        }
    offered, applied, students = placements(filters), applications(filters), StudentProfile.objects.all()
    open_now = Q(status__in=ACTIVE_STATUSES) & ~Q(status=ApplicationStatus.ACCEPTED)
    placed = Q(status=ApplicationStatus.ACCEPTED)
    if as_of is not None:
        offered = offered.filter(published_at__lte=as_of)
        applied = applied.filter(created_at__lte=as_of)
        students = students.filter(created_at__lte=as_of)
        open_now = Q(answered_at__isnull=True) | Q(answered_at__gt=as_of)
        placed = placed & Q(answered_at__lte=as_of)
    supply = offered.aggregate(placements=Count("id"), seats=Sum("seats"))
    demand = applied.aggregate(
        applications=Count("id"),
        open_applications=Count("id", filter=open_now),
        placed_students=Count("student", filter=placed, distinct=True),
    )
    return {
        "placements": supply["placements"] or 0,
        "seats": supply["seats"] or 0,
        "students": students.count(),
        **{k: v or 0 for k, v in demand.items()},
    }


TREND_FIGURES = {
    "placements": gettext_lazy("Angebote"),
    "seats": gettext_lazy("Plätze"),
    "students": gettext_lazy("registrierte Schüler*innen"),
    "applications": gettext_lazy("Bewerbungen"),
    "open_applications": gettext_lazy("offene Bewerbungen"),
    "placed_students": gettext_lazy("Schüler*innen mit Zusage"),
}


def trends(filters: Filters) -> dict:
    """Each headline figure's course over the school year and the one before, from the daily snapshots.

    Snapshots are taken without filters (the whole city); with a kind or field filter the trend is not shown."""
    years = [filters.school_year, filters.school_year.previous]
    snapshots = (
        DailySnapshot.objects.filter(day__gte=years[1].first_day, day__lte=years[0].last_day)
        .order_by("day")
        .values_list("day", "figures")
    )
    series: dict[str, list] = {y.label: [] for y in years}
    for day, figures in snapshots:
        year = SchoolYear.of(day)
        if year.label in series:
            series[year.label].append((day.isoformat(), figures))
    return {
        "figures": [{"key": k, "label": str(v)} for k, v in TREND_FIGURES.items()],
        "years": {label: publish_series(points, HEADLINE_PEOPLE) for label, points in series.items()},
        "filtered": bool(filters.kind or filters.berufsfeld),
    }


def compute_figures(filters: Filters) -> dict:
    """Every table, the headline, the gaps and the trends of one filter, counted now and published under the rule (slow on a
    big city: the background task keeps them, see monitoring.services.figures)."""
    counts = Counts(filters)
    tables = [
        supply_and_demand_by_kind(counts),
        supply_and_demand_by_field(counts),
        supply_and_demand_by_district(counts),
        supply_by_month(counts),
        supply_by_occupation(counts),
        placed_by_school_type(counts),
        placed_by_home_district(counts),
        answers_by_company_size(counts),
        *entdeckertage_tables(filters),
    ]
    head = publish_series([("", headline(filters, counts=counts))], HEADLINE_PEOPLE)[0]
    head.pop("date")
    return {
        "school_year": filters.school_year.label,
        "filters": filters.as_params(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "headline": head,
        "tables": [t.published() for t in tables],
        "gaps": gaps(counts),
        "trends": trends(filters),
    }


def dashboard(filters: Filters, *, public: bool = False, figures: dict | None = None) -> dict:
    """Everything the dashboard shows: ``figures`` (compute_figures' result, kept or counted now), with the trends
    as of then (the daily snapshots change hourly). ``public`` leaves out what names companies (the gaps)."""
    data = dict(figures if figures is not None else compute_figures(filters))
    if "trends" not in data:  # figures kept before the trends were kept with them
        data["trends"] = trends(filters)
    if public:
        data.pop("gaps")
    return data
