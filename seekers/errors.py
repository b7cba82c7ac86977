"""Error codes of the seekers app's rules (DomainError(code=...)); one name per condition."""

from django.db import models


class ErrorCode(models.TextChoices):
    PERMISSION_DENIED = "permission_denied", "Keine Berechtigung (403)"
    NO_STUDENT_PROFILE = "no_student_profile", "Konto ohne Schüler*innen-Profil"
    EMAIL_UNVERIFIED = "email_unverified", "E-Mail-Adresse noch nicht bestätigt"
    NOT_MEMBER = "not_member", "Nicht in dieser Klasse"
    NOT_OPEN = "not_open", "Platz nimmt keine Bewerbungen an"
    NOT_ELIGIBLE = "not_eligible", "Voraussetzungen nicht erfüllt"
    DEADLINE = "deadline", "Bewerbungsschluss vorbei"
    FULL = "full", "Keine Plätze frei"
    DUPLICATE = "duplicate", "Schon vorhanden"
    CLOSED = "closed", "Bewerbung schon abgeschlossen oder entschieden"
    NOT_REQUIRED = "not_required", "Keine Genehmigung nötig"
    CAP = "cap", "Höchstzahl offener Bewerbungen dieser Art erreicht"
    OFFER_EXPIRED = "offer_expired", "Angebot abgelaufen"
    CROWDED = "crowded", "Zu viele Bewerbungen je freiem Platz"
