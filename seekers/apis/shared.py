"""What every seekers endpoint shares: the role check, the signed-in student, the body validated by the
serializer the docs show, a placement from its id, the short placement shape."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers
from rest_framework.views import APIView

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from backend.reference.models import Qualification
from companies.models import Placement
from seekers.errors import ErrorCode

from .. import services
from ..models import StudentProfile

QUALIFICATION_HELP = ", ".join(f"{v} = {label}" for v, label in Qualification.choices)


def role(*roles):
    class HasRole(permissions.BasePermission):
        message = _("Diese Funktion gibt es nur für: ") + ", ".join(str(Role(r).label) for r in roles) + "."

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and request.user.role in roles)

    return HasRole


def _student(request) -> StudentProfile:
    student = StudentProfile.objects.select_related("user").filter(user=request.user).first()
    if student is None:
        raise DomainError(_("Zu diesem Konto gibt es kein Schüler*innen-Profil."), code=ErrorCode.NO_STUDENT_PROFILE)
    return student


class Base(APIView):
    """Every seekers endpoint: signed in, JSON, errors in the house format."""

    permission_classes = [permissions.IsAuthenticated]


def placement_out(p: Placement) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "kind": p.kind,
        "company": p.company.name,
        "start_date": p.start_date,
        "status": p.status,
    }


def _body(data) -> dict:
    """The request body as an object; a list, string, number or null answers 400 (not 500)."""
    if not isinstance(data, dict):
        raise serializers.ValidationError(
            {
                "non_field_errors": [
                    _('Bitte sende die Angaben als JSON-Objekt, z. B. {"placement": 12, "message": "…"}.')
                ]
            }
        )
    return data


def _valid(serializer_class, data, **kw):
    s = serializer_class(data=_body(data), **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _placement(pk) -> Placement:
    pk = services.parse_id(pk)
    placement = Placement.objects.select_related("company").filter(pk=pk).first() if pk else None
    if placement is None:
        raise serializers.ValidationError({"placement": [_("Diesen Platz gibt es nicht. Bitte prüfe die Nummer.")]})
    return placement
