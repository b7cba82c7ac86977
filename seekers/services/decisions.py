"""The company answers an application: invite, offer a seat (Zusage), waitlist or decline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from backend.textlimits import text_within
from clearing import policy
from companies.models import Placement
from companies.selectors import placement_seats_taken
from seekers.errors import ErrorCode

from ..models import AWAITING_COMPANY, SEAT_STATUSES, Application, ApplicationMessage, ApplicationStatus
from .lifecycle import _lock, _require_member, _set_status, _stamp_answer
from .seats import _offer, seat_freed

DECLINE_REASONS = {
    "seats_taken": _("Leider sind alle Plätze schon vergeben."),
    "profile": _("Dein Profil passt diesmal nicht zu den Anforderungen dieses Platzes."),
    "dates": _("Der Zeitraum passt leider nicht zu unserer Planung."),
    "other": _("Wir haben uns für andere Bewerbungen entschieden. Wir wünschen dir viel Erfolg!"),
}


@transaction.atomic
def application_invite(*, application: Application, by: User, note: str = "") -> Application:
    _lock(application)
    _require_member(application, by)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_("Einladen geht nur bei neuen Bewerbungen."), code=ErrorCode.CLOSED)
    note = text_within(note, field="note", limit=4000, label=_("Die Nachricht zur Einladung"))
    if note:
        ApplicationMessage.objects.create(application=application, author=by, body=note)
    # an invitation answers; the decision (offer, waitlist, decline) is due RESPONSE_DAYS later
    application.respond_by = policy.respond_by(timezone.now())
    application.reminders_sent = 0
    extra = ["respond_by", "reminders_sent", *_stamp_answer(application)]
    return _set_status(application, ApplicationStatus.INVITED, by, extra=extra)


@transaction.atomic
def application_accept(*, application: Application, by: User) -> Application:
    """The company says yes: an offer the student accepts or declines within OFFER_DAYS. The placement row is
    locked so concurrent offers never exceed the seats."""
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_member(application, by)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED, ApplicationStatus.WAITLISTED):
        raise DomainError(_("Zusagen geht nur bei offenen Bewerbungen."), code=ErrorCode.CLOSED)
    if placement_seats_taken(placement) >= placement.seats:
        raise DomainError(
            _(
                "Alle Plätze sind schon vergeben oder angeboten. Setze die Bewerbung auf die Warteliste, erhöhe die "
                "Zahl der Plätze oder sag ab."
            ),
            code=ErrorCode.FULL,
        )
    return _offer(application, placement, by)


@transaction.atomic
def application_waitlist(*, application: Application, by: User) -> Application:
    """The company keeps the applicant on its waitlist: the next seat that frees is offered to the first there."""
    Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_member(application, by)
    if application.status not in AWAITING_COMPANY:
        raise DomainError(_("Auf die Warteliste geht nur bei offenen Bewerbungen."), code=ErrorCode.CLOSED)
    return _set_status(application, ApplicationStatus.WAITLISTED, by, extra=_stamp_answer(application))


@transaction.atomic
def application_decline(*, application: Application, by: User, reason: str = "other", text: str = "") -> Application:
    # placement before application: the same lock order as application_accept (no deadlocks)
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_member(application, by)
    if application.status not in (*AWAITING_COMPANY, ApplicationStatus.WAITLISTED, *SEAT_STATUSES):
        raise DomainError(_("Diese Bewerbung ist schon abgeschlossen."), code=ErrorCode.CLOSED)
    if reason not in DECLINE_REASONS:
        raise ValidationError({"reason": _("Bitte wähle einen Grund aus der Liste.")})
    text = text_within(text, field="text", limit=255, label=_("Die Begründung"))
    application.decline_reason = text or str(DECLINE_REASONS[reason])
    held_seat = application.status in SEAT_STATUSES  # a cancellation frees the seat for the waitlist
    extra = ["decline_reason", *_stamp_answer(application)]
    _set_status(application, ApplicationStatus.DECLINED, by, application.decline_reason, extra=extra)
    if held_seat:
        placement.refresh_from_db()
        seat_freed(placement)
    return application
