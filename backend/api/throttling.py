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


class UserRateThrottle(throttling.UserRateThrottle):
    """Scope "user", for signed-in clients only. DRF's counts an anonymous client too (by address), on top of
    AnonRateThrottle's count of the same client at the stricter "anon" rate: a second cache read and write on
    every anonymous API call (with the database cache five round trips) for a limit that "anon" always reaches
    first. So anonymous calls are counted once, by "anon"; keep "anon" at most "user" in the rates."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


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
