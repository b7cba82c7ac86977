"""How the login limits are keyed: per account and client (a school's shared address must not lock out its
pupils), clients counted by X-Forwarded-For only when proxies are configured, the admin login under the same
limits. The cross-process part: test_shared_limits.py."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from backend.accounts.models import Role
from backend.accounts.services import LOGIN_MAX_FAILURES, TOO_MANY_LOGINS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Sicheres-Passwort-123"
SCHOOL_NAT = "192.0.2.10"


def login(client, email, password, ip=SCHOOL_NAT, **headers):
    response = client.post(
        reverse("accounts:login"), {"email": email, "password": password}, REMOTE_ADDR=ip, headers=headers
    )
    return response, "_auth_user_id" in client.session


def test_ten_wrong_logins_from_a_school_address_do_not_lock_out_the_other_pupils(client):
    pupil, victim = UserFactory(email="pupil@example.org"), UserFactory(email="classmate@example.org")
    for i in range(LOGIN_MAX_FAILURES):
        login(client, victim.email, f"falsch-{i}")
    response, logged_in = login(client, victim.email, PASSWORD)
    assert not logged_in and str(TOO_MANY_LOGINS) in response.content.decode()
    # The classmate behind the same address logs in ...
    _response, logged_in = login(client, pupil.email, PASSWORD)
    assert logged_in
    client.logout()
    # ... and so does the locked pupil from home.
    _response, logged_in = login(client, victim.email, PASSWORD, ip="198.51.100.7")
    assert logged_in


def test_one_client_guessing_many_accounts_hits_the_client_ceiling(client):
    from backend.accounts.limits import LOGIN_MAX_FAILURES_PER_CLIENT, TOO_MANY_FROM_CLIENT

    user = UserFactory(email="ziel@example.org")
    for i in range(LOGIN_MAX_FAILURES_PER_CLIENT):
        login(client, f"nobody{i}@example.org", "falsch", ip="203.0.113.5")
    response, logged_in = login(client, user.email, PASSWORD, ip="203.0.113.5")
    assert not logged_in and str(TOO_MANY_FROM_CLIENT) in response.content.decode()
    _response, logged_in = login(client, user.email, PASSWORD, ip="203.0.113.6")
    assert logged_in


def test_a_forged_x_forwarded_for_does_not_escape_the_throttle_without_configured_proxies(api_client):
    rest = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    }
    assert not settings.REST_FRAMEWORK.get("NUM_PROXIES")  # the default: no proxies trusted
    with override_settings(REST_FRAMEWORK=rest):
        statuses = [
            api_client.post(
                reverse("accounts-api:token"),
                {"email": f"x{i}@example.org", "password": "x"},
                format="json",
                REMOTE_ADDR="203.0.113.9",
                HTTP_X_FORWARDED_FOR=f"10.0.{i}.1",
            ).status_code
            for i in range(11)
        ]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_a_forged_x_forwarded_for_does_not_escape_the_login_lock(client):
    user = UserFactory(email="lock@example.org")
    for i in range(LOGIN_MAX_FAILURES):
        login(client, user.email, "falsch", ip="203.0.113.9", x_forwarded_for=f"10.1.{i}.1")
    response, logged_in = login(client, user.email, PASSWORD, ip="203.0.113.9", x_forwarded_for="10.2.0.1")
    assert not logged_in and str(TOO_MANY_LOGINS) in response.content.decode()


def test_with_one_configured_proxy_the_address_it_saw_is_the_client(client):
    """Behind nginx (DJANGO_NUM_PROXIES=1) every request comes from the proxy; the pupils differ by the last hop."""
    user = UserFactory(email="proxy@example.org")
    rest = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    with override_settings(REST_FRAMEWORK=rest):
        for _ in range(LOGIN_MAX_FAILURES):
            login(client, user.email, "falsch", ip="172.18.0.2", x_forwarded_for="1.2.3.4, 198.51.100.20")
        _r, logged_in = login(client, user.email, PASSWORD, ip="172.18.0.2", x_forwarded_for="198.51.100.21")
        assert logged_in  # another client behind the same proxy
        client.logout()
        response, logged_in = login(client, user.email, PASSWORD, ip="172.18.0.2", x_forwarded_for="198.51.100.20")
        assert not logged_in and str(TOO_MANY_LOGINS) in response.content.decode()


def admin_login(client, email, password, ip=SCHOOL_NAT):
    response = client.post(
        reverse("admin:login"), {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )
    return response, "_auth_user_id" in client.session


def test_the_admin_login_is_under_the_same_limit(client):
    staff = UserFactory(email="amt@example.org", role=Role.STAFF, is_staff=True)
    for i in range(LOGIN_MAX_FAILURES):
        _response, logged_in = admin_login(client, staff.email, f"falsch-{i}")
        assert not logged_in
    response, logged_in = admin_login(client, staff.email, PASSWORD)
    assert not logged_in
    assert str(TOO_MANY_LOGINS) in response.content.decode()
    # the site's login page counts the same failures
    _response, logged_in = login(client, staff.email, PASSWORD)
    assert not logged_in


def test_the_admin_login_still_works_and_counts_failures_with_the_site_login(client):
    staff = UserFactory(email="amt2@example.org", role=Role.STAFF, is_staff=True)
    for i in range(LOGIN_MAX_FAILURES - 1):
        login(client, staff.email, f"falsch-{i}")
    _response, logged_in = admin_login(client, staff.email, PASSWORD)
    assert logged_in
