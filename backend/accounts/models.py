from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPANY = "company", _("Unternehmen")
    STUDENT = "student", _("Schüler*in")
    TEACHER = "teacher", _("Lehrkraft")
    PARENT = "parent", _("Eltern")
    STAFF = "staff", _("Stadt Dortmund")


def current_language() -> str:
    """A new account keeps the language its owner was reading when signing up (for its first emails too)."""
    supported = {code for code, _name in settings.LANGUAGES}
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in supported else settings.LANGUAGE_CODE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One account per person; the role decides which side of the marketplace they see.
    Email is the login. A student's last name is shown only to companies the student applied to."""

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)
    first_name = models.CharField(_("Vorname"), max_length=80, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=80, blank=True)
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Zugang zur Django-Administration.")
    date_joined = models.DateTimeField(default=timezone.now)
    # The person's language (one of settings.LANGUAGES): the site switches to it at login, emails use it.
    language = models.CharField(_("Sprache"), max_length=10, default=current_language)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    def __str__(self):
        return self.email

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def display_name(self) -> str:
        return self.first_name or self.email.split("@")[0]

    @property
    def is_company_member(self) -> bool:
        return self.role == Role.COMPANY

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER

    @property
    def is_parent(self) -> bool:
        return self.role == Role.PARENT

    @property
    def is_city_staff(self) -> bool:
        return self.role == Role.STAFF


class EmailVerification(models.Model):
    """A short code mailed at sign-up; only its hash is stored. Attempts are counted so a code cannot be guessed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_verifications")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"E-Mail-Bestätigung #{self.pk} (Konto {self.user_id})"
