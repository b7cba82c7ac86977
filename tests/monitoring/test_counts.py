"""The dashboard's counts pinned against a plain Python count over the same rows, on SQLite and on PostgreSQL.

The selectors count in a few GROUP BYs at a fine grain and sum up in Python (monitoring/selectors.py: Counts), with
days to an answer bucketed in SQL (DaysToAnswer) — each database computes that differently, so the same small,
random city (the benchmark's generator, plus answers exactly on day boundaries) is counted both ways here.
"""

import datetime
import random
from collections import defaultdict

import pytest
from django.utils import timezone

from clearing import policy as clearing_policy
from companies.models import Company, Placement, PlacementKind, SizeBand
from monitoring import selectors
from monitoring.bench import build_city
from monitoring.selectors import MAX_DAYS, Counts, Filters, SchoolYear, _median_days
from seekers.models import ACTIVE_STATUSES, AWAITING_COMPANY, Application, ApplicationStatus, Interest, StudentProfile

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TICK = datetime.timedelta(microseconds=1)


def city():
    """A small random city, and applications answered exactly on, and a microsecond after, day boundaries."""
    build_city(random.Random(7), placements=30, students=60, applications=240)
    Company.objects.filter(pk__in=Company.objects.order_by("pk").values("pk")[:2]).update(size_band="")
    released = timezone.now() - 80 * DAY
    edges = [None, 0 * DAY, DAY, DAY + TICK, 2 * DAY, 7 * DAY, 7 * DAY + TICK, MAX_DAYS * DAY, MAX_DAYS * DAY + TICK]
    statuses = [ApplicationStatus.LAPSED, ApplicationStatus.INVITED, ApplicationStatus.DECLINED]
    taken = set(Application.objects.values_list("student", "placement"))
    year = SchoolYear.of(timezone.localdate())
    students = list(StudentProfile.objects.order_by("pk"))
    offers = list(Placement.objects.filter(start_date__lte=year.last_day).order_by("pk"))
    rng = random.Random(11)
    for i in range(60):
        student, placement = rng.choice(students), rng.choice(offers)
        if (student.pk, placement.pk) in taken:
            continue
        taken.add((student.pk, placement.pk))
        after = edges[i % len(edges)]
        Application.objects.create(
            student=student,
            placement=placement,
            message="Grenzfall",
            status=statuses[i % len(statuses)] if after is None else ApplicationStatus.DECLINED,
            released_at=released,
            answered_at=None if after is None else released + after,
        )


def expected(filters: Filters) -> dict:
    """The figures counted row by row in Python."""
    year = filters.school_year
    apps = [
        a
        for a in Application.objects.select_related("placement__company", "student__postal_code")
        if year.first_day <= a.placement.start_date <= year.last_day
        and (not filters.kind or a.placement.kind == filters.kind)
    ]
    out: dict = {"by_kind": {}, "school_type": {}, "answers": {}}
    for kind in PlacementKind.values:
        mine = [a for a in apps if a.placement.kind == kind]
        out["by_kind"][kind] = {
            "applications": len(mine),
            "placed_share": (
                len({a.student_id for a in mine if a.status == ApplicationStatus.ACCEPTED}),
                len({a.student_id for a in mine}),
            ),
        }
    applied = defaultdict(set)
    placed = defaultdict(set)
    for a in apps:
        applied[a.student.school_type].add(a.student_id)
        if a.status == ApplicationStatus.ACCEPTED:
            placed[a.student.school_type].add(a.student_id)
    for key in {s.school_type for s in StudentProfile.objects.all()}:
        out["school_type"][key or "-"] = {
            "applied": len(applied[key]),
            "placed_share": (len(placed[key]), len(applied[key])),
        }
    deadline = clearing_policy.config()["RESPONSE_DAYS"]
    for size in [*SizeBand.values, ""]:
        mine = [a for a in apps if a.released_at and a.placement.company.size_band == size]
        answered = [(a.answered_at, a.released_at) for a in mine if a.answered_at and a.released_at]
        within = [sum(at <= released + d * DAY for at, released in answered) for d in range(1, MAX_DAYS + 1)]
        out["answers"][size or "-"] = {
            "applications": len(mine),
            "waiting": sum(a.status in AWAITING_COMPANY for a in mine),
            "lapsed": sum(a.status == ApplicationStatus.LAPSED for a in mine),
            "median_days": (len(answered), _median_days(len(answered), within)),
            "in_time": (within[min(deadline, MAX_DAYS) - 1], len(mine)),
        }
    out["headline"] = {
        "placements": selectors.placements(filters).count(),
        "seats": sum(selectors.placements(filters).values_list("seats", flat=True)),
        "students": StudentProfile.objects.count(),
        "applications": len(apps),
        "open_applications": sum(a.status in ACTIVE_STATUSES and a.status != ApplicationStatus.ACCEPTED for a in apps),
        "placed_students": len({a.student_id for a in apps if a.status == ApplicationStatus.ACCEPTED}),
    }
    return out


def values(table, keys=None) -> dict:
    return {row.key: {k: row.values[k] for k in (keys or row.values)} for row in table.rows}


def check_counts():
    city()
    for kind in ["", PlacementKind.APPRENTICESHIP]:
        filters = Filters(SchoolYear.of(timezone.localdate()), kind=kind)
        want = expected(filters)
        counts = Counts(filters)
        assert values(selectors.supply_and_demand_by_kind(counts), ["applications", "placed_share"]) == {
            k: v for k, v in want["by_kind"].items() if not kind or k == kind
        }
        by_form = values(selectors.placed_by_school_type(counts))
        assert {k: v for k, v in by_form.items() if k in want["school_type"]} == want["school_type"]
        assert all(
            v == {"applied": 0, "placed_share": (0, 0)} for k, v in by_form.items() if k not in want["school_type"]
        )
        assert values(selectors.answers_by_company_size(counts)) == want["answers"]
        assert selectors.headline(filters, counts=counts) == want["headline"]


def test_counts_match_a_count_by_hand():
    check_counts()


@pytest.mark.postgres
def test_counts_match_a_count_by_hand_on_postgresql():
    check_counts()


def test_interest_per_field_needs_no_distinct():
    """Counts.interested counts Interest rows as people: one interest per student and field (a constraint)."""
    assert any(c.name == "unique_interest" for c in Interest._meta.constraints)
