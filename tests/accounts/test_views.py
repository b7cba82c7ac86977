import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import EmailVerification, Role, User
from backend.accounts.services import user_register
from tests.accounts.conftest import code_from_outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Sicheres-Passwort-123"


def field_error_is_linked(html, field):
    """The error message of `field` is tied to its input (aria-describedby + aria-invalid)."""
    return (
        f'id="id_{field}_error"' in html
        and 'aria-describedby="' in html
        and f'{field}_error"' in html
        and 'aria-invalid="true"' in html
    )


# --- login / logout -------------------------------------------------------------------------------
def test_login_with_email_and_password_goes_to_the_dashboard(client):
    UserFactory(email="lena@example.org", role=Role.TEACHER)
    response = client.post(reverse("accounts:login"), {"email": "Lena@Example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("frontend:dashboard")
    assert client.get(reverse("frontend:home")).context["user"].email == "lena@example.org"


def test_login_follows_a_safe_next_but_not_an_external_one(client):
    UserFactory(email="lena@example.org")
    response = client.post(
        reverse("accounts:login") + "?next=/impressum/",
        {"email": "lena@example.org", "password": PASSWORD, "next": "/impressum/"},
    )
    assert response.url == "/impressum/"
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"email": "lena@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == reverse("frontend:dashboard")


@pytest.mark.parametrize("nxt", ["abc", "frontend:home", "//evil.example/", "https://evil.example/"])
def test_login_with_a_next_that_is_no_local_path_goes_to_the_dashboard(client, nxt):
    UserFactory(email="lena@example.org")
    response = client.post(
        reverse("accounts:login") + f"?next={nxt}", {"email": "lena@example.org", "password": PASSWORD, "next": nxt}
    )
    assert response.status_code == 302 and response.url == reverse("frontend:dashboard")


def test_verify_page_with_a_bad_next_goes_to_the_dashboard(client):
    UserFactory(email="lena@example.org")
    client.login(email="lena@example.org", password=PASSWORD)
    response = client.get(reverse("accounts:verify_email") + "?next=abc")
    assert response.status_code == 302 and response.url == reverse("frontend:dashboard")


def test_wrong_password_shows_a_german_message_and_no_login(client):
    UserFactory(email="lena@example.org")
    response = client.post(reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in html and 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_ten_wrong_passwords_lock_the_email_even_for_the_right_one(client):
    """Keyed per account and client (a school's shared address must not lock out the other pupils):
    tests/accounts/test_limits.py has the other clients' side."""
    UserFactory(email="lena@example.org")
    UserFactory(email="tom@example.org")
    for _ in range(10):
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"}, REMOTE_ADDR="10.0.0.1"
        )
    response = client.post(
        reverse("accounts:login"), {"email": "Lena@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert "Zu viele Versuche. Bitte warte 15 Minuten" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another email from the same client is not affected
    response = client.post(
        reverse("accounts:login"), {"email": "tom@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_a_successful_login_resets_the_count_for_the_email(client):
    UserFactory(email="lena@example.org")
    for _ in range(9):
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"}, REMOTE_ADDR="10.0.1.1"
        )
    assert (
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.1.2"
        ).status_code
        == 302
    )
    client.logout()
    for _ in range(9):
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"}, REMOTE_ADDR="10.0.1.3"
        )
    assert (
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.1.4"
        ).status_code
        == 302
    )


def test_password_reset_lifts_the_lock(client):
    UserFactory(email="lena@example.org")
    for _ in range(10):
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"}, REMOTE_ADDR="10.0.2.1"
        )
    client.post(reverse("accounts:password_reset"), {"email": "lena@example.org"})
    link = [w for w in mail.outbox[-1].body.split() if "/passwort-neu/" in w][0]
    set_url = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Neues-Passwort-Dortmund", "new_password2": "Neues-Passwort-Dortmund"})
    assert (
        client.post(
            reverse("accounts:login"),
            {"email": "lena@example.org", "password": "Neues-Passwort-Dortmund"},
            REMOTE_ADDR="10.0.2.2",
        ).status_code
        == 302
    )


def test_token_api_shares_the_login_limit(client, api_client):
    UserFactory(email="lena@example.org")
    for _ in range(10):
        client.post(
            reverse("accounts:login"), {"email": "lena@example.org", "password": "falsch"}, REMOTE_ADDR="10.0.3.1"
        )
    response = api_client.post(
        reverse("accounts-api:token"),
        {"email": "lena@example.org", "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.3.1",
    )
    assert response.status_code == 400
    assert "Zu viele Versuche" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "data, field, text",
    [
        ({}, "email", "Bitte fülle dieses Feld aus."),
        ({"email": "lena@example.org"}, "password", "Bitte fülle dieses Feld aus."),
        ({"email": "kein-at", "password": "x"}, "email", "gültige E-Mail-Adresse"),
        ({"email": "a" * 300 + "@example.org", "password": "x"}, "email", "höchstens 254 Zeichen"),
        ({"email": "lena@example.org", "password": "x" * 10_000}, "password", "höchstens 128 Zeichen"),
    ],
)
def test_login_bad_input_is_explained_at_the_field(client, data, field, text):
    response = client.post(reverse("accounts:login"), data)
    html = response.content.decode()
    assert response.status_code == 200 and text in html
    assert field_error_is_linked(html, field)


def test_unverified_user_is_sent_to_the_verification_page(client):
    UserFactory(email="neu@example.org", email_verified_at=None)
    response = client.post(reverse("accounts:login"), {"email": "neu@example.org", "password": PASSWORD})
    assert response.url.startswith(reverse("accounts:verify_email"))


def test_logout_needs_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("frontend:home")
    assert "_auth_user_id" not in client.session


# --- email verification ---------------------------------------------------------------------------
@pytest.fixture
def new_user(client):
    user = user_register(email="neu@example.org", password="Lindenhorst-Zeche-2026", role=Role.PARENT)
    client.force_login(user)
    return user


def test_verify_page_accepts_the_mailed_code_and_continues(client, new_user):
    url = reverse("accounts:verify_email")
    assert "neu@example.org" in client.get(url).content.decode()
    response = client.post(url, {"code": code_from_outbox(), "next": "/impressum/"})
    assert response.url == "/impressum/"
    new_user.refresh_from_db()
    assert new_user.is_email_verified
    assert client.get(url).status_code == 302  # nothing left to do


def test_verify_page_wrong_and_malformed_codes(client, new_user):
    url = reverse("accounts:verify_email")
    wrong = "000000" if code_from_outbox() != "000000" else "111111"
    html = client.post(url, {"code": wrong}).content.decode()
    assert "Der Code ist falsch" in html and "noch 4 Versuche" in html and field_error_is_linked(html, "code")
    html = client.post(url, {"code": ""}).content.decode()
    assert "6-stelligen Code" in html
    html = client.post(url, {"code": "9" * 5000}).content.decode()
    assert "höchstens 20 Zeichen" in html or "6-stelligen Code" in html


def test_verify_page_expired_code_and_resend(client, new_user):
    url = reverse("accounts:verify_email")
    old = code_from_outbox()
    EmailVerification.objects.update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert "abgelaufen" in client.post(url, {"code": old}).content.decode()
    response = client.post(url, {"action": "resend"}, follow=True)
    assert "neuen Code" in response.content.decode()
    assert len(mail.outbox) == 2
    client.post(url, {"code": code_from_outbox()})
    new_user.refresh_from_db()
    assert new_user.is_email_verified


def test_verify_page_needs_a_login(client):
    response = client.get(reverse("accounts:verify_email"))
    assert response.url.startswith(reverse("accounts:login"))


# --- password reset and change --------------------------------------------------------------------
def test_password_reset_flow_with_german_pages(client):
    UserFactory(email="max@example.org")
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Passwort vergessen" in page
    response = client.post(reverse("accounts:password_reset"), {"email": "MAX@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    link = [w for w in mail.outbox[0].body.split() if "/passwort-neu/" in w][0]
    path = link.replace("http://127.0.0.1:8000", "")
    response = client.get(path, follow=True)  # Django swaps the token into the session, then shows the form
    html = response.content.decode()
    assert "Neues Passwort wählen" in html
    set_url = response.redirect_chain[-1][0]
    html = client.post(set_url, {"new_password1": "kurz", "new_password2": "kurz"}).content.decode()
    assert "zu kurz" in html  # Django's own German validator message
    response = client.post(
        set_url, {"new_password1": "Neues-Passwort-Dortmund", "new_password2": "Neues-Passwort-Dortmund"}
    )
    assert response.url == reverse("accounts:password_reset_complete")
    assert User.objects.get(email="max@example.org").check_password("Neues-Passwort-Dortmund")


def test_password_reset_does_not_reveal_accounts(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.url == reverse("accounts:password_reset_done") and mail.outbox == []
    html = client.post(reverse("accounts:password_reset"), {"email": "x" * 400}).content.decode()
    assert "höchstens 254 Zeichen" in html or "gültige E-Mail-Adresse" in html


def test_invalid_reset_link_explains_what_to_do(client):
    html = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "falsch"])).content.decode()
    assert "ungültig oder schon benutzt" in html


def test_password_change_revokes_api_tokens(client):
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    Token.objects.create(user=user)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Neues-Passwort-Dortmund",
            "new_password2": "Neues-Passwort-Dortmund",
        },
    )
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-Dortmund")
    assert not Token.objects.filter(user=user).exists()


# --- sign-up chooser ------------------------------------------------------------------------------
def test_signup_chooser_lists_existing_role_signups(client):
    html = client.get(reverse("accounts:signup")).content.decode()
    for name in ("seekers:signup_student", "companies:signup", "seekers:signup_teacher", "seekers:signup_parent"):
        assert f'href="{reverse(name)}"' in html


def test_signup_chooser_skips_signups_not_built_yet(client, monkeypatch):
    from backend.accounts import views

    monkeypatch.setattr(views, "SIGNUP_CHOICES", [("nowhere:signup", "Niemand", "…")] + views.SIGNUP_CHOICES[:1])
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200 and "Niemand" not in response.content.decode()


def test_resend_limit_is_shown_as_a_message(client, new_user):
    from backend.accounts.services import VERIFICATION_SENDS_PER_HOUR

    url = reverse("accounts:verify_email")
    for _ in range(VERIFICATION_SENDS_PER_HOUR - 1):
        client.post(url, {"action": "resend"})
    html = client.post(url, {"action": "resend"}, follow=True).content.decode()
    assert "in einer Stunde noch einmal" in html
    assert len(mail.outbox) == VERIFICATION_SENDS_PER_HOUR
