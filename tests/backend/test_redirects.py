import pytest
from django.test import RequestFactory

from backend.redirects import redirect_next, safe_next_url

rf = RequestFactory()


@pytest.mark.parametrize(
    "nxt, expected",
    [
        ("/merkliste/", "/merkliste/"),
        ("abc", "/start/"),  # a view name is not a URL: never reversed (was a 500)
        ("https://evil.example/", "/start/"),  # another host
        ("//evil.example/x", "/start/"),  # scheme-relative: another host
        ("", "/start/"),
    ],
)
def test_only_local_paths_are_followed(nxt, expected):
    assert safe_next_url(rf.post("/", {"next": nxt}), "/start/") == expected
    assert redirect_next(rf.get("/", {"next": nxt}), "/start/").url == expected
