"""Settings shared by every environment. Values come from the environment (django-environ);
local defaults work with nothing set: SQLite, database search, console email."""

from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc files as our own static files (no CDN)
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "backend.accounts",
    "backend.reference",
    "backend.mail",
    "backend.jobs",
    "backend.demo",
    "companies",
    "seekers",
    "matching",
    "monitoring",
    "frontend",
    # Entdeckertage (issue 9): career-field days for grade 8, allocated city-wide
    "entdeckertage",
    "clearing",  # issue 10: response deadlines, offers, waitlists, the cap, response figures, simulate_clearing
]

MIDDLEWARE = [
    "backend.api.middleware.InputGuardMiddleware",  # NUL/surrogates -> 400 everywhere; JSON errors under /api/
    "django.middleware.security.SecurityMiddleware",
    "backend.csp.ContentSecurityPolicyMiddleware",  # CONTENT_SECURITY_POLICY (production sets it)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frontend.compression.AnonymousGZipMiddleware",  # after WhiteNoise: static files come precompressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontend.middleware.GermanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "frontend.context_processors.site",
                "frontend.context_processors.nav",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
# SQLite (the embedded default, also DATABASE_URL=sqlite://...) under concurrent users: WAL lets readers and one
# writer work at once, IMMEDIATE takes the write lock at BEGIN (so a transaction never fails half-way on upgrading a
# read lock, which no busy timeout can save), and the timeout makes a writer wait for the lock instead of answering
# "database is locked". tests/backend/test_sqlite_concurrency.py holds it to that.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "frontend:dashboard"
LOGOUT_REDIRECT_URL = "frontend:home"

# --- i18n (issue 12) ---
CSRF_FAILURE_VIEW = "frontend.errors.csrf_failure"
# Where the accessibility statement's feedback form sends reports (BITV NRW feedback mechanism).
ACCESSIBILITY_FEEDBACK_EMAIL = env("ACCESSIBILITY_FEEDBACK_EMAIL", default="barrierefreiheit@stadt-dortmund.example")
LANGUAGE_CODE = "de"
# The student and parent journey and every email in all five; company, teacher and staff pages at least in de/en
# (tests/frontend/test_catalogues.py holds each catalogue to that). Arabic is right to left (dir="rtl" in base.html).
LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Students' CVs never go into MEDIA_ROOT (served publicly: logos, photos); they live here and leave only
# through the permission-checked download view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/nicht-oeffentlich/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads: refuse big bodies early; images and CVs have their own, smaller limits in their services.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console locally, locmem in tests, an anymail provider in production (ANYMAIL_PROVIDER).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Dortmund at Work <noreply@dortmund-at-work.example>")
ANYMAIL: dict[str, str] = {}

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # token first: an anonymous API call answers 401 with "WWW-Authenticate: Token" (session first made it 403)
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "backend.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "backend.api.schema.AutoSchema",  # adds our error responses to every operation
    "EXCEPTION_HANDLER": "backend.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "backend.api.throttling.UserRateThrottle",  # signed-in clients; anonymous ones are counted once, by "anon"
    ],  # counted in CACHES["default"], shared by all processes
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "600/minute", "auth": "10/minute"},
}
# Limits shared by every process (login lockout, API throttles; backend/accounts/limits.py): Redis when
# REDIS_URL is set (docker compose), else the database cache, whose table `migrate` creates (accounts 0002).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            # Django's DatabaseCache with one-statement writes, counting the table every CULL_EVERY-th write
            "BACKEND": "backend.accounts.cache.LimitsDatabaseCache",
            "LOCATION": "django_cache",
            # the default (300 entries, a third culled) would drop live lock counters under load
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10, "CULL_EVERY": 100},
        }
    }
# Proxies in front of the app (compose: nginx = 1). Clients are counted by X-Forwarded-For only then; with 0 a
# client's own X-Forwarded-For is ignored (it can be forged) and REMOTE_ADDR counts.
REST_FRAMEWORK["NUM_PROXIES"] = env.int("DJANGO_NUM_PROXIES", default=0)
# The admin login has its own form with the same limits as the login page (backend/accounts/admin.py).

SPECTACULAR_SETTINGS = {
    "TITLE": "Dortmund at Work API",
    "DESCRIPTION": "Praktika und Ausbildungsplätze in Dortmund: die JSON-API hinter den Seiten.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # the docs' JavaScript and CSS from our static files (drf-spectacular-sidecar), never from a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # distinct names for choice sets that share a field name ("role" of an account vs. a company membership)
    "ENUM_NAME_OVERRIDES": {
        "AccountRoleEnum": "backend.accounts.models.Role",
        "SignUpRoleEnum": [("parent", "Eltern")],
        "MemberRoleEnum": "companies.models.MemberRole",
        "PlacementStatusEnum": "companies.models.PlacementStatus",
        "EdtOfferStatusEnum": "entdeckertage.models.OfferStatus",  # Entdeckertage
        "EdtRunStatusEnum": "entdeckertage.models.RunStatus",
        "StatsColumnKindEnum": "monitoring.tables.COLUMN_KINDS",
        "PlacementKindEnum": "companies.models.PlacementKind",
    },
}

# Background work (django-tasks, the backport of Django 6's tasks): the database backend everywhere, run by
# `manage.py run_worker` (`make run` starts one, compose's `worker` service is one). Tests run tasks immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic work: backend/jobs/periodic.py enqueues each entry every `every` seconds (tasks must be idempotent).
PERIODIC_TASKS = {
    "mail.send_queued": {"task": "backend.mail.tasks.send_queued_email", "every": 60},
    "search.sync_index": {"task": "matching.tasks.sync_search_index", "every": 60},
    "search.check_index": {"task": "matching.tasks.check_search_index", "every": 3600},  # drift check + repair
    "clearing.deadlines": {"task": "clearing.tasks.run_deadlines", "every": 300},  # reminders, lapses, offers
    # Entdeckertage: the reminder the day before, "certificate ready" (both claim rows, so idempotent)
    "entdeckertage.reminders": {"task": "entdeckertage.tasks.send_day_reminders", "every": 3600},
    "entdeckertage.certificates": {"task": "entdeckertage.tasks.send_certificate_mails", "every": 3600},
    "monitoring.daily_snapshot": {"task": "monitoring.tasks.take_daily_snapshot", "every": 3600},
    "monitoring.figures": {"task": "monitoring.tasks.refresh_dashboard_figures", "every": 300},  # kept figures
}
# Monitoring: kept dashboard figures older than this (seconds) are counted again when asked (worker not running).
MONITORING_FIGURES_MAX_AGE = 1800
# The application market (issue 10; clearing/policy.py has the defaults and what each key means).
CLEARING = {
    "RESPONSE_DAYS": 7,
    "REMINDER_DAYS": (3, 6),
    "OFFER_DAYS": 3,
    "OPEN_CAP": 5,
    "MAX_OPEN_PER_SEAT": 3,
    "TEACHER_LEAD_DAYS": 28,
}

# Search and matching backends, chosen in one place (like CACHES). ELASTICSEARCH_URL switches ES on.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if ELASTICSEARCH_URL:
    SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "matching.search.backends.elasticsearch",
            "URL": ELASTICSEARCH_URL,
            "INDEX": env("ELASTICSEARCH_INDEX", default="placements"),
        }
    }
else:
    SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}

# The one definition of a match score (matching/scoring.py) reads its weights from here.
MATCHING = {
    "WEIGHTS": {"interest": 0.45, "distance": 0.30, "level": 0.15},  # the fit; scoring multiplies it by the chance
    "DISTANCE_SCALE_KM": 10.0,  # proximity is 0.5 at this distance (Gaussian decay, as ES gauss)
    "AVAILABILITY_ALPHA": 0.5,  # only for the simulation's "today's policy" (the former additive term)
    "CHANCE_FLOOR": 0.5,  # score = fit · (floor + (1 − floor) · chance of the seat), see matching/scoring.py
    "OFF_INTEREST": 0.5,  # the fit counts this much for a placement in none of the student's Berufsfelder
    "DEFAULT_RADIUS_KM": 25,
    "LEVEL_STEP": 0.2,  # level_fit loses this much per qualification level the student is above the requirement
    "REQUIRE_VERIFIED_COMPANY": True,  # companies' rule: unverified companies are hidden (minors)
}
# Map tiles for the matches map (progressive enhancement; the list works without). Empty: markers only.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        # run_worker starts a batch every 2 s; its "Starting worker"/"No more tasks" lines drowned `make run`'s
        # console. Task failures are logged at ERROR and still show.
        "django_tasks_db": {"level": "WARNING"},
    },
}
