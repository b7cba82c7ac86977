"""Parents link to a student with a single-use code the student issues; the student may remove the link."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.api.exceptions import DomainError
from seekers.errors import ErrorCode

from .. import notifications
from ..models import ApplicationStatus, ParentLink, StudentProfile
from .shared import _random_code

PARENT_CODE_TTL = datetime.timedelta(days=7)


@transaction.atomic
def parent_link_code_issue(*, student: StudentProfile) -> str:
    """A new single-use code for a parent, valid 7 days; issuing a new code voids the old one."""
    student.parent_link_code = _random_code(10)
    student.parent_link_code_expires_at = timezone.now() + PARENT_CODE_TTL
    student.save(update_fields=["parent_link_code", "parent_link_code_expires_at"])
    return student.parent_link_code


@transaction.atomic
def parent_link_create(*, parent: User, code: str) -> ParentLink:
    if parent.role != Role.PARENT:
        raise DomainError(
            _("Nur Eltern-Konten können sich mit einem Code verknüpfen."), code=ErrorCode.PERMISSION_DENIED
        )
    code = (code or "").strip().upper()
    student = (
        StudentProfile.objects.select_for_update()
        .filter(parent_link_code=code, parent_link_code_expires_at__gt=timezone.now())
        .first()
        if code
        else None
    )
    if student is None:
        raise ValidationError(
            {
                "code": _(
                    "Dieser Code ist ungültig oder abgelaufen. Bitte lass dir von deinem Kind einen neuen Code geben."
                )
            }
        )
    link, _created = ParentLink.objects.get_or_create(parent=parent, student=student)
    student.parent_link_code = ""
    student.parent_link_code_expires_at = None
    student.save(update_fields=["parent_link_code", "parent_link_code_expires_at"])
    waiting = list(student.applications.filter(status=ApplicationStatus.AWAITING_CONSENT))
    for application in waiting:
        notifications.consent_requested(application, parents=[parent])
    return link


@transaction.atomic
def parent_link_remove(*, student: StudentProfile, link: ParentLink) -> None:
    """The student removes a linked parent; the parent no longer sees the student (seekers.access).
    Applications waiting for consent keep waiting for another linked parent (or until the student is 18)."""
    if link.student_id != student.pk:
        raise DomainError(_("Diese Verknüpfung gehört nicht zu deinem Konto."), code=ErrorCode.PERMISSION_DENIED)
    link.delete()
