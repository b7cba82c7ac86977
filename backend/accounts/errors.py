"""Error codes of the accounts app (login, limits); one name per condition."""

from django.db import models


class ErrorCode(models.TextChoices):
    INVALID_LOGIN = "invalid_login", "E-Mail oder Passwort falsch"
    TOO_MANY_ATTEMPTS = "too_many_attempts", "Zu viele Versuche: gesperrt"
