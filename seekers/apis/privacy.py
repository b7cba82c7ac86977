"""DSGVO for the student: download everything stored (art. 15), delete the account (art. 17)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.api.throttling import AuthThrottledMixin

from .. import services
from ..serializers import ExportSerializer
from .shared import Base, _student, _valid, role


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(max_length=128)


class ExportApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_export", request=None, responses={200: ExportSerializer})
    def get(self, request):
        return Response(services.student_export(student=_student(request)))


class AccountDeleteApi(AuthThrottledMixin, Base):  # checks the password
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_account_delete", request=PasswordIn, responses={204: None})
    def delete(self, request):
        password = _valid(PasswordIn, request.data)["password"]
        if not request.user.check_password(password):
            raise serializers.ValidationError({"password": [_("Bitte bestätige mit deinem Passwort.")]})
        services.student_delete(student=_student(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
