"""The house: test tooling (service markers, forbidden skips), docker compose, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- test tooling -------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("flush_rounds")  # round 2 on the worker whose database round 1 flushed
@pytest.mark.parametrize("round_", [1, 2])
def test_reference_data_survives_transactional_tests(round_):
    # round 2 runs after round 1's flush, which empties every table
    from backend.reference.models import Berufsfeld, Occupation, PostalCode

    assert Berufsfeld.objects.count() == 16
    assert Occupation.objects.filter(berufsfelder__isnull=False).exists()
    assert PostalCode.objects.filter(code="44135").exists()


# Plugins the probe file does not use: each costs every probe process ~0.5 s of CPU at start (issue 8).
UNUSED_PLUGINS = ["-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:anyio", "-p", "no:faker"]


def _run_probe(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *UNUSED_PLUGINS,
            "tests/forbid_skips_probe.py",
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, "DAW_FORBID_SKIPS": "", **env},
        capture_output=True,
        text=True,
        timeout=600,  # against a hang only: on a shared, loaded machine a probe run with -n 2 took minutes
    )


# `make test` runs the suite with pytest-xdist (-n auto): the reports come from worker processes, so the tooling
# is checked both ways.
XDIST = pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])


@XDIST
def test_newcomer_run_skips_service_tests_with_the_setting_to_make(workers):
    result = _run_probe(*workers, ELASTICSEARCH_URL="", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 3 skipped" in result.stdout  # .ci/run reads this summary line
    # the reasons are visible in the summary (-ra)
    assert "probe: service not configured" in result.stdout
    assert "[elasticsearch] needs Elasticsearch: set ELASTICSEARCH_URL" in result.stdout
    assert "[postgres] needs PostgreSQL: set DATABASE_URL=postgres://" in result.stdout


@XDIST
def test_forbid_skips_fails_the_run_and_lists_every_skip_with_its_reason(workers):
    result = _run_probe(*workers, ELASTICSEARCH_URL="http://127.0.0.1:9", DAW_FORBID_SKIPS="1")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "DAW_FORBID_SKIPS=1: skipped tests fail this run" in result.stdout
    assert "SKIPPED tests/forbid_skips_probe.py::test_skips: probe: service not configured" in result.stdout
    assert (
        "SKIPPED tests/forbid_skips_probe.py::test_needs_elasticsearch: [elasticsearch] needs Elasticsearch: "
        "ELASTICSEARCH_URL=http://127.0.0.1:9 is not reachable"
    ) in result.stdout


# --- docker compose ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_the_app_needs(compose):
    services = compose["services"]
    assert set(services) >= {"proxy", "web", "db", "elasticsearch", "mail"}
    assert services["web"]["build"] == "."
    assert services["db"]["image"] == "postgres:16"
    assert services["elasticsearch"]["image"] == "docker.elastic.co/elasticsearch/elasticsearch:8.19.7"
    assert services["mail"]["image"].startswith("axllent/mailpit")


def test_web_waits_for_healthy_database_and_search(compose):
    services = compose["services"]
    depends = services["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["elasticsearch"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "_cluster/health" in " ".join(services["elasticsearch"]["healthcheck"]["test"])


def test_web_environment_points_at_the_other_services(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "backend.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (env["EMAIL_HOST"], str(env["EMAIL_PORT"])) == ("mail", "1025")
    assert "CHANGE-ME" in env["DJANGO_SECRET_KEY"]  # a placeholder that says so, never a real-looking secret
    assert env["DJANGO_ALLOWED_HOSTS"] and env["DJANGO_SECURE_SSL_REDIRECT"].startswith("${")


def test_elasticsearch_runs_single_node_without_security_and_with_a_small_heap(compose):
    env = compose["services"]["elasticsearch"]["environment"]
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert "-Xmx512m" in env["ES_JAVA_OPTS"]


def test_uploads_and_database_live_in_volumes(compose):
    assert "media:/app/media" in compose["services"]["web"]["volumes"]
    assert compose["services"]["web"]["environment"]["MEDIA_ROOT"] == "/app/media"
    assert any(v.startswith("pgdata:/var/lib/postgresql/data") for v in compose["services"]["db"]["volumes"])
    assert {"media", "pgdata"} <= set(compose["volumes"])


def test_proxy_serves_public_images_but_never_uploaded_cvs(compose):
    assert compose["services"]["proxy"]["ports"] == ["8000:80"]
    assert "media:/srv/media:ro" in compose["services"]["proxy"]["volumes"]
    nginx = compose["configs"]["nginx"]["content"]
    assert "location /media/logos/  { alias /srv/media/logos/;" in nginx
    assert "location /media/photos/ { alias /srv/media/photos/;" in nginx
    assert "location /media/ { return 404; }" in nginx  # media/cvs/ holds students' CVs
    assert "proxy_pass http://web:8000;" in nginx
    assert "$$http_host" in nginx  # $$: a literal $ for nginx, not a compose variable


def test_dockerfile_builds_static_files_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("FROM python:3.11-slim") == 1
    assert "pip install ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "exec gunicorn backend.wsgi" in dockerfile
    assert 'if [ "${DEMO_DATA:-0}" = 1 ]; then' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "node_modules", "db.sqlite3", "media", ".env"} <= set(ignored)


def test_collectstatic_for_the_image_succeeds(settings, tmp_path):
    # what the Dockerfile runs: the manifest storage fails on any missing file a CSS/JS file refers to
    # (url(...), sourceMappingURL), which would break the image build
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").is_file()
    assert list(tmp_path.glob("frontend/site.*.css.gz"))


# --- production settings -------------------------------------------------------------------------------------------


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "ANYMAIL_", "EMAIL_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "backend.settings.production",
    "DJANGO_SECRET_KEY": "k3Jx9-vQ2_pLmN8rT5wYz1aB4cD7eF0gH6iJ9kL2mN5pQ8rS1tU4vW7xY0zA3bC6dE9",
    "DJANGO_ALLOWED_HOSTS": "dortmund-at-work.example",
    "DATABASE_URL": "postgres://daw:secret@db.example:5432/daw",
    "ANYMAIL_PROVIDER": "postmark",
    "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-token",
}


def test_production_settings_pass_djangos_deployment_security_checks():
    result = _manage("check", "--deploy", "--tag", "security", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reports_nothing_at_all():
    # includes drf-spectacular's deploy check: every API view must describe itself in the OpenAPI schema
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_the_development_secret_key():
    result = _manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be a random string of at least 50 characters" in result.stderr


def test_cvs_have_their_own_volume_that_the_public_proxy_never_sees(compose):
    web = compose["services"]["web"]
    assert web["environment"]["PRIVATE_MEDIA_ROOT"] == "/app/private_media"
    assert "private_media:/app/private_media" in web["volumes"]
    assert not any("private_media" in v for v in compose["services"]["proxy"]["volumes"])


def test_a_worker_retries_mail_and_index_sync_with_the_web_settings(compose, settings):
    worker = compose["services"]["worker"]
    assert worker["image"] == compose["services"]["web"]["image"]
    assert worker["environment"] == compose["services"]["web"]["environment"]  # one YAML anchor
    assert " ".join(worker["command"]) == "python manage.py run_worker"  # queued + periodic tasks (backend/jobs)
    periodic = {entry["task"] for entry in settings.PERIODIC_TASKS.values()}
    assert {"backend.mail.tasks.send_queued_email", "matching.tasks.sync_search_index"} <= periodic
