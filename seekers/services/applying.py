"""A student applies (every rule checked before anything is stored) or withdraws an application."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.api.exceptions import DomainError
from clearing import policy
from companies.models import Placement, PlacementKind
from companies.selectors import placement_seats_taken
from companies.signals import placement_changed
from matching import scoring
from matching.labels import BROKEN_LABELS
from seekers.errors import ErrorCode

from .. import notifications
from ..cv_check import active_content
from ..models import (
    ACTIVE_STATUSES,
    COMPETING_STATUSES,
    OPEN_STATUSES,
    SEAT_STATUSES,
    Application,
    ApplicationStatus,
    ApprovalStatus,
    StudentProfile,
)
from ..selectors import internship_period
from .lifecycle import _lock, _set_status, _stamp_release
from .seats import seat_freed
from .shared import ADULT_AGE, CV_MAX_BYTES, UNVERIFIED, _event, age_on, today_berlin


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
    free = placement.seats - placement_seats_taken(placement)
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
    if placement_seats_taken(placement) >= placement.seats:
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
