"""The account API as a client app would use it, including bad input: every error is German,
field-level, in the one error format, and never a 500."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import EmailVerification, Role, User
from tests.accounts.conftest import code_from_outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sicheres-Passwort-123"  # the factories' password
STRONG = "Lindenhorst-Zeche-2026"


def assert_error(response, status, field=None, fragment=""):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if field:
        messages = error["fields"][field]
        assert any(fragment in m for m in messages), messages
    return error


def signup(api_client, **data):
    payload = {"email": "eltern@example.org", "password": STRONG, "first_name": "Eva", "last_name": "Muster"}
    payload.update(data)
    return api_client.post(reverse("accounts-api:signup"), payload, format="json")


# --- token and me ---------------------------------------------------------------------------------
def test_token_login_then_me(api_client):
    user = UserFactory(email="lena@example.org", role=Role.TEACHER)
    response = api_client.post(
        reverse("accounts-api:token"), {"email": "LENA@example.org ", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["user"]["email"] == "lena@example.org"

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get(reverse("accounts-api:me")).json()
    assert me == {
        "id": user.pk,
        "email": "lena@example.org",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "role": "teacher",
        "email_verified": True,
    }

    assert api_client.delete(reverse("accounts-api:token")).status_code == 204
    assert api_client.get(reverse("accounts-api:me")).status_code in (401, 403)


def test_token_with_wrong_password_says_what_to_do(api_client):
    UserFactory(email="lena@example.org")
    response = api_client.post(
        reverse("accounts-api:token"), {"email": "lena@example.org", "password": "falsch"}, format="json"
    )
    error = assert_error(response, 400, "non_field_errors", "Passwort zurück")
    assert error["message"].startswith("E-Mail-Adresse oder Passwort stimmen nicht")


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "email"),
        ({"email": "lena@example.org"}, "password"),
        ({"email": ["lena@example.org"], "password": PASSWORD}, "email"),
        ({"email": {"a": 1}, "password": {"b": 2}}, "password"),
        ({"email": None, "password": PASSWORD}, "email"),
        ({"email": "x" * 10_000, "password": "y" * 10_000}, "non_field_errors"),
    ],
)
def test_token_bad_input_is_a_400_with_field_messages(api_client, payload, field):
    response = api_client.post(reverse("accounts-api:token"), payload, format="json")
    assert_error(response, 400, field)


def test_token_endpoint_rejects_non_json_garbage(api_client):
    response = api_client.post(reverse("accounts-api:token"), "{not json", content_type="application/json")
    assert_error(response, 400)


def test_me_needs_a_login(api_client):
    response = api_client.get(reverse("accounts-api:me"))
    assert_error(response, response.status_code)
    assert response.status_code in (401, 403)


# --- sign-up --------------------------------------------------------------------------------------
def test_signup_creates_an_unverified_parent_with_a_token_and_mails_a_code(api_client):
    response = signup(api_client, email="Eva.Muster@Example.org")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "eva.muster@example.org"
    assert body["user"]["role"] == "parent" and body["user"]["email_verified"] is False
    assert len(mail.outbox) == 1 and code_from_outbox() in mail.outbox[0].body


def test_signup_lists_the_role_endpoints(api_client):
    roles = {item["role"] for item in api_client.get(reverse("accounts-api:signup")).json()}
    assert {"student", "teacher", "company"} <= roles


def test_signup_duplicate_email_case_insensitive(api_client):
    UserFactory(email="eva@example.org")
    response = signup(api_client, email="EVA@Example.ORG")
    assert_error(response, 400, "email", "schon registriert. Melde dich an oder setze dein Passwort zurück.")


@pytest.mark.parametrize(
    "password, fragment", [("kurz", "zu kurz"), ("1234567890123", "nur aus Zahlen"), ("qwertzuiop", "zu geläufig")]
)
def test_signup_weak_password(api_client, password, fragment):
    assert_error(signup(api_client, password=password), 400, "password", fragment)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "data, field, fragment",
    [
        ({"first_name": "A" * 10_000}, "first_name", "höchstens 80 Zeichen"),
        ({"last_name": "B" * 300}, "last_name", "höchstens 80 Zeichen"),
        ({"email": "a" * 290 + "@example.org"}, "email", "höchstens 254 Zeichen"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"email": ""}, "email", "fülle dieses Feld aus"),
        ({"password": ""}, "password", "fülle dieses Feld aus"),
        ({"email": 12345}, "email", "gültige E-Mail-Adresse"),
        ({"email": ["a@example.org"]}, "email", "Text"),
        ({"first_name": {"x": 1}}, "first_name", "Text"),
        ({"role": "student"}, "role", "eigene Registrierung"),
        ({"role": "staff"}, "role", "eigene Registrierung"),
    ],
)
def test_signup_bad_input(api_client, data, field, fragment):
    assert_error(signup(api_client, **data), 400, field, fragment)
    assert not User.objects.exists()


def test_signup_missing_everything(api_client):
    error = assert_error(api_client.post(reverse("accounts-api:signup"), {}, format="json"), 400)
    assert set(error["fields"]) == {"email", "password"}
    assert error["message"] == "Bitte prüfe die markierten Angaben."


# --- verification ---------------------------------------------------------------------------------
def verified_client(api_client):
    token = signup(api_client).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api_client


def test_verify_with_the_mailed_code(api_client):
    client = verified_client(api_client)
    response = client.post(reverse("accounts-api:verify_email"), {"code": code_from_outbox()}, format="json")
    assert response.status_code == 200 and response.json()["email_verified"] is True


def test_verify_wrong_code_then_resend(api_client):
    client = verified_client(api_client)
    wrong = "000000" if code_from_outbox() != "000000" else "111111"
    response = client.post(reverse("accounts-api:verify_email"), {"code": wrong}, format="json")
    assert_error(response, 400, "code", "noch 4 Versuche")
    response = client.post(reverse("accounts-api:verify_email_resend"))
    assert response.status_code == 200 and "neuen Code" in response.json()["detail"]
    assert len(mail.outbox) == 2
    response = client.post(reverse("accounts-api:verify_email"), {"code": code_from_outbox()}, format="json")
    assert response.json()["email_verified"] is True


def test_verify_expired_code(api_client):
    client = verified_client(api_client)
    EmailVerification.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(reverse("accounts-api:verify_email"), {"code": code_from_outbox()}, format="json")
    assert_error(response, 400, "code", "abgelaufen. Fordere einen neuen Code an.")


@pytest.mark.parametrize("payload", [{}, {"code": ""}, {"code": "abc"}, {"code": ["123456"]}, {"code": "9" * 5000}])
def test_verify_bad_input(api_client, payload):
    client = verified_client(api_client)
    assert_error(client.post(reverse("accounts-api:verify_email"), payload, format="json"), 400, "code")


# --- password reset -------------------------------------------------------------------------------
def test_password_reset_round_trip_without_revealing_accounts(api_client):
    from rest_framework.authtoken.models import Token

    old_token = Token.objects.create(user=UserFactory(email="max@example.org"))
    unknown = api_client.post(reverse("accounts-api:password_reset"), {"email": "nobody@example.org"}, format="json")
    known = api_client.post(reverse("accounts-api:password_reset"), {"email": "max@example.org"}, format="json")
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert len(mail.outbox) == 1

    link = [w for w in mail.outbox[0].body.split() if "/passwort-neu/" in w][0]
    uid, token = link.rstrip("/").split("/")[-2:]
    url = reverse("accounts-api:password_reset_confirm")
    assert_error(
        api_client.post(url, {"uid": uid, "token": token, "password": "kurz"}, format="json"),
        400,
        "password",
        "zu kurz",
    )
    response = api_client.post(url, {"uid": uid, "token": token, "password": STRONG}, format="json")
    assert response.status_code == 200
    assert User.objects.get(email="max@example.org").check_password(STRONG)
    assert not Token.objects.filter(key=old_token.key).exists()  # tokens made with the old password stop working
    # the link works once
    assert_error(
        api_client.post(url, {"uid": uid, "token": token, "password": STRONG + "x"}, format="json"),
        400,
        "token",
        "neuen Link",
    )


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"uid": "!!", "token": "x", "password": STRONG},
        {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk", "token": "abc", "password": STRONG},
        {"uid": ["a"], "token": 5, "password": STRONG},
    ],
)
def test_password_reset_confirm_bad_input(api_client, payload):
    assert_error(api_client.post(reverse("accounts-api:password_reset_confirm"), payload, format="json"), 400)


# --- throttling -----------------------------------------------------------------------------------
def test_login_attempts_are_throttled_with_a_german_message(api_client):
    from django.conf import settings as dj_settings

    rest = {
        **dj_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
    }
    cache.clear()
    with override_settings(REST_FRAMEWORK=rest):
        url = reverse("accounts-api:token")
        for _ in range(10):
            assert api_client.post(url, {"email": "a@example.org", "password": "x"}, format="json").status_code == 400
        response = api_client.post(url, {"email": "a@example.org", "password": "x"}, format="json")
    cache.clear()
    error = assert_error(response, 429)
    assert error["code"] == "throttled"
    assert error["message"].startswith("Zu viele Versuche. Bitte warte")
    assert int(response["Retry-After"]) > 0


def test_me_patch_changes_names_only(api_client):
    user = UserFactory(email="lena@example.org")
    api_client.force_authenticate(user)
    response = api_client.patch(
        reverse("accounts-api:me"), {"first_name": " Lena ", "email": "x@example.org"}, format="json"
    )
    assert response.status_code == 200 and response.json()["first_name"] == "Lena"
    assert response.json()["email"] == "lena@example.org"
    assert_error(
        api_client.patch(reverse("accounts-api:me"), {"last_name": "L" * 10_000}, format="json"),
        400,
        "last_name",
        "höchstens 80 Zeichen",
    )
    assert_error(
        api_client.patch(reverse("accounts-api:me"), {"first_name": ["x"]}, format="json"), 400, "first_name", "Text"
    )
