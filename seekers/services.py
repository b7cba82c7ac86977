"""Every write of the seekers app: students, teachers, parents, favourites, applications.

Parental consent for minors (DOMAIN.md, "Privacy and safety")
-------------------------------------------------------------
A company sees an application only once it is *released*: ``consent`` is NOT_REQUIRED or APPROVED and the
status is no longer AWAITING_CONSENT. The rule, decided when the student applies:

* The student is 18 or older (age computed in Europe/Berlin from the birth date): no consent needed, the
  application goes straight to SUBMITTED and the company is notified.
* The student is a minor: the application starts in AWAITING_CONSENT with consent PENDING. Every linked
  parent gets an email; any one of several linked parents may decide (the first decision counts).
* No parent linked yet: the application still waits in AWAITING_CONSENT; the student's page tells them to
  issue a link code for a parent. Linking a parent later sends the pending consent requests to that parent.
* A parent consents: consent APPROVED, status SUBMITTED, the company is notified (only now).
* A parent refuses: consent REJECTED, status WITHDRAWN with the event note "Eltern haben nicht zugestimmt";
  the company never saw it. The student may apply again later (the one-active-application rule is freed).
* The student turns 18 while an application waits: consent is no longer needed;
  ``applications_release_adults()`` (called whenever the student opens their applications and by
  ``manage.py release_adult_applications``) moves it to SUBMITTED with consent NOT_REQUIRED.
* The student withdraws while waiting: WITHDRAWN, the company never saw it.
* The birth date is set once, at registration; the profile update refuses it (otherwise a minor could
  "turn 18" and release their own applications).
* A parent consents after the placement closed, was hidden or its deadline passed: refused (not_open);
  refusing consent is always possible.
* The student removes the linked parent: waiting applications wait for another parent (or until 18).

Clearing (issue 10; the numbers are settings, clearing/policy.py)
-----------------------------------------------------------------
* Released to the company (the moment above), an application gets ``respond_by`` = release + RESPONSE_DAYS. An
  invitation is an answer that gives the company another RESPONSE_DAYS for its decision. Reminders go out on
  REMINDER_DAYS; an application still SUBMITTED or INVITED at ``respond_by`` LAPSES ("keine Antwort",
  clearing.services.deadlines_run) and the student is shown their best matches with free seats.
* The company's "Zusage" is an OFFER that holds the seat for OFFER_DAYS; the student accepts (ACCEPTED) or
  declines it. Accepting withdraws the student's other open applications whose dates overlap (their companies
  get a notice). An offer not answered in time lapses and frees the seat.
* The company may WAITLIST an applicant. A seat that frees (offer declined or lapsed, withdrawal, decline of an
  accepted student) goes to the first on the waitlist as an offer; with nobody waiting, students without a
  placement whose matches include it are told (seekers.tasks.seat_free_notify).
* At most OPEN_CAP open applications (OPEN_STATUSES) per student and kind at a time, and at most
  MAX_OPEN_PER_SEAT competing applications (COMPETING_STATUSES: not answered for good) per free seat of a placement.
* Parental consent is unchanged: it is given for the application; the student answers the offer.

School internships additionally need the school's approval (``school_approval``, decided by a teacher of one
of the student's classes). It does not hold the application back from the company; a class overview counts
a student as placed only once the company accepted *and* the school approved.
"""

import base64
import datetime
import logging
import secrets
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Role, User
from backend.accounts.services import user_register
from backend.api.exceptions import DomainError
from backend.mail.models import OutgoingEmail
from backend.reference.models import Berufsfeld, PostalCode, Qualification, School, SchoolType
from backend.reference.selectors import UNKNOWN_POSTAL_CODE, postal_code_find
from backend.textlimits import text_within
from clearing import policy
from companies.models import Membership, Placement, PlacementKind, PlacementStatus
from matching import scoring
from matching.indexing import placement_changed, placements_changed
from matching.selectors import internship_period
from matching.templatetags.matching_tags import BROKEN_LABELS
from seekers.errors import ErrorCode

from . import notifications, selectors
from .cv_check import active_content
from .models import (
    ACTIVE_STATUSES,
    AWAITING_COMPANY,
    COMPETING_STATUSES,
    OPEN_STATUSES,
    SEAT_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    ApprovalStatus,
    ClassMembership,
    Favourite,
    Interest,
    ParentLink,
    Recommendation,
    SchoolClass,
    StudentProfile,
    TeacherProfile,
)
from .tasks import lapsed_notify, seat_free_notify

logger = logging.getLogger(__name__)

BERLIN = ZoneInfo("Europe/Berlin")
MIN_AGE = 13
ADULT_AGE = 18
CV_MAX_BYTES = 5 * 1024 * 1024
PARENT_CODE_TTL = datetime.timedelta(days=7)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class

UNVERIFIED = _(
    "Bitte bestätige zuerst deine E-Mail-Adresse mit dem Code aus unserer E-Mail. Danach kannst du weitermachen."
)

BIRTH_DATE_FIXED = _(
    "Das Geburtsdatum kann nach der Registrierung nicht geändert werden. Ist es falsch, wende "
    "dich bitte an die Stadt Dortmund (Kontakt im Impressum)."
)

DECLINE_REASONS = {
    "seats_taken": _("Leider sind alle Plätze schon vergeben."),
    "profile": _("Dein Profil passt diesmal nicht zu den Anforderungen dieses Platzes."),
    "dates": _("Der Zeitraum passt leider nicht zu unserer Planung."),
    "other": _("Wir haben uns für andere Bewerbungen entschieden. Wir wünschen dir viel Erfolg!"),
}


# --- helpers ----------------------------------------------------------------------------------------------
def today_berlin() -> datetime.date:
    return timezone.now().astimezone(BERLIN).date()


def age_on(birth_date: datetime.date, day: datetime.date | None = None) -> int:
    day = day or today_berlin()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


MAX_ID = 2**31 - 1  # the largest id a database row has (integer primary keys)


def parse_id(value) -> int | None:
    """An id from user input as int, or None when it is not a whole number in 1..2**31-1 (larger numbers
    overflow SQLite's integer parameters)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= MAX_ID else None


def _random_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def _is_member(user: User, company_id: int) -> bool:
    return Membership.objects.filter(user=user, company_id=company_id).exists()


def _event(application: Application, status: str, actor: User | None, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, status=status, actor=actor, note=note[:255])


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


# --- sign-up and profile ----------------------------------------------------------------------------------
# The birth date is set once at registration: it decides whether a parent must consent (module docstring),
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


# --- classes ----------------------------------------------------------------------------------------------
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


# --- parents ----------------------------------------------------------------------------------------------
@transaction.atomic
def parent_link_code_issue(*, student: StudentProfile) -> str:
    """A new single-use code for a parent, valid 7 days; issuing a new code voids the old one."""
    student.parent_link_code = _random_code(10)
    student.parent_link_code_expires_at = timezone.now() + PARENT_CODE_TTL
    student.save(update_fields=["parent_link_code", "parent_link_code_expires_at"])
    return student.parent_link_code


@transaction.atomic
def parent_link_create(*, parent: User, code: str) -> ParentLink:
    if parent.role != Role.PARENT:
        raise DomainError(
            _("Nur Eltern-Konten können sich mit einem Code verknüpfen."), code=ErrorCode.PERMISSION_DENIED
        )
    code = (code or "").strip().upper()
    student = (
        StudentProfile.objects.select_for_update()
        .filter(parent_link_code=code, parent_link_code_expires_at__gt=timezone.now())
        .first()
        if code
        else None
    )
    if student is None:
        raise ValidationError(
            {
                "code": _(
                    "Dieser Code ist ungültig oder abgelaufen. Bitte lass dir von deinem Kind einen neuen Code geben."
                )
            }
        )
    link, _created = ParentLink.objects.get_or_create(parent=parent, student=student)
    student.parent_link_code = ""
    student.parent_link_code_expires_at = None
    student.save(update_fields=["parent_link_code", "parent_link_code_expires_at"])
    waiting = list(student.applications.filter(status=ApplicationStatus.AWAITING_CONSENT))
    for application in waiting:
        notifications.consent_requested(application, parents=[parent])
    return link


@transaction.atomic
def parent_link_remove(*, student: StudentProfile, link: ParentLink) -> None:
    """The student removes a linked parent; the parent no longer sees the student (seekers.access).
    Applications waiting for consent keep waiting for another linked parent (or until the student is 18)."""
    if link.student_id != student.pk:
        raise DomainError(_("Diese Verknüpfung gehört nicht zu deinem Konto."), code=ErrorCode.PERMISSION_DENIED)
    link.delete()


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


# --- favourites -------------------------------------------------------------------------------------------
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


# --- applications -----------------------------------------------------------------------------------------
def _validate_cv(cv: UploadedFile) -> None:
    size = cv.size or 0  # Django's uploads always know it; an unknown size fails the PDF check below
    if size > CV_MAX_BYTES:
        raise ValidationError({"cv": _("Der Lebenslauf ist größer als 5 MB. Bitte speichere ihn kleiner als PDF.")})
    cv.seek(0)
    head = cv.read(5)
    cv.seek(max(size - 2048, 0))
    tail = cv.read()
    cv.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail or size < 64:
        raise ValidationError({"cv": _("Der Lebenslauf muss eine PDF-Datei sein. Bitte lade eine PDF hoch.")})
    body = cv.read()
    cv.seek(0)
    if b"obj" not in body or (b"xref" not in body and b"/XRef" not in body):
        raise ValidationError({"cv": _("Diese PDF-Datei scheint beschädigt zu sein. Bitte speichere sie neu.")})
    if active_content(body):
        raise ValidationError(
            {
                "cv": _(
                    "Der Lebenslauf enthält aktive Inhalte (z. B. JavaScript, automatische Aktionen oder "
                    "eingebettete Dateien), die wir zum Schutz der Unternehmen nicht annehmen. Bitte speichere ihn "
                    "als einfache PDF (z. B. über „Drucken“ → „Als PDF speichern“) und lade ihn erneut hoch."
                )
            }
        )


KIND_NAMES = dict(PlacementKind.choices)


def _require_not_crowded(placement: Placement) -> None:
    """At most MAX_OPEN_PER_SEAT open applications per free seat (None: no limit). Past it a new application would
    mostly wait for a "no"; the student is sent to similar places, and the placement takes applications again as
    soon as the company answered some. The caller holds the placement's row lock."""
    limit = policy.config()["MAX_OPEN_PER_SEAT"]
    if not limit:
        return
    free = placement.seats - selectors.placement_seats_taken(placement)
    waiting = Application.objects.filter(placement=placement, status__in=COMPETING_STATUSES).count()
    if waiting >= limit * free:
        raise DomainError(
            f"Für diesen Platz liegen schon {waiting} offene Bewerbungen vor ({limit} je freiem Platz). Damit jede "
            "Bewerbung eine faire Chance und eine Antwort bekommt, nimmt er gerade keine weiteren an. Merk ihn dir "
            "und bewirb dich auf ähnliche Plätze; sobald das Unternehmen geantwortet hat, geht es hier wieder.",
            code=ErrorCode.CROWDED,
        )


def _require_below_cap(student: StudentProfile, kind: str) -> None:
    """At most OPEN_CAP open applications per student and kind. The caller holds the student's row lock, so two
    applications sent at once cannot both pass."""
    cap = policy.config()["OPEN_CAP"]
    n = Application.objects.filter(student=student, placement__kind=kind, status__in=OPEN_STATUSES).count()
    if n >= cap:
        raise DomainError(
            f"Du hast schon {n} offene Bewerbungen für „{KIND_NAMES.get(kind, kind)}“; mehr als {cap} gleichzeitig "
            "gehen nicht. Warte auf Antworten oder ziehe eine Bewerbung zurück, dann kannst du dich hier bewerben.",
            code=ErrorCode.CAP,
        )


def application_is_released(application: Application) -> bool:
    """Whether the company may see this application (see the module docstring)."""
    return application.is_released_to_company


# matching's hard rules about the student (matching.scoring.ineligibility_reasons). Listing rules (published,
# deadline, seats) are checked above with their own messages; the travel radius is left out on purpose: a
# student may apply to a place farther away than the radius they search in.
APPLY_RULES = ("kind", "grade", "age", "qualification", "internship_period")


def _require_eligible(student: StudentProfile, placement: Placement) -> None:
    """matching's APPLY_RULES for this student and the (locked, just read) placement. None of them reads the
    interests, the distance or the application counts, so the facts come from the rows at hand: one query (the
    class's internship period) instead of seven; the radius is not an apply rule (distance 0 keeps it quiet)."""
    today = today_berlin()
    period = internship_period(student)
    facts = scoring.StudentFacts(
        id=student.pk,
        latitude=0.0,
        longitude=0.0,
        postal_code="",
        grade=student.grade,
        birth_date=student.birth_date,
        expected_qualification=student.expected_qualification,
        travel_radius_km=0.0,
        internship_start=period[0] if period else None,
        internship_end=period[1] if period else None,
    )
    pfacts = scoring.PlacementFacts(
        id=placement.pk,
        kind=placement.kind,
        latitude=0.0,
        longitude=0.0,
        berufsfeld_ids=(),
        start_date=placement.start_date,
        end_date=placement.end_date,
        application_deadline=placement.application_deadline,
        seats=placement.seats,
        min_grade=placement.min_grade,
        min_age=placement.min_age,
        required_qualification=placement.required_qualification,
    )
    reasons = scoring.Matcher(facts, scoring.MatchRequest(today=today)).ineligibility_reasons(pfacts, distance=0.0)
    broken = [code for code in reasons if code in APPLY_RULES]
    if broken:
        raise DomainError(
            _("Auf diesen Platz kannst du dich nicht bewerben: ")
            + "; ".join(str(BROKEN_LABELS.get(code, code)) for code in broken)
            + ". Schau dir ähnliche Plätze an, die zu dir passen.",
            code=ErrorCode.NOT_ELIGIBLE,
        )


@transaction.atomic
def application_submit(
    *, student: StudentProfile, placement: Placement, message: str, cv: UploadedFile | None = None
) -> Application:
    """Apply to a placement. Minors wait for a parent's consent before the company sees it."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Bitte schreib ein paar Sätze, warum dich dieser Platz interessiert.")})
    if len(message) > 4000:
        raise ValidationError({"message": _("Die Nachricht darf höchstens 4000 Zeichen lang sein.")})
    if not student.user.is_email_verified:
        raise DomainError(UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    if cv:
        _validate_cv(cv)
    placement = Placement.objects.select_for_update().select_related("company").get(pk=placement.pk)
    list(StudentProfile.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True))  # the cap
    if not placement.is_public:  # published, not hidden, company verified and not hidden
        raise DomainError(
            _("Auf diesen Platz kann man sich gerade nicht bewerben. Schau dir ähnliche Plätze an."),
            code=ErrorCode.NOT_OPEN,
        )
    if placement.application_deadline and placement.application_deadline < today_berlin():
        raise DomainError(_("Der Bewerbungsschluss ist vorbei. Schau dir ähnliche Plätze an."), code=ErrorCode.DEADLINE)
    if selectors.placement_seats_taken(placement) >= placement.seats:
        raise DomainError(_("Alle Plätze sind schon vergeben. Merk dir ähnliche Plätze."), code=ErrorCode.FULL)
    _require_eligible(student, placement)
    if Application.objects.filter(student=student, placement=placement, status__in=ACTIVE_STATUSES).exists():
        raise DomainError(
            _("Du hast dich auf diesen Platz schon beworben. Deine Bewerbung findest du unter „Meine Bewerbungen“."),
            code=ErrorCode.DUPLICATE,
        )
    _require_below_cap(student, placement.kind)
    _require_not_crowded(placement)
    minor = age_on(student.birth_date) < ADULT_AGE
    app = Application(
        student=student,
        placement=placement,
        message=message,
        status=ApplicationStatus.AWAITING_CONSENT if minor else ApplicationStatus.SUBMITTED,
        consent=ApprovalStatus.PENDING if minor else ApprovalStatus.NOT_REQUIRED,
        school_approval=(
            ApprovalStatus.PENDING if placement.kind == PlacementKind.SCHOOL_INTERNSHIP else ApprovalStatus.NOT_REQUIRED
        ),
    )
    if not minor:
        _stamp_release(app)
    if cv:
        app.cv.save(f"{secrets.token_urlsafe(24)}.pdf", cv, save=False)
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:
        if app.cv:
            app.cv.delete(save=False)
        raise DomainError(_("Du hast dich auf diesen Platz schon beworben."), code=ErrorCode.DUPLICATE) from exc
    _event(app, app.status, student.user)
    if minor:
        notifications.consent_requested(app)
    else:
        notifications.application_received(app)
    if app.school_approval == ApprovalStatus.PENDING:
        notifications.approval_requested(app)
    placement_changed(placement.pk)
    return app


def _stamp_release(application: Application) -> list[str]:
    """The company may see it from now on: its response deadline starts (module docstring, "Clearing")."""
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


def _reopen_if_seat_free(placement: Placement) -> None:
    """A placement that closed itself because its seats were taken (``closed_when_full``, set by
    application_accept) opens again when an accepted student leaves, as long as it has not started.
    A placement the company closed by hand stays closed. The caller holds the placement's row lock."""
    if (
        placement.status == PlacementStatus.CLOSED
        and placement.closed_when_full
        and placement.start_date >= today_berlin()
        and selectors.placement_seats_taken(placement) < placement.seats
    ):
        placement.status = PlacementStatus.PUBLISHED
        placement.closed_when_full = False
        placement.save(update_fields=["status", "closed_when_full", "updated_at"])
        placement_changed(placement.pk)


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


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    # placement before application: the same lock order as application_accept (no deadlocks)
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    if application.student.user_id != by.pk:
        raise DomainError(_("Nur du selbst kannst deine Bewerbung zurückziehen."), code=ErrorCode.PERMISSION_DENIED)
    if application.status not in ACTIVE_STATUSES:
        raise DomainError(_("Diese Bewerbung ist schon abgeschlossen."), code=ErrorCode.CLOSED)
    held_seat = application.status in SEAT_STATUSES
    _set_status(application, ApplicationStatus.WITHDRAWN, by)
    if held_seat:
        placement.refresh_from_db()
        seat_freed(placement)
    return application


@transaction.atomic
def application_consent(*, application: Application, parent: User, approve: bool) -> Application:
    """A linked parent decides for a minor; any one of several parents may decide, the first decision counts."""
    _lock(application)
    if not ParentLink.objects.filter(parent=parent, student_id=application.student_id).exists():
        raise DomainError(_("Du bist mit diesem Kind nicht verknüpft."), code=ErrorCode.PERMISSION_DENIED)
    if not parent.is_email_verified:
        raise DomainError(UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    if application.status != ApplicationStatus.AWAITING_CONSENT:
        raise DomainError(_("Über diese Bewerbung wurde schon entschieden."), code=ErrorCode.CLOSED)
    if approve:  # refusing is always possible: the application is withdrawn, the company never sees it
        placement = Placement.objects.select_related("company").get(pk=application.placement_id)
        today = today_berlin()
        if (
            not placement.is_public
            or placement.start_date < today
            or (placement.application_deadline and placement.application_deadline < today)
        ):
            raise DomainError(
                _(
                    "Dieser Platz nimmt keine Bewerbungen mehr an (er ist geschlossen, ausgeblendet "
                    "oder der Bewerbungsschluss ist vorbei). Ihre Zustimmung ist nicht mehr nötig; "
                    "Ihr Kind kann sich auf einen anderen Platz bewerben."
                ),
                code=ErrorCode.NOT_OPEN,
            )
    application.consent = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    application.consent_by = parent
    if approve:
        _set_status(
            application,
            ApplicationStatus.SUBMITTED,
            parent,
            "Eltern haben zugestimmt",
            extra=["consent", "consent_by", *_stamp_release(application)],
        )
        notifications.application_received(application)
    else:
        _set_status(
            application,
            ApplicationStatus.WITHDRAWN,
            parent,
            _("Eltern haben nicht zugestimmt"),
            extra=["consent", "consent_by"],
        )
    return application


@transaction.atomic
def applications_release_adults(*, student: StudentProfile | None = None) -> int:
    """Applications waiting for consent of students who have turned 18 go to the company."""
    qs = Application.objects.filter(status=ApplicationStatus.AWAITING_CONSENT).select_related("student")
    if student is not None:
        qs = qs.filter(student=student)
    released = 0
    for application in qs:
        if age_on(application.student.birth_date) >= ADULT_AGE:
            application.consent = ApprovalStatus.NOT_REQUIRED
            _set_status(
                application,
                ApplicationStatus.SUBMITTED,
                None,
                "volljährig: keine Zustimmung nötig",
                extra=["consent", *_stamp_release(application)],
            )
            notifications.application_received(application)
            released += 1
    return released


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


def _offer(application: Application, placement: Placement, by: User | None, note: str = "") -> Application:
    """Make the application an offer that holds a seat for OFFER_DAYS. The caller holds the placement's lock and
    has checked that a seat is free. Taking the last seat closes the placement (it reopens if one frees)."""
    now = timezone.now()
    application.offer_expires_at = policy.offer_expires(now)
    extra = ["offer_expires_at", *_stamp_answer(application)]
    _set_status(application, ApplicationStatus.OFFERED, by, note, extra=extra)
    if selectors.placement_seats_taken(placement) >= placement.seats and placement.status == PlacementStatus.PUBLISHED:
        placement.status = PlacementStatus.CLOSED
        placement.closed_when_full = True  # only such a placement reopens by itself (_reopen_if_seat_free)
        placement.save(update_fields=["status", "closed_when_full", "updated_at"])
    return application


@transaction.atomic
def application_accept(*, application: Application, by: User) -> Application:
    """The company says yes: an offer the student accepts or declines within OFFER_DAYS. The placement row is
    locked so concurrent offers never exceed the seats."""
    placement = Placement.objects.select_for_update().get(pk=application.placement_id)
    _lock(application)
    _require_member(application, by)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.INVITED, ApplicationStatus.WAITLISTED):
        raise DomainError(_("Zusagen geht nur bei offenen Bewerbungen."), code=ErrorCode.CLOSED)
    if selectors.placement_seats_taken(placement) >= placement.seats:
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


def seat_freed(placement: Placement) -> list[Application]:
    """A seat may have freed: reopen a placement that closed itself, offer each free seat to the first on the
    waitlist; with nobody waiting, tell students without a placement (a task, after commit). The caller holds the
    placement's row lock. Returns the new offers."""
    _reopen_if_seat_free(placement)
    offers: list[Application] = []
    if placement.start_date < today_berlin():
        return offers
    free = placement.seats - selectors.placement_seats_taken(placement)
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


@transaction.atomic
def application_school_decide(*, application: Application, teacher: User, approve: bool) -> Application:
    _lock(application)
    if not SchoolClass.objects.filter(teachers=teacher, memberships__student_id=application.student_id).exists():
        raise DomainError(
            _("Nur Lehrkräfte der Klasse können das Praktikum genehmigen."), code=ErrorCode.PERMISSION_DENIED
        )
    if not teacher.is_email_verified:
        raise DomainError(UNVERIFIED, code=ErrorCode.EMAIL_UNVERIFIED)
    if application.status not in ACTIVE_STATUSES:
        raise DomainError(
            _(
                "Diese Bewerbung ist schon abgeschlossen (zurückgezogen oder abgesagt); eine "
                "Genehmigung ist nicht mehr nötig."
            ),
            code=ErrorCode.CLOSED,
        )
    if application.school_approval == ApprovalStatus.NOT_REQUIRED:
        raise DomainError(_("Für diesen Platz ist keine Genehmigung der Schule nötig."), code=ErrorCode.NOT_REQUIRED)
    application.school_approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    application.school_approval_by = teacher
    application.save(update_fields=["school_approval", "school_approval_by", "updated_at"])
    _event(
        application,
        application.status,
        teacher,
        _("Schule hat das Praktikum genehmigt") if approve else _("Schule hat das Praktikum nicht genehmigt"),
    )
    notifications.status_changed(application)
    return application


# --- DSGVO ------------------------------------------------------------------------------------------------
def student_export(*, student: StudentProfile, for_parent: bool = False) -> dict:
    """Everything stored about the student (DSGVO art. 15), as JSON-ready data, CV files included (base64).

    for_parent: the export a linked parent downloads for a minor. It leaves out what is between the student and
    a company (the message thread) and the student's private notes on the shortlist; the parent's pages do not
    show those either."""
    user = student.user
    class_ids = list(student.classes.values_list("pk", flat=True))
    recommendations = (
        Recommendation.objects.filter(Q(student=student) | Q(school_class_id__in=class_ids))
        .select_related("placement__company", "teacher", "school_class")
        .order_by("created_at", "id")
    )

    def favourite(f):
        row = {
            "platz": f.placement.title,
            "von_eltern_gemocht": f.liked_by_parent,
            "kommentar_eltern": f.parent_comment,
            "angelegt": f.created_at.isoformat(),
        }
        if not for_parent:
            row["notiz"] = f.note
        return row

    def application(a):
        row = {
            "platz": a.placement.title,
            "unternehmen": a.placement.company.name,
            "status": a.status,
            "nachricht": a.message,
            "lebenslauf": _export_cv(a),
            "angelegt": a.created_at.isoformat(),
            "verlauf": [
                {"status": e.status, "notiz": e.note, "zeit": e.created_at.isoformat()} for e in a.events.all()
            ],
        }
        if not for_parent:
            row["nachrichten"] = [
                {
                    "von": "ich" if m.author_id == user.pk else "Unternehmen",
                    "text": m.body,
                    "zeit": m.created_at.isoformat(),
                }
                for m in a.messages.all()
            ]
        return row

    data = {
        "konto": {
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "registriert": user.date_joined.isoformat(),
        },
        "profil": {
            "geburtsdatum": student.birth_date.isoformat(),
            "schule": str(student.school or ""),
            "schulform": student.school_type,
            "klasse": student.grade,
            "angestrebter_abschluss": student.get_expected_qualification_display(),
            "postleitzahl": student.postal_code_id,
            "umkreis_km": student.travel_radius_km,
            "unterstuetzungsbedarf": student.accessibility_needs,
            "sprachen": student.languages,
        },
        "interessen": [
            {"berufsfeld": i.berufsfeld.name, "gewicht": i.weight}
            for i in student.interests.select_related("berufsfeld")
        ],
        "klassen": [str(c) for c in student.classes.all()],
        "eltern": [link.parent.email for link in student.parent_links.select_related("parent")],
        "merkliste": [favourite(f) for f in student.favourites.select_related("placement")],
        "empfehlungen": [
            {
                "platz": r.placement.title,
                "unternehmen": r.placement.company.name,
                "lehrkraft": " ".join(filter(None, [r.teacher.first_name, r.teacher.last_name])) or r.teacher.email,
                "fuer": str(r.school_class) if r.school_class_id else "dich",
                "notiz": r.note,
                "angelegt": r.created_at.isoformat(),
            }
            for r in recommendations
        ],
        "bewerbungen": [
            application(a)
            for a in student.applications.select_related("placement__company").prefetch_related("events", "messages")
        ],
    }
    if for_parent:
        data["hinweis"] = _(
            "Nachrichten zwischen Ihrem Kind und Unternehmen und die privaten Notizen Ihres Kindes sind nicht "
            "enthalten. Ihr Kind kann sie selbst unter „Meine Daten“ herunterladen."
        )
    return data


def _export_cv(application: Application) -> dict | None:
    """The CV file itself (the student's own data), base64-encoded; None when there is none or it is gone."""
    if not application.cv:
        return None
    try:
        with application.cv.open("rb") as fh:
            content = fh.read(CV_MAX_BYTES + 1)
    except OSError:
        logger.warning("CV file of application %s is missing", application.pk)
        return None
    return {
        "dateiname": f"lebenslauf-bewerbung-{application.pk}.pdf",
        "groesse_bytes": len(content),
        "inhalt_base64": base64.b64encode(content).decode("ascii"),
    }


def _forget_stored_emails(*, email: str, application_ids: list[int]) -> None:
    """The mail queue keeps a copy of every email (backend.mail.OutgoingEmail). Those sent to the student or
    about one of the student's applications (found by the application's address, see notifications) go too."""
    about = Q()
    for pk in application_ids:
        marker = notifications.application_marker(pk)
        about |= Q(body_text__contains=marker) | Q(body_html__contains=marker)
    to_student = Q(to_text__icontains=f'"{email}"')
    (
        OutgoingEmail.objects.annotate(to_text=Cast("to", TextField()))
        .filter(to_student | about if application_ids else to_student)
        .delete()
    )


@transaction.atomic
def student_delete(*, student: StudentProfile) -> None:
    """Delete the account and all personal data (DSGVO art. 17): rows, CV files, index counts."""
    placement_ids = set(student.applications.values_list("placement_id", flat=True))
    held_seats = set(student.applications.filter(status__in=SEAT_STATUSES).values_list("placement_id", flat=True))
    cv_names = [n for n in student.applications.exclude(cv="").values_list("cv", flat=True)]
    user = student.user
    _forget_stored_emails(email=user.email, application_ids=list(student.applications.values_list("pk", flat=True)))
    ApplicationMessage.objects.filter(application__student=student).delete()
    ApplicationEvent.objects.filter(application__student=student).delete()
    student.applications.all().delete()
    Recommendation.objects.filter(student=student).delete()
    student.delete()
    user.delete()  # cascades tokens, email verifications and sessions keyed by the user
    for placement in Placement.objects.select_for_update().filter(pk__in=held_seats):
        seat_freed(placement)  # the seat the student held is free again: the waitlist's first gets it
    placements_changed(placement_ids)

    def remove_files():
        storage = Application._meta.get_field("cv").storage

        for name in cv_names:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - logged, the row is gone already
                logger.exception("Could not delete CV file %s", name)

    transaction.on_commit(remove_files)
