"""Writes of the clearing: the deadline job (reminders, lapses, offers and waitlists that run out), the
companies' response figures, and the teacher's nudge.

The application transitions themselves live in seekers.services (its docstring, "Clearing"); this module decides
WHEN they happen. Every step claims its row with one conditional UPDATE, so `deadlines_run` is idempotent and safe
when two runs overlap (two workers, or a worker and `manage.py run_clearing`).
"""

from __future__ import annotations

import datetime
import statistics

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from companies.models import Company, Placement, PlacementStatus
from matching.indexing import placements_changed
from seekers import notifications
from seekers import services as seekers_services
from seekers.errors import ErrorCode
from seekers.models import AWAITING_COMPANY, Application, ApplicationStatus, SchoolClass, StudentProfile

from . import policy, selectors
from .models import ResponseFigures


def deadlines_run(now: datetime.datetime | None = None) -> dict:
    """One pass of the deadline job. Returns what it did (counts)."""
    now = now or timezone.now()
    done = {"reminded": 0, "lapsed": 0, "offers_lapsed": 0, "waitlists_closed": 0, "figures": 0}
    done["reminded"] = reminders_send(now)
    touched: set[int] = set()
    due = Application.objects.filter(status__in=AWAITING_COMPANY, respond_by__lte=now)
    for pk, company_id in due.values_list("pk", "placement__company_id"):
        if seekers_services.application_lapse(application_id=pk):
            done["lapsed"] += 1
            touched.add(company_id)
    expired = Application.objects.filter(status=ApplicationStatus.OFFERED, offer_expires_at__lte=now)
    for pk in expired.values_list("pk", flat=True):
        if seekers_services.offer_lapse(application_id=pk):
            done["offers_lapsed"] += 1
    today = timezone.localdate(now)
    ended = Application.objects.filter(status=ApplicationStatus.WAITLISTED).filter(
        Q(placement__start_date__lt=today)
        | (
            Q(placement__status__in=[PlacementStatus.CLOSED, PlacementStatus.ARCHIVED])
            & Q(placement__closed_when_full=False)
        )
    )
    for pk in ended.values_list("pk", flat=True):
        if seekers_services.waitlist_close(application_id=pk):
            done["waitlists_closed"] += 1
    done["figures"] = figures_refresh_stale(now, extra=touched)
    return done


def reminders_send(now: datetime.datetime) -> int:
    """Reminders on days 3 and 6 (REMINDER_DAYS) to every member of the company, by mail and in its inbox (the
    inbox marks reminded applications with their deadline)."""
    sent = 0
    n_days = len(policy.config()["REMINDER_DAYS"])
    rows = Application.objects.filter(
        status__in=AWAITING_COMPANY, respond_by__gt=now, reminders_sent__lt=n_days
    ).values_list("pk", "respond_by", "reminders_sent")
    for pk, respond_by, already in rows:
        assert respond_by is not None  # respond_by__gt=now above
        due = policy.reminders_due(respond_by, now)
        if due <= already:
            continue
        with transaction.atomic():
            claimed = Application.objects.filter(pk=pk, reminders_sent=already, status__in=AWAITING_COMPANY).update(
                reminders_sent=due
            )
            if claimed:
                application = Application.objects.select_related("placement", "student__user").get(pk=pk)
                notifications.company_reminder(application)
                sent += 1
    return sent


# --- response figures -------------------------------------------------------------------------------------
def _figures(company_id: int, now: datetime.datetime) -> dict:
    cfg = policy.config()
    since = now - datetime.timedelta(days=30 * cfg["FIGURES_MONTHS"])
    window = datetime.timedelta(days=cfg["RESPONSE_DAYS"])
    rows = Application.objects.filter(
        placement__company_id=company_id, released_at__gte=since, released_at__isnull=False
    ).filter(Q(answered_at__isnull=False) | Q(released_at__lte=now - window))
    total = in_time = 0
    days = []
    for released_at, answered_at in rows.values_list("released_at", "answered_at"):
        total += 1
        if answered_at is not None:
            assert released_at is not None  # released_at__isnull=False above
            waited = answered_at - released_at
            days.append(waited.total_seconds() / 86400)
            if waited <= window:
                in_time += 1
    return {
        "applications": total,
        "answered_in_time": in_time,
        "median_days": statistics.median(days) if days else None,
        "in_time_share": in_time / total if total else None,
        "answer_rate": policy.answer_rate(in_time, total),
    }


@transaction.atomic
def figures_refresh(company_id: int, now: datetime.datetime | None = None) -> ResponseFigures:
    """Recompute one company's figures; re-index its placements when the score's answer rate changed."""
    now = now or timezone.now()
    values = _figures(company_id, now)
    figures, created = ResponseFigures.objects.get_or_create(company_id=company_id, defaults={"computed_at": now})
    changed = (
        created
        or abs(figures.answer_rate - values["answer_rate"]) > 1e-9
        or figures.median_days != values["median_days"]
    )
    for key, value in values.items():
        setattr(figures, key, value)
    figures.computed_at = now
    figures.save()
    if changed:
        placements_changed(list(Placement.objects.filter(company_id=company_id).values_list("pk", flat=True)))
    return figures


def figures_refresh_stale(now: datetime.datetime, extra: set[int] | None = None) -> int:
    """Companies whose figures are older than their latest answer, or than a day (the 12 months move on)."""
    stale = set(extra or ())
    answered = Company.objects.annotate(last=Max("placements__applications__answered_at")).filter(last__isnull=False)
    stale |= set(answered.filter(response_figures__isnull=True).values_list("pk", flat=True))
    stale |= set(answered.filter(last__gt=F("response_figures__computed_at")).values_list("pk", flat=True))
    stale |= set(
        ResponseFigures.objects.filter(computed_at__lt=now - datetime.timedelta(days=1)).values_list(
            "company_id", flat=True
        )
    )
    for company_id in sorted(stale):
        figures_refresh(company_id, now)
    return len(stale)


# --- teachers ---------------------------------------------------------------------------------------------
def _require_teacher_of(teacher: User, student: StudentProfile) -> SchoolClass:
    school_class = SchoolClass.objects.filter(teachers=teacher, memberships__student=student).first()
    if school_class is None:
        raise DomainError("Diese*r Schüler*in ist nicht in einer deiner Klassen.", code=ErrorCode.PERMISSION_DENIED)
    return school_class


def teacher_nudge(*, teacher: User, student: StudentProfile) -> int:
    """A teacher reminds a student without a placement, with the student's best free matches (a mail)."""
    school_class = _require_teacher_of(teacher, student)
    if not teacher.is_email_verified:
        raise DomainError(seekers_services.UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    matches = selectors.best_free_matches(student, kind="school_internship", limit=3)
    notifications.teacher_nudge(student, teacher, school_class, matches)
    return len(matches)
