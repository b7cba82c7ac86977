"""The production Content-Security-Policy lets our pages work: the matches map (Leaflet from our static files,
our JavaScript) and the API docs (Swagger UI and Redoc from drf-spectacular-sidecar, no CDN, no inline script).
In a real browser with the policy enforced, no violation is reported and nothing is fetched from another host."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from backend.csp import policy
from tests.browser import goto, login
from tests.factories import StudentProfileFactory

ROOT = Path(__file__).resolve().parents[2]
CSP = policy(map_tile_url="")
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_production_settings_send_a_policy_with_our_tile_host():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MAP_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "script-src 'self';" in out and "frame-ancestors 'none'" in out
    assert "img-src 'self' data: blob: https://*.tiles.example.org" in out


@pytest.mark.django_db
def test_the_api_docs_load_their_assets_from_our_static_files(client):
    for name in ("api-docs", "api-redoc"):
        html = client.get(reverse(name)).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html, name
        assert "cdn.jsdelivr" not in html and "fonts.googleapis" not in html, name
        assert "<script>" not in html, name  # no inline script


@pytest.mark.django_db
@override_settings(CONTENT_SECURITY_POLICY=CSP)
def test_pages_carry_the_policy_when_it_is_set(client):
    assert client.get("/")["Content-Security-Policy"] == CSP


@pytest.fixture
def strict_page(_chromium, live_server):
    """A browser page that enforces the policy (the shared fixture bypasses it for axe-core)."""
    context = _chromium.new_context(base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(90_000)  # the docs wait for /api/schema/ (16 s on our loaded 2-core machine)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    foreign = []
    local = (live_server.url, "data:", "blob:")
    # requests that reached another host (one the policy blocks fails and is not counted)
    page.on("requestfinished", lambda r: None if r.url.startswith(local) else foreign.append(r.url))
    page.foreign_requests = foreign
    yield page
    context.close()


@pytest.mark.browser
@override_settings(CONTENT_SECURITY_POLICY=CSP, MAP_TILE_URL="")
def test_the_matches_map_works_under_the_policy(strict_page, live_server, make_placement, settings):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    from matching.search import reset_backends

    reset_backends()
    student = StudentProfileFactory(interests={"ITC": 5})
    for i in range(3):
        make_placement(km_north=i * 0.5, berufsfelder=("ITC",), title=f"Praktikum {i}")
    login(strict_page, live_server, student.user)
    response = goto(strict_page, live_server, reverse("matching:my_matches"))
    assert response.headers["content-security-policy"] == CSP
    strict_page.wait_for_selector("#mt-map .leaflet-marker-icon")
    strict_page.wait_for_function(
        "[...document.querySelectorAll('#mt-map img.leaflet-marker-icon')].every(i => i.complete && i.naturalWidth)"
    )
    assert strict_page.evaluate("window.__csp") == []
    assert strict_page.foreign_requests == []
    reset_backends()


@pytest.mark.browser
@override_settings(CONTENT_SECURITY_POLICY=CSP)
def test_swagger_and_redoc_work_under_the_policy(strict_page, live_server):
    goto(strict_page, live_server, reverse("api-docs"))
    strict_page.wait_for_selector(".swagger-ui .info .title")
    assert "Dortmund at Work API" in strict_page.locator(".swagger-ui .info .title").inner_text()
    strict_page.wait_for_selector(".opblock")
    assert strict_page.evaluate("window.__csp") == []
    goto(strict_page, live_server, reverse("api-redoc"))
    strict_page.wait_for_selector("h1")
    assert "Dortmund at Work API" in strict_page.locator("h1").first.inner_text()
    # Redoc's bundle shows a "powered by" logo from its CDN: the policy blocks it, the docs work without it
    blocked = strict_page.evaluate("window.__csp")
    assert all(v.startswith("img-src https://cdn.redoc.ly/") for v in blocked), blocked
    assert strict_page.foreign_requests == []
