"""The figures: supply against demand, placed shares, answers, gaps and trends — computed live in the database.

Every figure is one GROUP BY query (a fixed number of queries, whatever the size of the data) and comes back as a
``Table`` (monitoring/tables.py), so the dashboard, the CSV/XLSX export, the public page and the API show the same
numbers under the same publishing rule (monitoring/suppression.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.reference.models import Berufsfeld, District, Occupation, SchoolType
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
    return dict(PlacementKind.choices)


def supply_and_demand_by_kind(filters: Filters) -> Table:
    supply = {r["kind"]: r for r in placements(filters).values("kind").annotate(n=Count("id"), seats=Sum("seats"))}
    demand = {
        r["placement__kind"]: r
        for r in applications(filters)
        .values("placement__kind")
        .annotate(
            n=Count("id"),
            applied=Count("student", distinct=True),
            placed=Count("student", filter=Q(status=ApplicationStatus.ACCEPTED), distinct=True),
        )
    }
    rows = [
        Row(
            kind,
            label,
            {
                "placements": supply.get(kind, {}).get("n", 0),
                "seats": supply.get(kind, {}).get("seats") or 0,
                "applications": demand.get(kind, {}).get("n", 0),
                "placed_share": (demand.get(kind, {}).get("placed", 0), demand.get(kind, {}).get("applied", 0)),
            },
        )
        for kind, label in _kind_labels().items()
        if not filters.kind or kind == filters.kind
    ]
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
        rows,
        chart_columns=("seats", "applications"),
    )


def supply_and_demand_by_field(filters: Filters) -> Table:
    supply = {
        r["berufsfelder"]: r
        for r in placements(filters).values("berufsfelder").annotate(n=Count("id"), seats=Sum("seats"))
    }
    interested = dict(
        _interests(filters)
        .values("berufsfeld")
        .annotate(n=Count("student", distinct=True))
        .values_list("berufsfeld", "n")
    )
    applied = dict(
        applications(filters)
        .values("placement__berufsfelder")
        .annotate(n=Count("id"))
        .values_list("placement__berufsfelder", "n")
    )
    fields = Berufsfeld.objects.all()
    if filters.berufsfeld:
        fields = fields.filter(pk=filters.berufsfeld.pk)
    rows = [
        Row(
            str(f.pk),
            f.name,
            {
                "placements": supply.get(f.pk, {}).get("n", 0),
                "seats": supply.get(f.pk, {}).get("seats") or 0,
                "interested": interested.get(f.pk, 0),
                "applications": applied.get(f.pk, 0),
            },
        )
        for f in fields
    ]
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
        rows,
        chart_columns=("seats", "interested", "applications"),
        note=_("Ein Angebot oder eine Person kann mehreren Berufsfeldern angehören: die Summe zählt sie mehrfach."),
    )


def supply_by_occupation(filters: Filters, limit: int = 15) -> Table:
    supply = list(
        placements(filters)
        .exclude(occupation=None)
        .values("occupation")
        .annotate(n=Count("id"), seats=Sum("seats"))
        .order_by("-seats", "occupation")[:limit]
    )
    names = dict(Occupation.objects.filter(pk__in=[r["occupation"] for r in supply]).values_list("pk", "name"))
    applied = dict(
        applications(filters)
        .filter(placement__occupation__in=list(names))
        .values("placement__occupation")
        .annotate(n=Count("id"))
        .values_list("placement__occupation", "n")
    )
    rows = [
        Row(
            str(r["occupation"]),
            names[r["occupation"]],
            {"placements": r["n"], "seats": r["seats"] or 0, "applications": applied.get(r["occupation"], 0)},
        )
        for r in supply
    ]
    return Table(
        "by_occupation",
        _("Ausbildungsberufe mit den meisten Plätzen"),
        _("Ausbildungsberuf"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        rows,
        with_total=False,
        note=_("Die %(n)s Berufe mit den meisten Plätzen.") % {"n": limit},
    )


def supply_and_demand_by_district(filters: Filters) -> Table:
    supply = {
        r["site__district"]: r
        for r in placements(filters).values("site__district").annotate(n=Count("id"), seats=Sum("seats"))
    }
    students = dict(
        StudentProfile.objects.values("postal_code__district")
        .annotate(n=Count("id"))
        .values_list("postal_code__district", "n")
    )
    applied = dict(
        applications(filters)
        .values("placement__site__district")
        .annotate(n=Count("id"))
        .values_list("placement__site__district", "n")
    )
    rows = [
        Row(
            str(d.pk),
            d.name,
            {
                "placements": supply.get(d.pk, {}).get("n", 0),
                "seats": supply.get(d.pk, {}).get("seats") or 0,
                "students": students.get(d.pk, 0),
                "applications": applied.get(d.pk, 0),
            },
        )
        for d in District.objects.all()
    ]
    outside = {
        "placements": supply.get(None, {}).get("n", 0),
        "seats": supply.get(None, {}).get("seats") or 0,
        "students": students.get(None, 0),
        "applications": applied.get(None, 0),
    }
    rows.append(Row(UNKNOWN, _("außerhalb Dortmunds"), outside))
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
        rows,
        chart_columns=("seats", "students", "applications"),
    )


def supply_by_month(filters: Filters) -> Table:
    supply = {
        r["month"].date() if isinstance(r["month"], datetime.datetime) else r["month"]: r
        for r in placements(filters)
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("id"), seats=Sum("seats"))
    }
    applied = {
        r["month"].date() if isinstance(r["month"], datetime.datetime) else r["month"]: r["n"]
        for r in applications(filters)
        .annotate(month=TruncMonth("placement__start_date"))
        .values("month")
        .annotate(n=Count("id"))
    }
    rows = []
    month = filters.school_year.first_day
    while month <= filters.school_year.last_day:
        rows.append(
            Row(
                month.isoformat()[:7],
                date_format(month, "M Y"),
                {
                    "placements": supply.get(month, {}).get("n", 0),
                    "seats": supply.get(month, {}).get("seats") or 0,
                    "applications": applied.get(month, 0),
                },
            )
        )
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Table(
        "by_month",
        _("Angebote nach Beginn (Monat)"),
        _("Monat"),
        [
            Column("placements", _("Angebote"), COUNT),
            Column("seats", _("Plätze"), COUNT),
            Column("applications", _("Bewerbungen"), PEOPLE),
        ],
        rows,
        chart="line",
        chart_columns=("seats", "applications"),
    )


def _placed_by(filters: Filters, student_field: str, labels: dict) -> dict[str, tuple[int, int]]:
    counts = {
        r[student_field]: (r["placed"], r["applied"])
        for r in applications(filters)
        .values(student_field)
        .annotate(
            applied=Count("student", distinct=True),
            placed=Count("student", filter=Q(status=ApplicationStatus.ACCEPTED), distinct=True),
        )
    }
    return {key: counts.get(key, (0, 0)) for key in labels}


def placed_by_school_type(filters: Filters) -> Table:
    labels = {**dict(SchoolType.choices), "": _("keine Angabe")}
    placed = _placed_by(filters, "student__school_type", labels)
    rows = [
        Row(key or UNKNOWN, label, {"applied": placed[key][1], "placed_share": placed[key]})
        for key, label in labels.items()
    ]
    return Table(
        "placed_by_school_type",
        _("Vermittelt nach Schulform"),
        _("Schulform"),
        [
            Column("applied", _("Schüler*innen mit Bewerbung"), PEOPLE),
            Column("placed_share", _("davon mit Zusage"), SHARE, "%"),
        ],
        rows,
        chart_columns=("applied",),
    )


def placed_by_home_district(filters: Filters) -> Table:
    labels = {**{d.pk: d.name for d in District.objects.all()}, None: _("außerhalb Dortmunds")}
    placed = _placed_by(filters, "student__postal_code__district", labels)
    rows = [
        Row(str(key) if key else UNKNOWN, label, {"applied": placed[key][1], "placed_share": placed[key]})
        for key, label in labels.items()
    ]
    return Table(
        "placed_by_district",
        _("Vermittelt nach Wohnort (Stadtbezirk)"),
        _("Stadtbezirk"),
        [
            Column("applied", _("Schüler*innen mit Bewerbung"), PEOPLE),
            Column("placed_share", _("davon mit Zusage"), SHARE, "%"),
        ],
        rows,
        chart_columns=("applied",),
    )


def _median_days(answered: int, within: list[int]) -> float | None:
    """The median number of days to an answer, in whole days (an answer within 24 h counts as 1 day), from
    within[d - 1] = answers within d days; None when the median lies beyond the counted window."""
    half = (answered + 1) / 2
    return next((float(day) for day, count in enumerate(within, start=1) if answered and count >= half), None)


def answers_by_company_size(filters: Filters) -> Table:
    """Applications released to companies: waiting for an answer, lapsed without one, days to the first answer
    (median) and the share answered within the response deadline, by company size.

    One query whatever the size of the data: days are counted with conditional aggregates (answered within
    1, 2, …, MAX_DAYS days), which works alike on SQLite and PostgreSQL."""
    days = range(1, MAX_DAYS + 1)
    within = {
        f"d{day}": Count("id", filter=Q(answered_at__lte=F("released_at") + datetime.timedelta(days=day)))
        for day in days
    }
    counts = {
        r["placement__company__size_band"]: r
        for r in applications(filters)
        .filter(released_at__isnull=False)
        .values("placement__company__size_band")
        .annotate(
            n=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            waiting=Count("id", filter=Q(status__in=AWAITING_COMPANY)),
            lapsed=Count("id", filter=Q(status=ApplicationStatus.LAPSED)),
            **within,
        )
    }
    deadline = clearing_policy.config()["RESPONSE_DAYS"]
    labels = {**dict(SizeBand.choices), "": _("keine Angabe")}
    rows = []
    for key, label in labels.items():
        r = counts.get(key, {})
        answered = r.get("answered", 0)
        rows.append(
            Row(
                key or UNKNOWN,
                label,
                {
                    "applications": r.get("n", 0),
                    "waiting": r.get("waiting", 0),
                    "lapsed": r.get("lapsed", 0),
                    "median_days": (answered, _median_days(answered, [r.get(f"d{d}", 0) for d in days])),
                    "in_time": (r.get(f"d{min(deadline, MAX_DAYS)}", 0), r.get("n", 0)),
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


def gaps(filters: Filters, limit_companies: int = 5) -> list[dict]:
    """Berufsfeld × Stadtbezirk where interested students living there outnumber the seats there, each with the
    companies of that field in that district that offer nothing right now (whom the city could ask to host).

    Demand per cell is a count of people and follows the rule: a cell shows only when its row (the Berufsfeld over
    all districts) allows it, so it cannot be worked out from the field's total on the dashboard."""
    demand: dict[int, dict] = defaultdict(dict)
    for r in (
        _interests(filters)
        .values("berufsfeld", "student__postal_code__district")
        .annotate(n=Count("student", distinct=True))
    ):
        demand[r["berufsfeld"]][r["student__postal_code__district"]] = r["n"]
    seats: dict[tuple, int] = {
        (r["berufsfelder"], r["site__district"]): r["seats"] or 0
        for r in placements(filters).values("berufsfelder", "site__district").annotate(seats=Sum("seats"))
    }
    offering = set(Placement.objects.public().values_list("company", flat=True))
    idle: dict[tuple, list[str]] = defaultdict(list)
    for name, field_id, district_id in (
        Company.objects.public()
        .exclude(pk__in=offering)
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


def headline(filters: Filters, as_of: datetime.datetime | None = None) -> dict[str, int]:
    """The figures a daily snapshot keeps. ``as_of`` reconstructs a past day from the timestamps (published,
    registered, applied, answered): used to backfill snapshots, e.g. after the platform started."""
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
    snapshots = DailySnapshot.objects.filter(day__gte=years[1].first_day, day__lte=years[0].last_day).order_by("day")
    series: dict[str, list] = {y.label: [] for y in years}
    for snap in snapshots:
        year = SchoolYear.of(snap.day)
        if year.label in series:
            series[year.label].append((snap.day.isoformat(), snap.figures))
    return {
        "figures": [{"key": k, "label": str(v)} for k, v in TREND_FIGURES.items()],
        "years": {label: publish_series(points, HEADLINE_PEOPLE) for label, points in series.items()},
        "filtered": bool(filters.kind or filters.berufsfeld),
    }


def dashboard(filters: Filters, *, public: bool = False) -> dict:
    """Everything the dashboard shows, published under the rule. ``public`` leaves out what names companies."""
    tables = [
        supply_and_demand_by_kind(filters),
        supply_and_demand_by_field(filters),
        supply_and_demand_by_district(filters),
        supply_by_month(filters),
        supply_by_occupation(filters),
        placed_by_school_type(filters),
        placed_by_home_district(filters),
        answers_by_company_size(filters),
        *entdeckertage_tables(filters),
    ]
    head = headline(filters)
    data = {
        "school_year": filters.school_year.label,
        "filters": filters.as_params(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "headline": publish_series([("", head)], HEADLINE_PEOPLE)[0],
        "tables": [t.published() for t in tables],
        "trends": trends(filters),
    }
    data["headline"].pop("date")
    if not public:
        data["gaps"] = gaps(filters)
    return data
