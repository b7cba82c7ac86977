"""The student answers an offer: accepting withdraws their other open applications for overlapping dates;
declining frees the seat for the waitlist."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from clearing import policy
from companies.models import Placement
from seekers.errors import ErrorCode

from .. import notifications
from ..models import OPEN_STATUSES, SEAT_STATUSES, Application, ApplicationStatus
from .lifecycle import _lock, _set_status
from .seats import seat_freed


def _require_student(application: Application, by: User) -> None:
    if application.student.user_id != by.pk:
        raise DomainError(_("Nur du selbst kannst auf dieses Angebot antworten."), code=ErrorCode.PERMISSION_DENIED)


def _require_open_offer(application: Application) -> None:
    if application.status != ApplicationStatus.OFFERED:
        raise DomainError(_("Zu dieser Bewerbung gibt es kein offenes Angebot."), code=ErrorCode.CLOSED)
    if application.offer_expires_at and application.offer_expires_at <= timezone.now():
        raise DomainError(
            _(
                "Die Frist für dieses Angebot ist abgelaufen; der Platz geht an die nächste Person. "
                "Schau dir deine Matches mit freien Plätzen an."
            ),
            code=ErrorCode.OFFER_EXPIRED,
        )


def _placement_period(placement: Placement) -> tuple[datetime.date, datetime.date]:
    return policy.period(placement.kind, placement.start_date, placement.end_date)


@transaction.atomic
def offer_accept(*, application: Application, by: User) -> Application:
    """The student takes the offer. Their other open applications for overlapping dates are withdrawn (those
    companies get a notice), so the seats free up at once."""
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_student(application, by)
    _require_open_offer(application)
    _set_status(application, ApplicationStatus.ACCEPTED, by, "Angebot angenommen")
    mine = _placement_period(placement)
    others = (
        Application.objects.filter(student_id=application.student_id, status__in=OPEN_STATUSES)
        .exclude(pk=application.pk)
        .select_related("placement")
        .order_by("placement_id")  # one lock order
    )
    for other in others:
        if policy.overlaps(mine, _placement_period(other.placement)):
            _withdraw_for_overlap(other, by)
    return application


def _withdraw_for_overlap(application: Application, by: User) -> None:
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    if application.status not in OPEN_STATUSES:
        return
    held_seat = application.status in SEAT_STATUSES
    was_released = application.is_released_to_company
    _set_status(
        application, ApplicationStatus.WITHDRAWN, by, "automatisch zurückgezogen: anderen Platz im Zeitraum angenommen"
    )
    if was_released:
        notifications.withdrawn_notice(application)
    if held_seat:
        placement.refresh_from_db()
        seat_freed(placement)


@transaction.atomic
def offer_decline(*, application: Application, by: User) -> Application:
    """The student says no to the offer; the seat goes to the next on the waitlist."""
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_student(application, by)
    if application.status != ApplicationStatus.OFFERED:
        raise DomainError(_("Zu dieser Bewerbung gibt es kein offenes Angebot."), code=ErrorCode.CLOSED)
    _set_status(application, ApplicationStatus.WITHDRAWN, by, "Angebot abgelehnt")
    placement.refresh_from_db()
    seat_freed(placement)
    return application
