"""One place for input no view can store and for errors outside DRF's reach.

InputGuardMiddleware (first in MIDDLEWARE) does two things for every request, pages and API alike:

1. It refuses input that no database column can hold before any view, form, session or token lookup sees it:
   a NUL character (PostgreSQL text cannot store U+0000 and psycopg raises, which was a 500) or a lone UTF-16
   surrogate (cannot be encoded as UTF-8), in the path, the query string, a header or cookie, or a JSON or
   form-encoded body. The answer is 400: our JSON error format under /api/, the site's 400 page elsewhere.
2. Under /api/ every error answer is JSON in our format, also those Django makes outside DRF (an unknown URL,
   a 500 from an unexpected exception, a CSRF refusal): clients never have to parse an HTML page.
"""

import json
import logging
import re

from django.core.exceptions import BadRequest
from django.core.signals import got_request_exception
from django.http import JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
_BAD_QUERY = re.compile(r"%00|\x00", re.IGNORECASE)
# JSON escapes that may encode NUL or a surrogate; only then is the body parsed to look closer
_SUSPICIOUS_JSON = re.compile(rb"\\u0000|\\ud[89a-f]|\x00", re.IGNORECASE)
_JSON_TYPES = ("application/json", "application/merge-patch+json")
_MAX_GUARDED_BODY = 2 * 1024 * 1024  # bigger bodies are uploads (multipart): Django and the serializers bound them


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return False


def _bad_json(data) -> bool:
    if isinstance(data, str):
        return _bad_text(data)
    if isinstance(data, dict):
        return any(_bad_text(k) or _bad_json(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_bad_json(v) for v in data)
    return False


def _bad_body(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if not length or length > _MAX_GUARDED_BODY:
        return False
    if content_type in _JSON_TYPES:
        body = request.body
        if not _SUSPICIOUS_JSON.search(body):
            return False
        try:
            return _bad_json(json.loads(body))
        except (ValueError, RecursionError):
            return False  # not JSON at all: the parser answers that with its own 400
    if content_type == "application/x-www-form-urlencoded":
        return bool(_BAD_QUERY.search(request.body.decode("latin-1")))
    return False


def has_bad_input(request) -> bool:
    if _bad_text(request.path) or _BAD_QUERY.search(request.META.get("QUERY_STRING", "")):
        return True
    if any(isinstance(v, str) and _bad_text(v) for k, v in request.META.items() if k.startswith("HTTP_")):
        return True
    return _bad_body(request)


def error_response(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def _generic_error(status: int) -> tuple[str, str]:
    known = {
        400: ("invalid", _("Die Anfrage ist ungültig. Bitte prüfe Adresse, Parameter und Angaben.")),
        401: ("not_authenticated", _("Bitte melde dich an.")),
        403: ("permission_denied", _("Dafür hast du keine Berechtigung.")),
        404: ("not_found", _("Diese Adresse gibt es in der API nicht. Die Übersicht steht unter /api/docs/.")),
        405: ("method_not_allowed", _("Diese Methode ist hier nicht erlaubt.")),
        413: ("too_large", _("Die Anfrage ist zu groß. Bitte schicke weniger Daten auf einmal.")),
        429: ("throttled", _("Zu viele Anfragen. Bitte warte kurz und versuche es dann noch einmal.")),
    }
    if status in known:
        return known[status]
    if status >= 500:
        return "server_error", _("Da ist bei uns etwas schiefgegangen. Bitte versuche es später noch einmal.")
    return "error", _("Die Anfrage konnte nicht bearbeitet werden.")


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(API_PREFIX)
        if has_bad_input(request):
            if not is_api:
                raise BadRequest("NUL or surrogate in the request")  # the site's 400 page
            return error_response(
                400,
                "invalid_characters",
                _(
                    "Die Anfrage enthält ein Zeichen, das wir nicht speichern können (ein Nullzeichen oder ein "
                    "ungültiges Unicode-Zeichen). Bitte entferne es und sende die Anfrage noch einmal."
                ),
            )
        response = self.get_response(request)
        if is_api and response.status_code >= 400 and not _is_json(response):
            code, message = _generic_error(response.status_code)
            json_response = error_response(response.status_code, code, message)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    json_response[header] = response[header]
            return json_response
        return response

    def process_exception(self, request, exception):
        """An unexpected exception under /api/: logged like Django does, answered as JSON 500."""
        if not request.path.startswith(API_PREFIX):
            return None
        logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"request": request})
        got_request_exception.send(sender=None, request=request)  # the test client re-raises, as without us
        code, message = _generic_error(500)
        return error_response(500, code, message)


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")
