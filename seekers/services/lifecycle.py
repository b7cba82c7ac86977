"""The steps every change of an application shares: the row lock, the company-member check, the status
with its event, notice and index update, and the release and answer stamps of the clearing deadlines."""

from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from clearing import policy
from companies.signals import placement_changed
from seekers.errors import ErrorCode

from .. import notifications
from ..models import Application
from .shared import _event, _is_member


def application_is_released(application: Application) -> bool:
    """Whether the company may see this application (the rule: seekers.services docstring)."""
    return application.is_released_to_company


def _stamp_release(application: Application) -> list[str]:
    """The company may see it from now on: its response deadline starts (seekers.services docstring, "Clearing")."""
    now = timezone.now()
    application.released_at = now
    application.respond_by = policy.respond_by(now)
    application.reminders_sent = 0
    return ["released_at", "respond_by", "reminders_sent"]


def _stamp_answer(application: Application) -> list[str]:
    """The company's first answer (for its response figures)."""
    if application.answered_at is None:
        application.answered_at = timezone.now()
        return ["answered_at"]
    return []


def _lock(application: Application) -> Application:
    """Lock the row and refresh the caller's instance, so decisions use the current status. One query: the row
    with the student, their user and the placement that the checks and notices read (only the application's row
    is locked; the placement's lock, where needed, is taken before, in the services' one order)."""
    application.refresh_from_db(
        from_queryset=Application.objects.select_for_update(of=("self",)).select_related("student__user", "placement")
    )
    return application


def _require_member(application: Application, by: User) -> None:
    if not _is_member(by, application.placement.company_id) or not application_is_released(application):
        raise DomainError(_("Diese Bewerbung gehört nicht zu deinem Unternehmen."), code=ErrorCode.PERMISSION_DENIED)


def _set_status(
    application: Application, status: str, by: User | None, note: str = "", extra: list[str] | None = None
) -> Application:
    application.status = status
    application.save(update_fields=["status", "updated_at", *(extra or [])])
    _event(application, status, by, note)
    notifications.status_changed(application)
    placement_changed(application.placement_id)
    return application
