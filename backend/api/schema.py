"""The OpenAPI schema documents every error an operation can answer, in our error format.

DEFAULT_SCHEMA_CLASS points here, so every APIView (also new ones) gets the error responses without writing
them down: 400 (invalid input, also bad characters caught by InputGuardMiddleware), 401 (missing or wrong
credentials; also a wrong token on a public endpoint), 403 (not allowed; the service's message), 404, 405,
409 (a domain rule, DomainError), 429 (throttled) everywhere; 413 and 415 where a request body can be sent.
A view's own `extend_schema(responses=...)` wins for a status it names.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from .serializers import ErrorResponseSerializer

ERROR_DESCRIPTIONS = {
    "400": _("Ungültige Eingabe: fields nennt die Felder."),
    "401": _("Nicht angemeldet oder Anmeldedaten ungültig."),
    "403": _("Keine Berechtigung für diese Aktion."),
    "404": _("Nicht gefunden (oder nicht sichtbar)."),
    "405": _("Methode nicht erlaubt."),
    "409": _("Eine Regel verhindert die Aktion (z. B. keine Plätze frei)."),
    "413": _("Die Anfrage ist zu groß."),
    "415": _("Format der Anfrage nicht unterstützt."),
    "429": _("Zu viele Anfragen: später noch einmal versuchen."),
}
ALWAYS = ("400", "401", "403", "404", "405", "409", "429")
WITH_BODY = ("413", "415")


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        statuses = list(ALWAYS)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            statuses += WITH_BODY
        for code in statuses:
            if code not in responses:
                response = self._get_response_for_code(ErrorResponseSerializer, code)
                response["description"] = str(ERROR_DESCRIPTIONS[code])
                responses[code] = response
        return dict(sorted(responses.items()))
