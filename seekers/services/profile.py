"""Sign-up of students, teachers and parents; the student's profile and interests."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.accounts.services import user_register
from backend.reference.models import Berufsfeld, PostalCode, Qualification, School, SchoolType
from backend.reference.selectors import UNKNOWN_POSTAL_CODE, postal_code_find
from backend.textlimits import text_within

from ..models import ClassMembership, Interest, StudentProfile, TeacherProfile
from .classes import _class_by_code
from .parents import parent_link_create
from .shared import MIN_AGE, age_on, parse_id, today_berlin

BIRTH_DATE_FIXED = _(
    "Das Geburtsdatum kann nach der Registrierung nicht geändert werden. Ist es falsch, wende "
    "dich bitte an die Stadt Dortmund (Kontakt im Impressum)."
)


def _validate_postal_code(code: str) -> PostalCode:
    pc = postal_code_find(code)
    if pc is None:
        raise ValidationError({"postal_code": UNKNOWN_POSTAL_CODE})
    return pc


def _validate_birth_date(birth_date: datetime.date) -> None:
    today = today_berlin()
    if birth_date > today or birth_date.year < 1900:
        raise ValidationError({"birth_date": _("Bitte gib ein gültiges Geburtsdatum ein.")})
    if age_on(birth_date, today) < MIN_AGE:
        raise ValidationError(
            {
                "birth_date": f"Du musst mindestens {MIN_AGE} Jahre alt sein, um dich zu "
                "registrieren. Frag deine Lehrkraft nach anderen Wegen."
            }
        )


def _create_user(*, email: str, password: str, first_name: str, last_name: str, role: str) -> User:
    """The account itself comes from the accounts app (validation, hashing, the verification email)."""
    return user_register(email=email, password=password, role=role, first_name=first_name, last_name=last_name)


# The birth date is set once at registration: it decides whether a parent must consent (seekers.services docstring),
# so a minor changing it to turn "18" would send applications to companies without that consent.
PROFILE_FIELDS = {
    "school",
    "school_type",
    "grade",
    "expected_qualification",
    "postal_code",
    "travel_radius_km",
    "accessibility_needs",
    "languages",
}


def _clean_profile_values(values: dict) -> dict:
    out = dict(values)
    if "postal_code" in out and not isinstance(out["postal_code"], PostalCode):
        out["postal_code"] = _validate_postal_code(out["postal_code"])
    if "birth_date" in out:
        _validate_birth_date(out["birth_date"])
    if "grade" in out and not (5 <= int(out["grade"]) <= 13):
        raise ValidationError({"grade": _("Bitte gib deine Klasse zwischen 5 und 13 an.")})
    if "travel_radius_km" in out and not (1 <= int(out["travel_radius_km"]) <= 100):
        raise ValidationError({"travel_radius_km": _("Bitte wähle einen Umkreis zwischen 1 und 100 km.")})
    if out.get("school_type") and out["school_type"] not in SchoolType.values:
        raise ValidationError({"school_type": _("Bitte wähle eine Schulform aus der Liste.")})
    if "expected_qualification" in out and int(out["expected_qualification"]) not in Qualification.values:
        raise ValidationError({"expected_qualification": _("Bitte wähle einen Abschluss aus der Liste.")})
    if "accessibility_needs" in out:
        out["accessibility_needs"] = text_within(
            out["accessibility_needs"], field="accessibility_needs", limit=255, label=_("Der Unterstützungsbedarf")
        )
    if "languages" in out:
        langs = out["languages"] or []
        if isinstance(langs, str):
            langs = [x for x in langs.replace(";", ",").split(",")]
        langs = [str(x).strip() for x in langs if str(x).strip()]
        if len(langs) > 10:
            raise ValidationError({"languages": _("Bitte gib höchstens 10 Sprachen an.")})
        langs = [text_within(x, field="languages", limit=30, label=_("Eine Sprache")) for x in langs]
        out["languages"] = langs
    if out.get("school") is not None and not isinstance(out["school"], School):
        out["school"] = School.objects.filter(pk=out["school"]).first()
        if out["school"] is None:
            raise ValidationError({"school": _("Bitte wähle deine Schule aus der Liste.")})
    return out


@transaction.atomic
def student_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    postal_code: str,
    grade: int,
    expected_qualification: int = Qualification.ESA,
    school_type: str = "",
    school: School | None = None,
    join_code: str = "",
    travel_radius_km: int = 15,
    accessibility_needs: str = "",
    languages=None,
) -> StudentProfile:
    """Create a student account and profile; with a class join code the student joins that class."""
    if not first_name.strip():
        raise ValidationError({"first_name": _("Bitte gib deinen Vornamen ein.")})
    values = _clean_profile_values(
        {
            "birth_date": birth_date,
            "postal_code": postal_code,
            "grade": grade,
            "school_type": school_type,
            "expected_qualification": expected_qualification,
            "travel_radius_km": travel_radius_km,
            "accessibility_needs": accessibility_needs,
            "languages": languages or [],
            "school": school,
        }
    )
    school_class = None
    if join_code:
        school_class = _class_by_code(join_code)
    user = _create_user(email=email, password=password, first_name=first_name, last_name=last_name, role=Role.STUDENT)
    if school_class and values.get("school") is None:
        values["school"] = school_class.school
    student = StudentProfile.objects.create(user=user, **values)
    if school_class:
        ClassMembership.objects.create(school_class=school_class, student=student)
    return student


@transaction.atomic
def teacher_register(*, email: str, password: str, first_name: str, last_name: str, school: School) -> TeacherProfile:
    if school is None:
        raise ValidationError({"school": _("Bitte wähle deine Schule aus der Liste.")})
    user = _create_user(email=email, password=password, first_name=first_name, last_name=last_name, role=Role.TEACHER)
    return TeacherProfile.objects.create(user=user, school=school)


@transaction.atomic
def parent_register(*, email: str, password: str, first_name: str, last_name: str, link_code: str = "") -> User:
    user = _create_user(email=email, password=password, first_name=first_name, last_name=last_name, role=Role.PARENT)
    if link_code:
        parent_link_create(parent=user, code=link_code)
    return user


@transaction.atomic
def student_profile_update(
    *, student: StudentProfile, first_name: str | None = None, last_name: str | None = None, **fields
) -> StudentProfile:
    if "birth_date" in fields:
        raise ValidationError({"birth_date": BIRTH_DATE_FIXED})
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dieses Feld kann nicht geändert werden.")})
    values = _clean_profile_values(fields)
    for key, value in values.items():
        setattr(student, key, value)
    if values:
        student.save(update_fields=list(values))
    user_fields = []
    if first_name is not None:
        if not first_name.strip():
            raise ValidationError({"first_name": _("Bitte gib deinen Vornamen ein.")})
        student.user.first_name = text_within(first_name, field="first_name", limit=80, label=_("Der Vorname"))
        user_fields.append("first_name")
    if last_name is not None:
        student.user.last_name = text_within(last_name, field="last_name", limit=80, label=_("Der Nachname"))
        user_fields.append("last_name")
    if user_fields:
        student.user.save(update_fields=user_fields)
    return student


@transaction.atomic
def student_interests_set(*, student: StudentProfile, weights: dict) -> list[Interest]:
    """Replace the student's interests: {berufsfeld_id: weight 1–5}; weight 0 or missing drops a field."""
    clean = {}
    for key, weight in weights.items():
        bf_id = parse_id(key)
        if bf_id is None:
            raise ValidationError(
                {"interests": _("Mindestens ein Berufsfeld gibt es nicht. Bitte wähle aus der Liste.")}
            )
        try:
            weight = int(weight)
        except (TypeError, ValueError, OverflowError) as exc:
            raise ValidationError({"interests": _("Bitte gib für jedes Berufsfeld eine Zahl von 0 bis 5 an.")}) from exc
        if not 0 <= weight <= 5:
            raise ValidationError({"interests": _("Die Gewichtung muss zwischen 0 und 5 liegen.")})
        if weight:
            clean[bf_id] = weight
    known = set(Berufsfeld.objects.filter(pk__in=clean).values_list("pk", flat=True))
    if set(clean) - known:
        raise ValidationError({"interests": _("Mindestens ein Berufsfeld gibt es nicht. Bitte wähle aus der Liste.")})
    student.interests.all().delete()
    return Interest.objects.bulk_create(
        [Interest(student=student, berufsfeld_id=bf, weight=w) for bf, w in clean.items()]
    )
