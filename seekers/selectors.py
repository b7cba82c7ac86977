"""Reads of the seekers app with their joins in one place."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from backend.accounts.models import Role, User
from companies.models import Placement

from .models import (
    ACTIVE_STATUSES,
    AWAITING_COMPANY,
    Application,
    ApplicationStatus,
    ApprovalStatus,
    Favourite,
    Recommendation,
    SchoolClass,
    StudentProfile,
)


def favourite_list(*, student: StudentProfile) -> QuerySet[Favourite]:
    return student.favourites.select_related("placement__company", "placement__site")


def application_list_for_student(*, student: StudentProfile) -> QuerySet[Application]:
    return student.applications.select_related("placement__company").prefetch_related("events")


def application_inbox(*, user: User, status: str | None = None) -> QuerySet[Application]:
    """Applications to the user's companies that the company may see (released, see services docstring)."""
    qs = (
        Application.objects.filter(placement__company__memberships__user=user)
        .released_to_company()
        .select_related("placement__company", "student__user")
        .order_by("-created_at")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def waiting_on_user(user: User) -> dict[str, int]:
    """What waits for this user's answer, by the navigation link that leads to it (one COUNT per page): a
    company's applications to answer before their deadline, a student's offers to accept or decline, a parent's
    consents. The navigation shows each as a badge, so nobody has to open the page to find out."""
    role = getattr(user, "role", None)
    if role == Role.COMPANY:
        return {"seekers:company_inbox": application_inbox(user=user).filter(status__in=AWAITING_COMPANY).count()}
    if role == Role.STUDENT:
        return {
            "seekers:applications": Application.objects.filter(
                student__user=user, status=ApplicationStatus.OFFERED
            ).count()
        }
    if role == Role.PARENT:
        return {
            "seekers:parent_home": Application.objects.filter(
                student__parent_links__parent=user, status=ApplicationStatus.AWAITING_CONSENT
            ).count()
        }
    return {}


def application_detail(*, pk: int) -> Application | None:
    return (
        Application.objects.select_related("placement__company", "placement__site", "student__user")
        .prefetch_related("events", "messages__author")
        .filter(pk=pk)
        .first()
    )


def recommendation_list_for_student(*, student: StudentProfile) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(Q(student=student) | Q(school_class__memberships__student=student))
        .select_related("placement__company", "teacher")
        .distinct()
        .order_by("-created_at")
    )


def class_list_for_teacher(*, teacher: User) -> QuerySet[SchoolClass]:
    return teacher.taught_classes.annotate(student_count=Count("memberships", distinct=True))


def class_overview(*, school_class: SchoolClass) -> list[dict]:
    """Per student: shortlist size, applications, and placed / waiting / nothing yet for the class's period.

    Placed: an accepted application whose school approval is not missing (approved or not required), for a
    placement that starts inside the class's internship period (any date if the class has no period).
    Waiting: any other active application. Nothing yet: no active application."""
    students = (
        school_class.students.select_related("user")
        .annotate(shortlist=Count("favourites", distinct=True))
        .prefetch_related(Prefetch("applications", queryset=Application.objects.select_related("placement__company")))
        .order_by("user__first_name", "user__last_name")
    )
    rows = []
    for student in students:
        apps = list(student.applications.all())
        in_period = [a for a in apps if _in_period(a, school_class)]
        placed = [
            a
            for a in in_period
            if a.status == ApplicationStatus.ACCEPTED
            and a.school_approval in (ApprovalStatus.APPROVED, ApprovalStatus.NOT_REQUIRED)
        ]
        waiting = [a for a in in_period if a.status in ACTIVE_STATUSES]
        rows.append(
            {
                "student": student,
                "shortlist": student.shortlist,
                "applications": apps,
                "application_count": len(apps),
                "state": "placed" if placed else ("waiting" if waiting else "nothing"),
                "pending_approvals": [
                    a for a in apps if a.school_approval == ApprovalStatus.PENDING and a.status in ACTIVE_STATUSES
                ],
            }
        )
    return rows


STATE_LABELS = {"placed": "hat einen Platz", "waiting": "wartet auf Antwort", "nothing": "noch nichts"}


def _in_period(application: Application, school_class: SchoolClass) -> bool:
    start, end = school_class.internship_start, school_class.internship_end
    if not start or not end:
        return True
    return start <= application.placement.start_date <= end


def students_for_parent(*, parent: User) -> QuerySet[StudentProfile]:
    return (
        StudentProfile.objects.filter(parent_links__parent=parent)
        .select_related("user")
        .annotate(
            waiting_for_consent=Count(
                "applications", distinct=True, filter=Q(applications__status=ApplicationStatus.AWAITING_CONSENT)
            )
        )
    )


RECOMMEND_PICKER_SIZE = 20


def placements_to_recommend(*, school_class: SchoolClass, q: str = "", limit: int = RECOMMEND_PICKER_SIZE) -> list:
    """The teacher's picker: public placements whose title, company, Berufsfeld or occupation contain every word of
    `q`; without `q` the next ones inside the class's internship period (or the next ones at all)."""
    qs = Placement.objects.public().select_related("company", "site").order_by("start_date", "title", "pk")
    words = q.split()[:8]
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(company__name__icontains=word)
            | Q(berufsfelder__name__icontains=word)
            | Q(occupation__name__icontains=word)
        )
    if not words:
        qs = qs.filter(start_date__gte=school_class.internship_start or timezone.localdate())
        if school_class.internship_end:
            qs = qs.filter(start_date__lte=school_class.internship_end)
    return list(qs.distinct()[:limit])


def internship_period(student) -> tuple | None:
    """(start, end) of the student's class internship period, the latest one set; None without. Read by
    matching (the student's facts) and by the check before applying."""
    return (
        student.classes.filter(internship_start__isnull=False, internship_end__isnull=False)
        .order_by("-internship_end")
        .values_list("internship_start", "internship_end")
        .first()
    )
