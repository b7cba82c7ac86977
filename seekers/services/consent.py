"""Parental consent for a minor's application (the rules: seekers.services docstring), its release when the
student turns 18, and the school's approval of a school internship."""

from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from companies.models import Placement
from seekers.errors import ErrorCode

from .. import notifications
from ..models import (
    ACTIVE_STATUSES,
    Application,
    ApplicationStatus,
    ApprovalStatus,
    ParentLink,
    SchoolClass,
    StudentProfile,
)
from .lifecycle import _lock, _set_status, _stamp_release
from .shared import ADULT_AGE, UNVERIFIED, _event, age_on, today_berlin


@transaction.atomic
def application_consent(*, application: Application, parent: User, approve: bool) -> Application:
    """A linked parent decides for a minor; any one of several parents may decide, the first decision counts."""
    _lock(application)
    if not ParentLink.objects.filter(parent=parent, student_id=application.student_id).exists():
        raise DomainError(_("Du bist mit diesem Kind nicht verknüpft."), code=ErrorCode.PERMISSION_DENIED)
    if not parent.is_email_verified:
        raise DomainError(UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    if application.status != ApplicationStatus.AWAITING_CONSENT:
        raise DomainError(_("Über diese Bewerbung wurde schon entschieden."), code=ErrorCode.CLOSED)
    if approve:  # refusing is always possible: the application is withdrawn, the company never sees it
        placement = Placement.objects.select_related("company").get(pk=application.placement_id)
        today = today_berlin()
        if (
            not placement.is_public
            or placement.start_date < today
            or (placement.application_deadline and placement.application_deadline < today)
        ):
            raise DomainError(
                _(
                    "Dieser Platz nimmt keine Bewerbungen mehr an (er ist geschlossen, ausgeblendet "
                    "oder der Bewerbungsschluss ist vorbei). Ihre Zustimmung ist nicht mehr nötig; "
                    "Ihr Kind kann sich auf einen anderen Platz bewerben."
                ),
                code=ErrorCode.NOT_OPEN,
            )
    application.consent = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    application.consent_by = parent
    if approve:
        _set_status(
            application,
            ApplicationStatus.SUBMITTED,
            parent,
            "Eltern haben zugestimmt",
            extra=["consent", "consent_by", *_stamp_release(application)],
        )
        notifications.application_received(application)
    else:
        _set_status(
            application,
            ApplicationStatus.WITHDRAWN,
            parent,
            _("Eltern haben nicht zugestimmt"),
            extra=["consent", "consent_by"],
        )
    return application


@transaction.atomic
def applications_release_adults(*, student: StudentProfile | None = None) -> int:
    """Applications waiting for consent of students who have turned 18 go to the company."""
    qs = Application.objects.filter(status=ApplicationStatus.AWAITING_CONSENT).select_related("student")
    if student is not None:
        qs = qs.filter(student=student)
    released = 0
    for application in qs:
        if age_on(application.student.birth_date) >= ADULT_AGE:
            application.consent = ApprovalStatus.NOT_REQUIRED
            _set_status(
                application,
                ApplicationStatus.SUBMITTED,
                None,
                "volljährig: keine Zustimmung nötig",
                extra=["consent", *_stamp_release(application)],
            )
            notifications.application_received(application)
            released += 1
    return released


@transaction.atomic
def application_school_decide(*, application: Application, teacher: User, approve: bool) -> Application:
    _lock(application)
    if not SchoolClass.objects.filter(teachers=teacher, memberships__student_id=application.student_id).exists():
        raise DomainError(
            _("Nur Lehrkräfte der Klasse können das Praktikum genehmigen."), code=ErrorCode.PERMISSION_DENIED
        )
    if not teacher.is_email_verified:
        raise DomainError(UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    if application.status not in ACTIVE_STATUSES:
        raise DomainError(
            _(
                "Diese Bewerbung ist schon abgeschlossen (zurückgezogen oder abgesagt); eine "
                "Genehmigung ist nicht mehr nötig."
            ),
            code=ErrorCode.CLOSED,
        )
    if application.school_approval == ApprovalStatus.NOT_REQUIRED:
        raise DomainError(_("Für diesen Platz ist keine Genehmigung der Schule nötig."), code=ErrorCode.NOT_REQUIRED)
    application.school_approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    application.school_approval_by = teacher
    application.save(update_fields=["school_approval", "school_approval_by", "updated_at"])
    _event(
        application,
        application.status,
        teacher,
        _("Schule hat das Praktikum genehmigt") if approve else _("Schule hat das Praktikum nicht genehmigt"),
    )
    notifications.status_changed(application)
    return application
