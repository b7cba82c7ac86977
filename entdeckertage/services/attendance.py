"""After the day: the company confirms who came, with feedback (the certificate follows from it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from companies.permissions import require_member

from ..models import Assignment, Attendance
from .shared import _d, _today


def attendance_confirm(*, actor, assignment: Assignment, came: bool, feedback: str = "", today=None) -> Assignment:
    require_member(actor, assignment.offer.company)
    if _today(today) < assignment.date:
        raise DomainError(
            _("Die Anwesenheit kannst du ab dem Tag selbst (%(d)s) bestätigen.") % {"d": _d(assignment.date)},
            code="too_early",
        )
    feedback = (feedback or "").strip()
    if len(feedback) > 2000:
        raise ValidationError({"feedback": _("Die Rückmeldung darf höchstens 2000 Zeichen lang sein.")})
    assignment.attendance = Attendance.CAME if came else Attendance.ABSENT
    assignment.feedback = feedback
    assignment.confirmed_by = actor
    assignment.confirmed_at = timezone.now()
    assignment.save(update_fields=["attendance", "feedback", "confirmed_by", "confirmed_at"])
    return assignment
