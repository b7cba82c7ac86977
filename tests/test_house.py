"""The house: test tooling (service markers, forbidden skips), docker compose, production settings."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# --- test tooling -------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", [1, 2])
def test_reference_data_survives_transactional_tests(round_):
    # round 2 runs after round 1's flush, which empties every table
    from backend.reference.models import Berufsfeld, Occupation, PostalCode

    assert Berufsfeld.objects.count() == 16
    assert Occupation.objects.filter(berufsfelder__isnull=False).exists()
    assert PostalCode.objects.filter(code="44135").exists()


def _run_probe(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/forbid_skips_probe.py", *args],
        cwd=ROOT, env={**os.environ, "DAW_FORBID_SKIPS": "", **env}, capture_output=True, text=True, timeout=120,
    )


def test_newcomer_run_skips_service_tests_with_the_setting_to_make():
    result = _run_probe(ELASTICSEARCH_URL="", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 3 skipped" in result.stdout
    # the reasons are visible in the summary (-ra)
    assert "probe: service not configured" in result.stdout
    assert "[elasticsearch] needs Elasticsearch: set ELASTICSEARCH_URL" in result.stdout
    assert "[postgres] needs PostgreSQL: set DATABASE_URL=postgres://" in result.stdout


def test_forbid_skips_fails_the_run_and_lists_every_skip_with_its_reason():
    result = _run_probe(ELASTICSEARCH_URL="http://127.0.0.1:9", DAW_FORBID_SKIPS="1")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "DAW_FORBID_SKIPS=1: skipped tests fail this run" in result.stdout
    assert "SKIPPED tests/forbid_skips_probe.py::test_skips: probe: service not configured" in result.stdout
    assert (
        "SKIPPED tests/forbid_skips_probe.py::test_needs_elasticsearch: [elasticsearch] needs Elasticsearch: "
        "ELASTICSEARCH_URL=http://127.0.0.1:9 is not reachable"
    ) in result.stdout
