"""Throttling for endpoints that take a password or a code (login, sign-up, verification, reset).

Scope "auth" (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"], 10/minute), counted per client IP so
guessing passwords for many accounts from one address is slowed down too. Throttling follows the
project switch: when DEFAULT_THROTTLE_CLASSES is empty (the test settings) nothing is throttled.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import exceptions, throttling
from rest_framework.settings import api_settings


class AuthRateThrottle(throttling.SimpleRateThrottle):
    scope = "auth"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, "10/minute")

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class Throttled(exceptions.Throttled):
    default_detail = _("Zu viele Anfragen.")

    def __init__(self, wait=None):
        super().__init__(wait=None)
        seconds = int(wait or 0) + 1
        self.detail = exceptions.ErrorDetail(
            ngettext(
                "Zu viele Versuche. Bitte warte %(s)d Sekunde und versuche es dann noch einmal.",
                "Zu viele Versuche. Bitte warte %(s)d Sekunden und versuche es dann noch einmal.",
                seconds,
            )
            % {"s": seconds},
            code="throttled",
        )
        self.wait = wait


class ThrottledMixin:
    """Every API view can use this: German 429 message with the waiting time."""

    def throttled(self, request, wait):
        raise Throttled(wait)


class AuthThrottledMixin(ThrottledMixin):
    """Add to views that check passwords or codes: the default throttles plus scope "auth"."""

    def get_throttles(self):
        defaults = [throttle() for throttle in api_settings.DEFAULT_THROTTLE_CLASSES]
        return [*defaults, AuthRateThrottle()] if defaults else []
