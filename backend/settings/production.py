"""Production: no defaults for secrets, fail fast; HTTPS everywhere; email via an anymail provider."""

from django.core.exceptions import ImproperlyConfigured

from backend import csp as _csp

from .base import *
from .base import EMAIL_BACKEND, MAP_TILE_URL, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of at least 50 characters.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# What pages may load and run: our own scripts only, map tiles from MAP_TILE_URL's host (backend/csp.py).
CONTENT_SECURITY_POLICY = _csp.policy(map_tile_url=MAP_TILE_URL)

# Email through django-anymail: ANYMAIL_PROVIDER=mailgun|sendgrid|postmark|brevo|amazon_ses|...,
# with that provider's ANYMAIL_<PROVIDER>_API_KEY. EMAIL_BACKEND may be set directly (e.g. SMTP to a mail catcher).
_provider = env("ANYMAIL_PROVIDER", default="")
if _provider:
    EMAIL_BACKEND = f"anymail.backends.{_provider}.EmailBackend"
    ANYMAIL = {
        k.removeprefix("ANYMAIL_"): v
        for k, v in __import__("os").environ.items()
        if k.startswith("ANYMAIL_") and k != "ANYMAIL_PROVIDER"
    }
elif EMAIL_BACKEND.endswith("console.EmailBackend"):
    raise ImproperlyConfigured("Set ANYMAIL_PROVIDER (and its API key) or EMAIL_BACKEND for production email.")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
