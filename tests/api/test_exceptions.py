"""The one API error format, whatever a service or view raises."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from backend.api.exceptions import DomainError


def respond_to(exc):
    class Raiser(APIView):
        permission_classes = []

        def get(self, request):
            raise exc

    return Raiser.as_view()(APIRequestFactory().get("/x/"))


@pytest.mark.parametrize(
    "exc, status, code, fields",
    [
        (
            ValidationError({"email": "Bitte gib deine E-Mail-Adresse ein."}),
            400,
            "invalid",
            {"email": ["Bitte gib deine E-Mail-Adresse ein."]},
        ),
        (
            ValidationError("Das Angebot ist schon geschlossen."),
            400,
            "invalid",
            {"non_field_errors": ["Das Angebot ist schon geschlossen."]},
        ),
        (
            DomainError("Keine Plätze mehr frei. Merke dir das Angebot.", field="seats"),
            409,
            "conflict",
            {"seats": ["Keine Plätze mehr frei. Merke dir das Angebot."]},
        ),
        (DomainError("Schon beworben.", code="duplicate"), 409, "duplicate", {}),
        (Http404(), 404, "not_found", {}),
        (PermissionDenied(), 403, "permission_denied", {}),
    ],
)
def test_every_error_has_code_message_and_fields(exc, status, code, fields):
    response = respond_to(exc)
    assert response.status_code == status
    error = response.data["error"]
    assert error["code"] == code and error["fields"] == fields and error["message"]


def test_a_single_non_field_error_becomes_the_message():
    response = respond_to(ValidationError("Das Angebot ist schon geschlossen."))
    assert response.data["error"]["message"] == "Das Angebot ist schon geschlossen."
