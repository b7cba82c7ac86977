"""Account writes: sign-up, email verification, password reset. Pages and the API call these."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from backend.mail.models import OutgoingEmail
from backend.mail.services import email_send

from . import limits
from .models import EmailVerification, Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VERIFICATION_TTL = timedelta(hours=24)
VERIFICATION_MAX_ATTEMPTS = 5
# Emails anyone can trigger are capped per hour, so the forms cannot be used to flood an inbox.
VERIFICATION_SENDS_PER_HOUR = 5
RESET_SENDS_PER_HOUR = 3
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 80
PASSWORD_MAX_LENGTH = 128
# Password guessing: limits.py (LOGIN_MAX_FAILURES wrong passwords per account and client lock for 15 minutes).
LOGIN_MAX_FAILURES = limits.LOGIN_MAX_FAILURES
LOGIN_LOCK_SECONDS = limits.LOGIN_LOCK_SECONDS
TOO_MANY_LOGINS = limits.TOO_MANY_LOGINS

DUPLICATE_EMAIL = gettext_lazy(
    "Diese E-Mail-Adresse ist schon registriert. Melde dich an oder setze dein Passwort zurück."
)


def email_normalize(email: str) -> str:
    return (email or "").strip().lower()


def _hash_code(code: str) -> str:
    return hmac.new(force_bytes(settings.SECRET_KEY), force_bytes(code), hashlib.sha256).hexdigest()


def _validate_password(password, user: User) -> None:
    if not password:
        raise ValidationError({"password": _("Bitte gib ein Passwort ein.")})
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ValidationError(
            {"password": _("Das Passwort darf höchstens %(n)d Zeichen lang sein.") % {"n": PASSWORD_MAX_LENGTH}}
        )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": [_password_message(e) for e in exc.error_list]}) from None


def _password_message(error: ValidationError) -> StrOrPromise:
    """Django's validator messages say what is wrong; ours also say what to do."""
    messages = {
        "password_too_short": _(
            "Das Passwort ist zu kurz. Nimm mindestens %(n)d Zeichen, z. B. drei Wörter mit Bindestrichen."
        )
        % {"n": (error.params or {}).get("min_length", 10)},
        "password_too_common": _("Dieses Passwort ist zu geläufig und leicht zu erraten. Wähle ein anderes."),
        "password_entirely_numeric": _("Das Passwort besteht nur aus Zahlen. Nimm auch Buchstaben dazu."),
        "password_too_similar": _(
            "Das Passwort ist deinem Namen oder deiner E-Mail-Adresse zu ähnlich. Wähle ein anderes."
        ),
    }
    return messages.get(error.code or "", " ".join(error.messages))


def user_validate_fields(*, email: str, first_name: str = "", last_name: str = "") -> str:
    """Check the generic sign-up fields; return the normalised email. Raises ValidationError per field."""
    errors: dict[str, list[StrOrPromise]] = {}
    email = email_normalize(email)
    if not email:
        errors["email"] = [_("Bitte gib deine E-Mail-Adresse ein.")]
    elif len(email) > EMAIL_MAX_LENGTH:
        errors["email"] = [_("Die E-Mail-Adresse darf höchstens %(n)d Zeichen lang sein.") % {"n": EMAIL_MAX_LENGTH}]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")]
    for field, value, label in (
        ("first_name", first_name, _("Der Vorname")),
        ("last_name", last_name, _("Der Nachname")),
    ):
        if value and len(value) > NAME_MAX_LENGTH:
            errors[field] = [
                _("%(label)s darf höchstens %(n)d Zeichen lang sein.") % {"label": label, "n": NAME_MAX_LENGTH}
            ]
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = [DUPLICATE_EMAIL]
    if errors:
        raise ValidationError(errors)
    return email


@transaction.atomic
def user_register(*, email: str, password: str, role: str, first_name: str = "", last_name: str = "") -> User:
    """Create an unverified account and mail it a 6-digit code. City staff accounts are not self-registered."""
    if role not in Role.values or role == Role.STAFF:
        raise ValidationError(
            {"role": _("Bitte wähle aus, ob du dich als Schüler*in, Unternehmen, Lehrkraft oder Eltern registrierst.")}
        )
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    email = user_validate_fields(email=email, first_name=first_name, last_name=last_name)
    user = User(email=email, role=role, first_name=first_name, last_name=last_name)
    _validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a parallel sign-up with the same address won the race
        raise ValidationError({"email": DUPLICATE_EMAIL}) from None
    email_verification_send(user=user)
    return user


@transaction.atomic
def email_verification_send(*, user: User) -> EmailVerification:
    """Replace any open code with a new 6-digit one and mail it (at most 5 per hour)."""
    now = timezone.now()
    recent = EmailVerification.objects.filter(user=user, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= VERIFICATION_SENDS_PER_HOUR:
        raise ValidationError(
            {
                "code": _(
                    "Du hast in der letzten Stunde schon %(n)d Codes angefordert. Nimm den "
                    "Code aus der neuesten E-Mail oder versuche es in einer Stunde noch "
                    "einmal."
                )
                % {"n": recent}
            }
        )
    EmailVerification.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification = EmailVerification.objects.create(
        user=user, code_hash=_hash_code(code), expires_at=now + VERIFICATION_TTL
    )
    email_send(
        to=user.email,
        template="emails/accounts/verify_email",
        context={
            "user": user,
            "code": code,
            "verify_url": settings.SITE_URL + reverse("accounts:verify_email"),
            "hours": int(VERIFICATION_TTL.total_seconds() // 3600),
        },
        sensitive=True,
    )
    return verification


def email_verify(*, user: User, code: str) -> User:
    """Check a code. Wrong codes count; after 5 wrong tries or 24 h the user must request a new code.

    Not wrapped in @transaction.atomic as a whole: a wrong attempt must be counted (committed) even
    though a ValidationError is raised afterwards, so the write happens in an inner atomic block."""
    if user.is_email_verified:
        return user
    code = "".join(str(code or "").split())
    new_code_hint = _("Fordere einen neuen Code an.")
    error = None
    with transaction.atomic():
        verification = (
            EmailVerification.objects.select_for_update()
            .filter(user=user, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if verification is None:
            error = _("Für dein Konto gibt es gerade keinen gültigen Code. %(hint)s") % {"hint": new_code_hint}
        elif verification.expires_at <= timezone.now():
            error = _("Dein Code ist abgelaufen. %(hint)s") % {"hint": new_code_hint}
        elif verification.attempts >= VERIFICATION_MAX_ATTEMPTS:
            error = _("Du hast den Code zu oft falsch eingegeben. %(hint)s") % {"hint": new_code_hint}
        elif not (code.isdigit() and len(code) == 6):
            error = _("Bitte gib den 6-stelligen Code aus unserer E-Mail ein.")
        elif not hmac.compare_digest(verification.code_hash, _hash_code(code)):
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = VERIFICATION_MAX_ATTEMPTS - verification.attempts
            if left <= 0:
                error = _("Der Code ist falsch und du hast keine Versuche mehr. %(hint)s") % {"hint": new_code_hint}
            else:
                error = _(
                    "Der Code ist falsch. Prüfe die E-Mail und versuche es noch einmal (noch %(n)d Versuche)."
                ) % {"n": left}
        else:
            now = timezone.now()
            verification.used_at = now
            verification.save(update_fields=["used_at"])
            user.email_verified_at = now
            user.save(update_fields=["email_verified_at"])
    if error:
        raise ValidationError({"code": error})
    return user


@transaction.atomic
def user_update(*, user: User, first_name: str | None = None, last_name: str | None = None) -> User:
    """Change the names on an account (the email is the login and changes only through support)."""
    changes = {k: (v or "").strip() for k, v in (("first_name", first_name), ("last_name", last_name)) if v is not None}
    errors = {}
    for field, value in changes.items():
        if len(value) > NAME_MAX_LENGTH:
            label = _("Der Vorname") if field == "first_name" else _("Der Nachname")
            errors[field] = [
                _("%(label)s darf höchstens %(n)d Zeichen lang sein.") % {"label": label, "n": NAME_MAX_LENGTH}
            ]
    if errors:
        raise ValidationError(errors)
    for field, value in changes.items():
        setattr(user, field, value)
    if changes:
        user.save(update_fields=list(changes))
    return user


def login_authenticate(*, request, email: str, password: str) -> User | None:
    """Check email + password, with the one limit on guessing (the login page, the admin login and the token
    API use this; the counts and how they are keyed: backend/accounts/limits.py).

    Returns the user, or None for a wrong email/password. Raises ValidationError (code "too_many_attempts")
    while a limit for this account and client is reached, even for the right password."""
    email = email_normalize(email)
    limits.login_check_allowed(request=request, email=email)
    user = authenticate(request, email=email, password=password)
    if user is None:
        limits.login_failure_record(request=request, email=email)
        return None
    limits.login_success_record(request=request, email=email)
    return user


def login_failures_clear(*, email: str) -> None:
    """After a password reset the email may log in again at once, from every client."""
    limits.login_failures_clear(email=email_normalize(email))


def password_reset_request(*, email: str) -> None:
    """Mail a reset link if an active account exists. Says nothing about whether it does (no enumeration)."""
    email = email_normalize(email)
    if not email or len(email) > EMAIL_MAX_LENGTH:
        return
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return

    recent = OutgoingEmail.objects.filter(
        template="emails/accounts/password_reset", to=[user.email], created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= RESET_SENDS_PER_HOUR:  # silently: the answer must not differ from "no such account"
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    email_send(
        to=user.email,
        template="emails/accounts/password_reset",
        context={
            "user": user,
            "reset_url": settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token]),
        },
        sensitive=True,
    )


@transaction.atomic
def password_reset_confirm(*, uidb64: str, token: str, password: str) -> User:
    """Set a new password from an emailed reset link (the same token Django's reset pages use)."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(str(uidb64)).decode()), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist, UnicodeDecodeError):
        user = None
    if user is None or not default_token_generator.check_token(user, str(token)):
        raise ValidationError(
            {"token": _("Dieser Link ist ungültig oder schon benutzt. Fordere bitte einen neuen Link an.")}
        )
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    password_changed(user=user)
    return user


def password_changed(*, user: User) -> None:
    """After any new password (reset or change, page or API): old API tokens stop working and a login lock
    from failed attempts is lifted, since the message of that lock tells people to reset their password."""
    user_tokens_revoke(user=user)
    login_failures_clear(email=user.email)


def user_tokens_revoke(*, user: User) -> None:
    """After a password change or reset, API tokens made with the old password stop working."""
    Token.objects.filter(user=user).delete()
