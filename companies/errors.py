"""Error codes of the companies app's rules (DomainError(code=...)); one name per condition."""

from django.db import models


class ErrorCode(models.TextChoices):
    PERMISSION_DENIED = "permission_denied", "Keine Berechtigung (403)"
    EMAIL_UNVERIFIED = "email_unverified", "E-Mail-Adresse noch nicht bestätigt"
    INVALID_INVITATION = "invalid_invitation", "Einladung ungültig oder abgelaufen"
    WRONG_ACCOUNT = "wrong_account", "Einladung gilt für eine andere Adresse"
    WRONG_ROLE = "wrong_role", "Kein Unternehmenskonto"
    LAST_OWNER = "last_owner", "Letzte Inhaberin / letzter Inhaber"
    ARCHIVED = "archived", "Angebot archiviert"
    INVALID_STATUS = "invalid_status", "Statuswechsel nicht möglich"
    FULL = "full", "Keine Plätze frei"
    INVALID_CHOICE = "invalid_choice", "Auswahl gibt es nicht"
