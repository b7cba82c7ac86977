"""Limits on password guessing, counted in Django's shared cache so they hold across processes.

Where the counts live: the `default` cache (settings.CACHES) – the database cache for `make run` (its table
is made by `migrate`, backend/accounts/migrations), Redis in docker compose. Every gunicorn worker, the
token API, the login page and the admin login see the same counts.

How they are keyed (a school's pupils share one address behind NAT, so the client alone must not decide):
- account + client: LOGIN_MAX_FAILURES wrong passwords for one email from one client lock that email for that
  client. A password reset lifts it for every client (the account's counter generation changes).
- account, all clients: LOGIN_MAX_FAILURES_PER_ACCOUNT wrong passwords from anywhere (slows guessing spread
  over many addresses); also lifted by a reset.
- client, all accounts: LOGIN_MAX_FAILURES_PER_CLIENT wrong passwords from one address, whatever the email
  (one address trying many accounts). Much higher than the per-account limit, so a class behind one address
  can mistype its passwords without locking each other out.

The client is REMOTE_ADDR, or the address the configured proxies saw (DJANGO_NUM_PROXIES, the same rule as
the API throttles): with no proxies configured a client's own X-Forwarded-For header is ignored.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.translation import gettext_lazy
from rest_framework.throttling import BaseThrottle

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LOGIN_MAX_FAILURES = 10
LOGIN_MAX_FAILURES_PER_ACCOUNT = 50
LOGIN_MAX_FAILURES_PER_CLIENT = 100
LOGIN_LOCK_SECONDS = 15 * 60
# The generation of an account's counters lives longer than any count, so it never falls back to an old one.
GENERATION_SECONDS = 24 * 60 * 60

TOO_MANY_LOGINS = gettext_lazy("Zu viele Versuche. Bitte warte 15 Minuten oder setze dein Passwort zurück.")
TOO_MANY_FROM_CLIENT = gettext_lazy(
    "Von diesem Netz kamen zu viele falsche Anmeldungen. Bitte warte 15 Minuten und versuche es dann noch einmal."
)


def client_address(request) -> str:
    """The client's address as the API throttles see it (REST_FRAMEWORK["NUM_PROXIES"], 0 unless configured)."""
    if request is None:
        return ""
    return BaseThrottle().get_ident(request) or ""


def _digest(value: str) -> str:
    return hashlib.sha256(force_bytes(value)).hexdigest()[:32]


def _generation(email_digest: str) -> str:
    key = f"login-gen:{email_digest}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, secrets.token_hex(4), GENERATION_SECONDS)
        generation = cache.get(key) or "0"
    return generation


def _keys(request, email: str) -> list[tuple[str, int, StrOrPromise]]:
    """(cache key, limit, message) for each counter a login attempt touches."""
    account = _digest(email)
    generation = _generation(account)
    client = _digest(client_address(request))
    return [
        (f"login-fail:acct-client:{account}:{generation}:{client}", LOGIN_MAX_FAILURES, TOO_MANY_LOGINS),
        (f"login-fail:acct:{account}:{generation}", LOGIN_MAX_FAILURES_PER_ACCOUNT, TOO_MANY_LOGINS),
        (f"login-fail:client:{client}", LOGIN_MAX_FAILURES_PER_CLIENT, TOO_MANY_FROM_CLIENT),
    ]


def login_check_allowed(*, request, email: str) -> None:
    """Raise ValidationError(code="too_many_attempts") while any counter for this attempt is at its limit."""
    keys = _keys(request, email)
    counts = cache.get_many([key for key, _limit, _message in keys])
    for key, limit, message in keys:
        if (counts.get(key) or 0) >= limit:
            raise ValidationError(message, code="too_many_attempts")


def login_failure_record(*, request, email: str) -> None:
    for key, limit, _message in _keys(request, email):
        cache.add(key, 0, LOGIN_LOCK_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, count := 1, LOGIN_LOCK_SECONDS)
        if count >= limit:
            cache.set(key, count, LOGIN_LOCK_SECONDS)  # locked for the full time from the last failure


def login_success_record(*, request, email: str) -> None:
    """A right password from this client forgets this client's wrong ones for the account."""
    cache.delete(_keys(request, email)[0][0])


def login_failures_clear(*, email: str) -> None:
    """After a new password: the account's counters (for every client) start again from zero."""
    cache.set(f"login-gen:{_digest(email)}", secrets.token_hex(4), GENERATION_SECONDS)
