"""Reads of the clearing: a company's response figures, a student's best matches with free seats, who to tell
about a free seat, and the teacher's list of students without a placement."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from companies.models import Placement
from matching import scoring
from matching.search import SearchQuery
from matching.search.backends.database import facts_for
from matching.selectors import Match, search, student_facts
from seekers.models import SEAT_STATUSES, Application, ApplicationStatus, SchoolClass, StudentProfile

from . import policy
from .models import ResponseFigures

SEAT_FREE_MAX_STUDENTS = 20  # a freed seat is announced to at most this many students (best matches first)


def response_figures(company) -> ResponseFigures | None:
    """None when the company has no applications with a deadline yet (nothing to show)."""
    figures = ResponseFigures.objects.filter(company=company).first()
    return figures if figures and figures.applications else None


def response_figures_dict(company) -> dict:
    f = response_figures(company)
    return {
        "applications": f.applications if f else 0,
        "median_days_to_answer": round(f.median_days, 1) if f and f.median_days is not None else None,
        "share_answered_in_time": round(f.in_time_share, 3) if f and f.in_time_share is not None else None,
        "months": policy.config()["FIGURES_MONTHS"],
    }


def best_free_matches(student: StudentProfile, *, kind: str | None = None, limit: int = 3) -> list[Match]:
    """The student's best matches (free seats are an eligibility rule), leaving out places they applied to."""
    facts = student_facts(student)
    applied = set(Application.objects.filter(student=student).values_list("placement_id", flat=True))
    _, matches = search(SearchQuery(student=facts, kinds=(kind,) if kind else (), limit=limit + len(applied)))
    return [m for m in matches if m.placement.pk not in applied][:limit]


def has_placement(student: StudentProfile, kind: str | None = None) -> bool:
    qs = Application.objects.filter(student=student, status__in=SEAT_STATUSES)
    return qs.filter(placement__kind=kind).exists() if kind else qs.exists()


def students_to_tell_about_free_seat(placement: Placement) -> list[StudentProfile]:
    """Students without a placement of this kind whose matches include it (eligible, and it fits their
    interests), best score first, at most SEAT_FREE_MAX_STUDENTS; none who applied there already."""
    facts = facts_for(Placement.objects.filter(pk=placement.pk), few=True)
    if not facts or facts[0].free_seats <= 0:
        return []
    p = facts[0]
    today = timezone.localdate()
    placed = Application.objects.filter(status__in=SEAT_STATUSES, placement__kind=placement.kind).values("student_id")
    applied = Application.objects.filter(placement=placement).values("student_id")
    candidates = (
        StudentProfile.objects.filter(interests__berufsfeld_id__in=p.berufsfeld_ids)
        .exclude(pk__in=placed)
        .exclude(pk__in=applied)
        .select_related("postal_code", "user")
        .distinct()
    )
    scored = []
    request = scoring.MatchRequest(kinds=(placement.kind,), today=today)
    for student in candidates:
        matcher = scoring.Matcher(student_facts(student, today=today), request)
        d = matcher.distance_km(p)
        if matcher.eligible(p, d):
            total, interest, *_ = matcher.parts(p, d)
            if interest > 0:
                scored.append((-total, student.pk, student))
    scored.sort(key=lambda t: t[:2])
    return [s for *_, s in scored[:SEAT_FREE_MAX_STUDENTS]]


@dataclass
class Unplaced:
    student: StudentProfile
    open_applications: int
    matches: list[Match] = field(default_factory=list)


@dataclass
class ClassClearing:
    school_class: SchoolClass
    visible_from: datetime.date | None  # the list shows from TEACHER_LEAD_DAYS before the period
    is_due: bool
    unplaced: list[Unplaced] = field(default_factory=list)
    placed: int = 0


def class_clearing(school_class: SchoolClass, *, with_matches: bool = True, today: datetime.date | None = None):
    """For the teacher, TEACHER_LEAD_DAYS before the class's internship period (and during it): who has no
    school internship placement in the period yet, with the best free matches of each."""
    today = today or timezone.localdate()
    start, end = school_class.internship_start, school_class.internship_end
    if not start or not end:
        return ClassClearing(school_class, None, False)
    visible_from = start - datetime.timedelta(days=policy.config()["TEACHER_LEAD_DAYS"])
    out = ClassClearing(school_class, visible_from, visible_from <= today <= end)
    if not out.is_due:
        return out
    students = list(school_class.students.select_related("user", "postal_code").order_by("user__last_name", "pk"))
    in_period = Q(placement__kind="school_internship", placement__start_date__gte=start, placement__start_date__lte=end)
    placed_ids = set(
        Application.objects.filter(in_period, student__in=students, status__in=SEAT_STATUSES).values_list(
            "student_id", flat=True
        )
    )
    open_by: dict[int, int] = {}
    for sid in Application.objects.filter(
        in_period,
        student__in=students,
        status__in=[
            ApplicationStatus.AWAITING_CONSENT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.INVITED,
            ApplicationStatus.WAITLISTED,
        ],
    ).values_list("student_id", flat=True):
        open_by[sid] = open_by.get(sid, 0) + 1
    for student in students:
        if student.pk in placed_ids:
            out.placed += 1
            continue
        row = Unplaced(student, open_by.get(student.pk, 0))
        if with_matches:
            row.matches = best_free_matches(student, kind="school_internship", limit=3)
        out.unplaced.append(row)
    return out
