"""The student's shortlist (Merkliste) with private notes, and a linked parent's feedback on it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from companies.models import Placement
from seekers.errors import ErrorCode

from ..models import Favourite, ParentLink, StudentProfile


@transaction.atomic
def favourite_add(*, student: StudentProfile, placement: Placement, note: str = "") -> Favourite:
    if len(note) > 2000:
        raise ValidationError({"note": _("Die Notiz darf höchstens 2000 Zeichen lang sein.")})
    if not placement.is_public:
        raise ValidationError({"placement": _("Diesen Platz gibt es nicht mehr. Schau dir ähnliche Plätze an.")})
    favourite, created = Favourite.objects.get_or_create(
        student=student, placement=placement, defaults={"note": note.strip()}
    )
    if not created and note:
        favourite.note = note.strip()
        favourite.save(update_fields=["note"])
    return favourite


@transaction.atomic
def favourite_update(*, favourite: Favourite, note: str) -> Favourite:
    if len(note) > 2000:
        raise ValidationError({"note": _("Die Notiz darf höchstens 2000 Zeichen lang sein.")})
    favourite.note = note.strip()
    favourite.save(update_fields=["note"])
    return favourite


@transaction.atomic
def favourite_remove(*, favourite: Favourite) -> None:
    favourite.delete()


@transaction.atomic
def favourite_parent_feedback(*, favourite: Favourite, parent: User, liked: bool, comment: str = "") -> Favourite:
    if not ParentLink.objects.filter(parent=parent, student_id=favourite.student_id).exists():
        raise DomainError(_("Du bist mit diesem Kind nicht verknüpft."), code=ErrorCode.PERMISSION_DENIED)
    if len(comment) > 2000:
        raise ValidationError({"parent_comment": _("Der Kommentar darf höchstens 2000 Zeichen lang sein.")})
    favourite.liked_by_parent = bool(liked)
    favourite.parent_comment = comment.strip()
    favourite.save(update_fields=["liked_by_parent", "parent_comment"])
    return favourite
