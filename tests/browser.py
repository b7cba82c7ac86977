"""Helpers for browser tests (see the `browser_page` fixture in tests/conftest.py)."""

from django.conf import settings
from django.test import Client


def goto(page, live_server, path: str):
    """Open `path` (e.g. "/" or reverse(...)) on the live server; fails on an HTTP error status."""
    response = page.goto(live_server.url + path)
    assert response is not None, f"no response for {path}"
    assert response.ok, f"GET {path} returned HTTP {response.status}"
    return response


def login(page, live_server, user) -> None:
    """Log the browser in as `user` without going through the login form: a session made by Django's test
    client, its cookie copied into the page's browser context."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True, "sameSite": "Lax"}]
    )
