"""HTML and JSON go out compressed to anonymous visitors, never to signed-in users (BREACH, frontend/compression.py)."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import StudentProfileFactory

pytestmark = [pytest.mark.django_db]


def test_anonymous_pages_and_api_are_gzipped(client):
    for url in (reverse("frontend:home"), reverse("matching:search"), "/api/v1/reference/berufsfelder/"):
        r = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert r.status_code == 200, url
        assert r["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in r["Vary"]
        body = gzip.decompress(r.content)
        assert len(r.content) < len(body) / 2, url


def test_signed_in_users_get_no_compression(client, api_client):
    student = StudentProfileFactory()
    client.force_login(student.user)
    for url in (reverse("matching:my_matches"), reverse("matching:search"), "/api/v1/matches/"):
        r = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert r.status_code == 200, url
        assert not r.has_header("Content-Encoding"), url
    api_client.force_authenticate(student.user)
    r = api_client.get("/api/v1/matches/", HTTP_ACCEPT_ENCODING="gzip")
    assert r.status_code == 200 and not r.has_header("Content-Encoding")
