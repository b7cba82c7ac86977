"""The message thread between a student and the company on one application."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from seekers.errors import ErrorCode

from ..models import Application, ApplicationMessage, ApplicationStatus
from .lifecycle import _require_member


@transaction.atomic
def application_message_post(*, application: Application, author: User, body: str) -> ApplicationMessage:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Bitte schreib eine Nachricht.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("Die Nachricht darf höchstens 4000 Zeichen lang sein.")})
    is_student = application.student.user_id == author.pk
    if not is_student:
        _require_member(application, author)
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED, ApplicationStatus.LAPSED):
        raise DomainError(
            _("Diese Bewerbung ist abgeschlossen; Nachrichten sind nicht mehr möglich."), code=ErrorCode.CLOSED
        )
    return ApplicationMessage.objects.create(application=application, author=author, body=body)
