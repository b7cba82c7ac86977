"""One error format for the whole API:

    {"error": {"code": "invalid", "message": "<what to do, in German>", "fields": {"email": ["..."]}}}

Django ValidationErrors and domain errors raised by services become 400s with field-level messages,
so services can raise the same errors for pages and the API.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ErrorCode

# Old spellings of one condition, kept working for code written before the enums: one code reaches clients.
ALIASES = {"forbidden": ErrorCode.PERMISSION_DENIED, "unverified": "email_unverified", "no_free_seat": "full"}


class DomainError(Exception):
    """A rule of the domain was broken (e.g. no seats left). The message tells the user what to do.

    `code` is a member of the raising app's `errors.ErrorCode`. 409, except code "permission_denied": 403
    (the user may not do this at all), with the service's message."""

    code: str = ErrorCode.CONFLICT  # or a member of another app's ErrorCode
    status_code: int = status.HTTP_409_CONFLICT

    def __init__(self, message, *, code=None, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = ALIASES.get(str(code), code)
        if self.code == ErrorCode.PERMISSION_DENIED:
            self.status_code = status.HTTP_403_FORBIDDEN


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Die Anfrage ist zu groß. Bitte schicke weniger Daten auf einmal.")
    default_code = "too_large"


def _django_validation_fields(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): [str(m) for e in v for m in e.messages]
            for k, v in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _flatten(detail, prefix=""):
    """DRF error details (nested dicts/lists) -> {"field.sub": ["msg", ...]}."""
    out = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            out[prefix or "non_field_errors"] = [str(d) for d in detail]
        else:
            for i, value in enumerate(detail):
                out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_fields(exc))
    elif isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        body = {"code": str(exc.code), "message": str(exc.message), "fields": fields}
        return Response({"error": body}, status=exc.status_code)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        # the service's own (German) message when it gave one, DRF's generic one otherwise
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        message = _("Bitte prüfe die markierten Angaben.")
        if list(fields) == ["non_field_errors"]:
            message = fields["non_field_errors"][0]
        body = {"code": "invalid", "message": message, "fields": fields}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {"code": code if isinstance(code, str) else "error", "message": str(detail), "fields": {}}
    response.data = {"error": body}
    return response
