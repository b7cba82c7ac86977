"""DSGVO: the student's data export (art. 15) and the deletion of the account and all personal data (art. 17)."""

import base64
import logging

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from backend.mail.models import OutgoingEmail
from companies.models import Placement
from companies.signals import placements_changed

from .. import notifications
from ..models import SEAT_STATUSES, Application, ApplicationEvent, ApplicationMessage, Recommendation, StudentProfile
from .seats import seat_freed
from .shared import CV_MAX_BYTES

logger = logging.getLogger(__name__)


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
