"""School classes: a teacher creates one (with its join code), students join and leave it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from backend.textlimits import text_within
from seekers.errors import ErrorCode

from ..models import ClassMembership, SchoolClass, StudentProfile, TeacherProfile
from .shared import _random_code


def _class_by_code(code: str) -> SchoolClass:
    school_class = SchoolClass.objects.filter(join_code=(code or "").strip().upper()).first()
    if school_class is None:
        raise ValidationError(
            {"join_code": _("Diesen Klassencode kennen wir nicht. Bitte prüfe ihn oder frag deine Lehrkraft.")}
        )
    return school_class


@transaction.atomic
def class_join(*, student: StudentProfile, join_code: str) -> ClassMembership:
    school_class = _class_by_code(join_code)
    membership, _created = ClassMembership.objects.get_or_create(school_class=school_class, student=student)
    if student.school_id is None:
        student.school = school_class.school
        student.save(update_fields=["school"])
    return membership


@transaction.atomic
def class_leave(*, student: StudentProfile, school_class: SchoolClass) -> None:
    """The student leaves a class; its teachers no longer see the student (seekers.access)."""
    deleted, _rows = ClassMembership.objects.filter(school_class=school_class, student=student).delete()
    if not deleted:
        raise DomainError(_("Du bist nicht in dieser Klasse."), code=ErrorCode.NOT_MEMBER)


@transaction.atomic
def school_class_create(
    *,
    teacher: User,
    name: str,
    school_year: str,
    grade: int,
    internship_start: datetime.date | None = None,
    internship_end: datetime.date | None = None,
) -> SchoolClass:
    profile = TeacherProfile.objects.filter(user=teacher).first()
    if profile is None:
        raise DomainError(_("Nur Lehrkräfte mit Schule können Klassen anlegen."), code=ErrorCode.PERMISSION_DENIED)
    if not name.strip():
        raise ValidationError({"name": _("Bitte gib den Namen der Klasse ein, z. B. 9b.")})
    name = text_within(name, field="name", limit=40, label=_("Der Name der Klasse"))
    school_year = text_within(school_year, field="school_year", limit=9, label=_("Das Schuljahr"))
    if not (5 <= int(grade) <= 13):
        raise ValidationError({"grade": _("Bitte gib eine Jahrgangsstufe zwischen 5 und 13 an.")})
    if internship_start and internship_end and internship_end < internship_start:
        raise ValidationError({"internship_end": "Das Ende des Praktikums muss nach dem Beginn liegen."})
    for _attempt in range(10):
        code = _random_code(8)
        if not SchoolClass.objects.filter(join_code=code).exists():
            break
    school_class = SchoolClass.objects.create(
        school=profile.school,
        name=name,
        school_year=school_year,
        grade=grade,
        internship_start=internship_start,
        internship_end=internship_end,
        join_code=code,
    )
    school_class.teachers.add(teacher)
    return school_class
