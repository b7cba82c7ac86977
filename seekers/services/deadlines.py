"""The clearing deadline jobs (clearing.services.deadlines_run): an unanswered application or offer lapses, a
waitlist ends; each claimed with one conditional UPDATE so two runs at once act exactly once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Placement
from companies.signals import placement_changed

from .. import notifications
from ..models import AWAITING_COMPANY, Application, ApplicationStatus
from ..tasks import lapsed_notify
from .decisions import DECLINE_REASONS
from .seats import seat_freed
from .shared import _event


def _claim(application_id: int, new_status: str, **where) -> Application | None:
    """Deadline job: move one application to `new_status` with ONE conditional UPDATE, so two job runs at the same
    moment (two workers, a worker and the command) act on it exactly once, on SQLite and PostgreSQL alike."""
    now = timezone.now()
    claimed = Application.objects.filter(pk=application_id, **where).update(status=new_status, updated_at=now)
    if not claimed:
        return None
    return Application.objects.select_related("placement", "student__user").get(pk=application_id)


def _after_claim(application: Application, note: str) -> None:
    _event(application, application.status, None, note)
    notifications.status_changed(application)
    placement_changed(application.placement_id)


@transaction.atomic
def application_lapse(*, application_id: int) -> Application | None:
    """Deadline job: the company did not answer by `respond_by`: "keine Antwort". None when already handled."""
    app = _claim(application_id, ApplicationStatus.LAPSED, status__in=AWAITING_COMPANY, respond_by__lte=timezone.now())
    if app is not None:
        _after_claim(app, "keine Antwort bis zur Frist")
        transaction.on_commit(lambda: lapsed_notify.enqueue(app.pk))
    return app


@transaction.atomic
def offer_lapse(*, application_id: int) -> Application | None:
    """Deadline job: the student did not answer the offer in time; the seat goes to the next one."""
    placement_id = Application.objects.filter(pk=application_id).values_list("placement_id", flat=True).first()
    if placement_id is None:
        return None
    placement = Placement.objects.select_for_update().get(pk=placement_id)  # placement first: the services' order
    app = _claim(
        application_id,
        ApplicationStatus.LAPSED,
        status=ApplicationStatus.OFFERED,
        offer_expires_at__lte=timezone.now(),
    )
    if app is not None:
        _after_claim(app, _("Angebot nicht rechtzeitig angenommen"))
        placement.refresh_from_db()
        seat_freed(placement)
    return app


@transaction.atomic
def waitlist_close(*, application_id: int) -> Application | None:
    """Deadline job: the placement started or closed for good; its waitlist ends with a decline."""
    app = _claim(application_id, ApplicationStatus.DECLINED, status=ApplicationStatus.WAITLISTED)
    if app is not None:
        app.decline_reason = DECLINE_REASONS["seats_taken"]
        app.save(update_fields=["decline_reason"])
        _after_claim(app, app.decline_reason)
    return app
