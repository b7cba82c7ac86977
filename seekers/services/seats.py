"""Seats: an offer holds one, taking the last closes the placement, a freed seat goes to the first on the
waitlist (or reopens a placement that closed itself, or tells students without a placement)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from clearing import policy
from companies.models import Placement, PlacementStatus
from companies.selectors import placement_seats_taken
from companies.signals import placement_changed

from ..models import Application, ApplicationStatus
from ..tasks import seat_free_notify
from .lifecycle import _set_status, _stamp_answer
from .shared import today_berlin


def _reopen_if_seat_free(placement: Placement) -> None:
    """A placement that closed itself because its seats were taken (``closed_when_full``, set by
    application_accept) opens again when an accepted student leaves, as long as it has not started.
    A placement the company closed by hand stays closed. The caller holds the placement's row lock."""
    if (
        placement.status == PlacementStatus.CLOSED
        and placement.closed_when_full
        and placement.start_date >= today_berlin()
        and placement_seats_taken(placement) < placement.seats
    ):
        placement.status = PlacementStatus.PUBLISHED
        placement.closed_when_full = False
        placement.save(update_fields=["status", "closed_when_full", "updated_at"])
        placement_changed(placement.pk)


def _offer(application: Application, placement: Placement, by: User | None, note: str = "") -> Application:
    """Make the application an offer that holds a seat for OFFER_DAYS. The caller holds the placement's lock and
    has checked that a seat is free. Taking the last seat closes the placement (it reopens if one frees)."""
    now = timezone.now()
    application.offer_expires_at = policy.offer_expires(now)
    extra = ["offer_expires_at", *_stamp_answer(application)]
    _set_status(application, ApplicationStatus.OFFERED, by, note, extra=extra)
    if placement_seats_taken(placement) >= placement.seats and placement.status == PlacementStatus.PUBLISHED:
        placement.status = PlacementStatus.CLOSED
        placement.closed_when_full = True  # only such a placement reopens by itself (_reopen_if_seat_free)
        placement.save(update_fields=["status", "closed_when_full", "updated_at"])
    return application


def seat_freed(placement: Placement) -> list[Application]:
    """A seat may have freed: reopen a placement that closed itself, offer each free seat to the first on the
    waitlist; with nobody waiting, tell students without a placement (a task, after commit). The caller holds the
    placement's row lock. Returns the new offers."""
    _reopen_if_seat_free(placement)
    offers: list[Application] = []
    if placement.start_date < today_berlin():
        return offers
    free = placement.seats - placement_seats_taken(placement)
    if free <= 0:
        return offers
    waiting = list(
        Application.objects.select_for_update()
        .filter(placement=placement, status=ApplicationStatus.WAITLISTED)
        .order_by("answered_at", "pk")[:free]
    )
    for application in waiting:
        offers.append(_offer(application, placement, None, _("Platz frei geworden: Angebot von der Warteliste")))
    if len(offers) < free and placement.status == PlacementStatus.PUBLISHED:
        pk = placement.pk
        transaction.on_commit(lambda: seat_free_notify.enqueue(pk))
    return offers
