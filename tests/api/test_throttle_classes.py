"""The default throttles: an anonymous API call is counted once (scope "anon"), a signed-in one by "user"."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from backend.api.throttling import UserRateThrottle
from backend.settings import base
from tests.factories import UserFactory


def _request(user):
    request = Request(APIRequestFactory().get("/api/v1/placements/", REMOTE_ADDR="198.51.100.7"))
    request.user = user
    return request


def test_production_counts_with_these_classes_and_anon_is_the_stricter_rate():
    classes = base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert classes == ["rest_framework.throttling.AnonRateThrottle", "backend.api.throttling.UserRateThrottle"]
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    per_minute = {k: int(v.split("/")[0]) for k, v in rates.items() if v.endswith("/minute")}
    assert per_minute["anon"] <= per_minute["user"]  # why "user" may leave anonymous clients to "anon"


def test_anonymous_call_is_counted_by_anon_only(db):
    cache.clear()
    anonymous = _request(AnonymousUser())
    assert UserRateThrottle().allow_request(anonymous, None)
    assert AnonRateThrottle().allow_request(anonymous, None)
    assert cache.get("throttle_user_198.51.100.7") is None
    assert len(cache.get("throttle_anon_198.51.100.7")) == 1


def test_signed_in_call_is_counted_by_user(db):
    cache.clear()
    user = UserFactory()
    signed_in = _request(user)
    assert UserRateThrottle().allow_request(signed_in, None)
    assert AnonRateThrottle().allow_request(signed_in, None)
    assert len(cache.get(f"throttle_user_{user.pk}")) == 1
    assert cache.get("throttle_anon_198.51.100.7") is None
