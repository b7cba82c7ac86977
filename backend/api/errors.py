"""Error codes the API layer itself answers with (the "code" in {"error": {"code", "message", "fields"}}).

Every app names its domain conditions in its own errors.py (`ErrorCode`, one name per condition); the codes
here are the generic ones DRF and our middleware produce. A client can rely on these strings."""

from django.db import models


class ErrorCode(models.TextChoices):
    INVALID = "invalid", "Ungültige Eingabe"
    INVALID_CHARACTERS = "invalid_characters", "Nullzeichen oder ungültiges Unicode-Zeichen"
    PARSE_ERROR = "parse_error", "Kein gültiges JSON"
    NOT_AUTHENTICATED = "not_authenticated", "Nicht angemeldet"
    AUTHENTICATION_FAILED = "authentication_failed", "Anmeldedaten ungültig"
    PERMISSION_DENIED = "permission_denied", "Keine Berechtigung"
    NOT_FOUND = "not_found", "Nicht gefunden"
    METHOD_NOT_ALLOWED = "method_not_allowed", "Methode nicht erlaubt"
    NOT_ACCEPTABLE = "not_acceptable", "Antwortformat nicht lieferbar"
    CONFLICT = "conflict", "Regel verletzt"
    TOO_LARGE = "too_large", "Anfrage zu groß"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", "Format nicht unterstützt"
    THROTTLED = "throttled", "Zu viele Anfragen"
    SERVER_ERROR = "server_error", "Fehler bei uns"
