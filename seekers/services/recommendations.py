"""A teacher recommends a placement to a student of their class or to the whole class."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from backend.textlimits import text_within
from companies.models import Placement
from seekers.errors import ErrorCode

from ..models import Recommendation, SchoolClass, StudentProfile


@transaction.atomic
def recommendation_create(
    *,
    teacher: User,
    placement: Placement,
    school_class: SchoolClass,
    student: StudentProfile | None = None,
    note: str = "",
) -> Recommendation:
    """A teacher recommends a placement to one student of their class or to the whole class."""
    if not school_class.teachers.filter(pk=teacher.pk).exists():
        raise DomainError(_("Du kannst nur deinen eigenen Klassen etwas empfehlen."), code=ErrorCode.PERMISSION_DENIED)
    if student is not None and not school_class.memberships.filter(student=student).exists():
        raise ValidationError({"student": _("Diese Person ist nicht in der Klasse.")})
    if not placement.is_public:
        raise ValidationError({"placement": _("Dieser Platz ist nicht veröffentlicht.")})
    note = text_within(note, field="note", limit=500, label=_("Die Notiz"))
    return Recommendation.objects.create(
        teacher=teacher,
        placement=placement,
        student=student,
        school_class=None if student else school_class,
        note=note,
    )
