import pytest
from django.urls import reverse

from backend.accounts.models import Role, User
from backend.mail.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin@example.org", "Admin-Passwort-Dortmund"))
    return client


def test_user_and_email_admin_pages_render(admin_client):
    user = UserFactory(email="lena@example.org")
    OutgoingEmail.objects.create(to=["lena@example.org"], subject="Hallo", body_text="Text", template="t")
    for url in (
        reverse("admin:accounts_user_changelist") + "?q=lena",
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:mail_outgoingemail_changelist") + "?q=lena",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert b"lena@example.org" in response.content or "add" in url


def test_admin_creates_a_city_staff_account_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Amt@Dortmund.example",
            "role": Role.STAFF,
            "usable_password": "true",
            "password1": "Rathaus-Friedensplatz-1",
            "password2": "Rathaus-Friedensplatz-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="amt@dortmund.example")
    assert user.role == Role.STAFF
    assert user.check_password("Rathaus-Friedensplatz-1")


def test_admin_refuses_an_email_that_differs_only_in_case(admin_client):
    UserFactory(email="lena@example.org")
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "LENA@example.org",
            "role": Role.TEACHER,
            "usable_password": "true",
            "password1": "Rathaus-Friedensplatz-1",
            "password2": "Rathaus-Friedensplatz-1",
        },
    )
    assert response.status_code == 200 and "schon registriert" in response.content.decode()
