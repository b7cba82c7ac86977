"""Account API: token login, the current user, and the generic sign-up/verification/reset steps.
Thin views over backend.accounts.services, so pages and API share every rule and message.
Role-specific sign-ups (student, teacher, parent, company) live in their apps and may subclass
SignUpSerializer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.throttling import AuthThrottledMixin, ThrottledMixin
from backend.redirects import safe_reverse

from . import services
from .models import Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def text_field(**kwargs) -> serializers.CharField:
    """A CharField whose errors say what to do (German)."""
    messages: dict[str, StrOrPromise] = {
        "required": _("Bitte fülle dieses Feld aus."),
        "blank": _("Bitte fülle dieses Feld aus."),
        "null": _("Bitte fülle dieses Feld aus."),
        "invalid": _("Bitte gib hier einen Text ein."),
        "max_length": _("Bitte kürze die Eingabe auf höchstens {max_length} Zeichen."),
    }
    messages.update(kwargs.pop("error_messages", {}))
    return serializers.CharField(error_messages=messages, **kwargs)


class UserSerializer(serializers.ModelSerializer):
    email_verified = serializers.BooleanField(source="is_email_verified", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "display_name", "role", "email_verified"]
        read_only_fields = fields


class SignUpSerializer(serializers.Serializer):
    """The generic part of every sign-up. Subclasses add their role's fields."""

    email = text_field(trim_whitespace=True)
    password = text_field(trim_whitespace=False, write_only=True)
    first_name = text_field(required=False, allow_blank=True, default="")
    last_name = text_field(required=False, allow_blank=True, default="")


class GenericSignUpSerializer(SignUpSerializer):
    role = serializers.ChoiceField(
        choices=[(Role.PARENT, Role.PARENT.label)],
        required=False,
        default=Role.PARENT,
        error_messages={
            "invalid_choice": _(
                "Hier können sich nur Eltern registrieren. Schüler*innen, Lehrkräfte und Unternehmen nutzen ihre "
                "eigene Registrierung (siehe GET /api/v1/accounts/signup/)."
            )
        },
    )


def auth_response(user: User, *, status_code=status.HTTP_200_OK) -> Response:
    token, _created = Token.objects.get_or_create(user=user)
    return Response({"token": token.key, "user": UserSerializer(user).data}, status=status_code)


AUTH_RESPONSE = inline_serializer("AuthResponse", {"token": serializers.CharField(), "user": UserSerializer()})
DETAIL_RESPONSE = inline_serializer("DetailResponse", {"detail": serializers.CharField()})


class TokenApi(AuthThrottledMixin, APIView):
    """POST email + password → an API token (use as `Authorization: Token <key>`). DELETE logs the token out."""

    permission_classes = [permissions.AllowAny]

    class TokenInputSerializer(serializers.Serializer):
        email = text_field()
        password = text_field(trim_whitespace=False, write_only=True)

    @extend_schema(request=TokenInputSerializer, responses={200: AUTH_RESPONSE})
    def post(self, request):
        data = self.TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.login_authenticate(
            request=request, email=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _(
                            "E-Mail-Adresse oder Passwort stimmen nicht. Prüfe deine Eingabe oder setze dein Passwort zurück."
                        )
                    ]
                }
            )
        return auth_response(user)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not request.user.is_authenticated:
            return Response(status=status.HTTP_401_UNAUTHORIZED)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(ThrottledMixin, APIView):
    """The signed-in user."""

    permission_classes = [permissions.IsAuthenticated]

    class MeUpdateSerializer(serializers.Serializer):
        first_name = text_field(required=False, allow_blank=True)
        last_name = text_field(required=False, allow_blank=True)

    @extend_schema(responses={200: UserSerializer})
    def get(self, request):
        return Response(UserSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses={200: UserSerializer})
    def patch(self, request):
        data = self.MeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **data.validated_data)
        return Response(UserSerializer(user).data)


class SignUpApi(AuthThrottledMixin, APIView):
    """GET lists the role sign-up endpoints. POST creates a parent account (the only role without a
    profile of its own) and mails a 6-digit code; the response has a token for the verify step."""

    permission_classes = [permissions.AllowAny]

    ROLE_ENDPOINTS = [
        (Role.STUDENT, "seekers-api:signup_student"),
        (Role.TEACHER, "seekers-api:signup_teacher"),
        (Role.PARENT, "seekers-api:signup_parent"),
        (Role.COMPANY, "companies-api:company-signup"),
    ]

    @extend_schema(
        responses={
            200: inline_serializer(
                "SignUpEndpoints",
                {"role": serializers.CharField(), "label": serializers.CharField(), "url": serializers.CharField()},
                many=True,
            )
        }
    )
    def get(self, request):
        return Response(
            [
                {"role": role, "label": str(Role(role).label), "url": url}
                for role, name in self.ROLE_ENDPOINTS
                if (url := safe_reverse(name))
            ]
        )

    @extend_schema(request=GenericSignUpSerializer, responses={201: AUTH_RESPONSE})
    def post(self, request):
        data = GenericSignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(**data.validated_data)
        return auth_response(user, status_code=status.HTTP_201_CREATED)


class VerifyEmailApi(AuthThrottledMixin, APIView):
    """POST {"code": "123456"} confirms the signed-in user's email address."""

    permission_classes = [permissions.IsAuthenticated]

    class VerifyEmailInputSerializer(serializers.Serializer):
        code = text_field(
            error_messages={
                "required": _("Bitte gib den 6-stelligen Code aus unserer E-Mail ein."),
                "blank": _("Bitte gib den 6-stelligen Code aus unserer E-Mail ein."),
            }
        )

    @extend_schema(request=VerifyEmailInputSerializer, responses={200: UserSerializer})
    def post(self, request):
        data = self.VerifyEmailInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.email_verify(user=request.user, code=data.validated_data["code"])
        return Response(UserSerializer(user).data)


class VerifyEmailResendApi(AuthThrottledMixin, APIView):
    """POST mails a new code (the old one stops working)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: DETAIL_RESPONSE})
    def post(self, request):
        if request.user.is_email_verified:
            return Response({"detail": _("Deine E-Mail-Adresse ist schon bestätigt.")})
        services.email_verification_send(user=request.user)
        return Response(
            {"detail": _("Wir haben dir einen neuen Code an %(email)s geschickt.") % {"email": request.user.email}}
        )


class PasswordResetApi(AuthThrottledMixin, APIView):
    """POST {"email"}: mails a reset link if the account exists. The answer is the same either way."""

    permission_classes = [permissions.AllowAny]

    class PasswordResetInputSerializer(serializers.Serializer):
        email = text_field()

    @extend_schema(request=PasswordResetInputSerializer, responses={202: DETAIL_RESPONSE})
    def post(self, request):
        data = self.PasswordResetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(email=data.validated_data["email"])
        return Response(
            {
                "detail": _(
                    "Wenn es ein Konto mit dieser E-Mail-Adresse gibt, haben wir dir einen "
                    "Link zum Zurücksetzen geschickt."
                )
            },
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetConfirmApi(AuthThrottledMixin, APIView):
    """POST {"uid", "token", "password"} from the emailed link sets a new password."""

    permission_classes = [permissions.AllowAny]

    class PasswordResetConfirmInputSerializer(serializers.Serializer):
        uid = text_field()
        token = text_field()
        password = text_field(trim_whitespace=False, write_only=True)

    @extend_schema(request=PasswordResetConfirmInputSerializer, responses={200: DETAIL_RESPONSE})
    def post(self, request):
        data = self.PasswordResetConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(
            uidb64=data.validated_data["uid"],
            token=data.validated_data["token"],
            password=data.validated_data["password"],
        )
        return Response({"detail": _("Dein neues Passwort ist gespeichert. Du kannst dich jetzt anmelden.")})
