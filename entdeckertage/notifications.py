"""Emails of the Entdeckertage, through the project's queue (backend.mail.services.email_send).

Mass mails (results after publishing, reminders, certificates) are sent by tasks (tasks.py), never in a request.
Each mail records nothing else: the reminder task marks the assignment (reminded_at) so a second run sends none.
"""

from collections import defaultdict

from django.db import transaction

from backend.mail.services import email_send
from companies.models import Company
from seekers.models import StudentProfile

from . import tasks
from .models import Assignment, ClassBlock, Offer
from .selectors import class_overview

T = "emails/entdeckertage/"


def _parents(student) -> list[str]:
    return list(student.parent_links.values_list("parent__email", flat=True))


def offer_cancelled(*, offer, student, alternative) -> None:
    email_send(
        to=[student.user.email, *_parents(student)],
        template=T + "offer_cancelled",
        context={"offer": offer, "student": student, "alternative": alternative},
    )


def allocation_published(*, season, run) -> None:
    transaction.on_commit(lambda: tasks.send_allocation_mails.enqueue(season.pk))


def send_results(season) -> int:
    """Results to every pupil (and linked parents), the class summary to the class teachers, the list of pupils
    per day to each company. Returns the number of mails."""
    days = defaultdict(list)
    for a in Assignment.objects.filter(season=season).select_related(
        "offer__company", "offer__site", "berufsfeld", "student__user"
    ):
        days[a.student_id].append(a)
    n = 0
    cbs = ClassBlock.objects.filter(season=season).select_related("school_class")
    pupils = (
        StudentProfile.objects.filter(
            class_memberships__school_class__in=[cb.school_class for cb in cbs], grade=season.grade
        )
        .select_related("user")
        .distinct()
    )
    for student in pupils:
        mine = sorted(days.get(student.id, []), key=lambda a: a.date)
        email_send(
            to=[student.user.email, *_parents(student)],
            template=T + "result",
            context={"season": season, "student": student, "days": mine},
        )
        n += 1
    for cb in cbs:
        teachers = list(cb.school_class.teachers.values_list("email", flat=True))
        if teachers:
            email_send(
                to=teachers,
                template=T + "class_summary",
                context={
                    "season": season,
                    "school_class": cb.school_class,
                    "rows": class_overview(season, cb.school_class),
                },
            )
            n += 1
    by_company: defaultdict[Company, defaultdict[Offer, list[Assignment]]] = defaultdict(lambda: defaultdict(list))
    for rows in days.values():
        for a in rows:
            by_company[a.offer.company][a.offer].append(a)
    for company, offers in by_company.items():
        to = list(company.memberships.values_list("user__email", flat=True))
        if to:
            email_send(
                to=to,
                template=T + "day_list",
                context={"company": company, "offers": sorted(offers.items(), key=lambda kv: (kv[0].date, kv[0].id))},
            )
            n += 1
    return n


def reminder(assignment) -> None:
    s = assignment.student
    email_send(to=[s.user.email, *_parents(s)], template=T + "reminder", context={"assignment": assignment})


def certificate_ready(*, student, season, url: str) -> None:
    email_send(
        to=[student.user.email, *_parents(student)],
        template=T + "certificate_ready",
        context={"student": student, "season": season, "url": url},
    )


def wish_reminder(*, student, season, until) -> None:
    email_send(
        to=[student.user.email],
        template=T + "wish_reminder",
        context={"student": student, "season": season, "until": until},
    )
