"""City staff work with exactly the rights they need: not superusers, no student personal data in the admin,
and codes or reset links in stored emails readable by nobody in the admin. Through the real admin pages."""

import pytest
from django.urls import reverse

from backend.accounts.models import Role, User
from backend.accounts.staff import CITY_STAFF_GROUP, city_staff_grant
from backend.mail.models import OutgoingEmail
from companies.models import AuditEntry
from tests.factories import ApplicationFactory, CompanyFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Sicheres-Passwort-123"


@pytest.fixture
def staff(db):
    user = UserFactory(email="amt@stadt.example", role=Role.STAFF)
    city_staff_grant(user=user)
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def student_app(db):
    return ApplicationFactory(
        student__user__email="mila.schuelerin@example.org",
        student__user__first_name="Mila",
        student__user__last_name="Quastenberg",
        message="Liebe Firma, ich möchte gern zu Ihnen.",
    )


def test_a_city_staff_account_is_staff_but_no_superuser_and_has_the_moderation_group(staff):
    staff.refresh_from_db()
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name=CITY_STAFF_GROUP).exists()
    assert staff.has_perm("companies.view_company") and staff.has_perm("companies.view_auditentry")
    assert not staff.has_perm("mail.view_outgoingemail")
    assert not staff.has_perm("accounts.change_user") and not staff.has_perm("auth.change_group")


def test_city_staff_see_no_student_data_in_the_admin(staff_client, student_app):
    student_user = student_app.student.user
    index = staff_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert b"Ausgehende E-Mails" not in index.content
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_changelist") + "?q=mila",
        reverse("admin:companies_placement_changelist"),
        reverse("admin:companies_company_changelist"),
    ):
        response = staff_client.get(url)
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        for secret in ("mila.schuelerin@example.org", "Quastenberg", "Liebe Firma"):
            assert secret not in html, (url, secret)
    assert staff_client.get(reverse("admin:accounts_user_change", args=[student_user.pk])).status_code in (
        302,
        403,
        404,
    )
    assert staff_client.get(reverse("admin:mail_outgoingemail_changelist")).status_code == 403


def test_city_staff_keep_their_work_in_admin_and_pages(staff_client, staff):
    company = CompanyFactory(name="Zeche Zollern GmbH", is_verified=False)
    placement = PlacementFactory(company=company, title="Praktikum Grubenwehr")
    AuditEntry.objects.create(company=company, actor=staff, action="verify", target_repr=company.name)
    assert b"Zeche Zollern" in staff_client.get(reverse("admin:companies_company_changelist")).content
    assert staff_client.get(reverse("admin:companies_company_change", args=[company.pk])).status_code == 200
    assert staff_client.get(reverse("admin:companies_placement_change", args=[placement.pk])).status_code == 200
    assert staff_client.get(reverse("admin:companies_auditentry_changelist")).status_code == 200
    # read-only in the admin: changes go through the moderation pages (audit trail)
    assert (
        staff_client.post(reverse("admin:companies_company_delete", args=[company.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert User.objects.filter(pk=staff.pk, is_superuser=False).exists()


def test_reset_links_and_codes_are_never_readable_in_the_admin(client):
    admin = User.objects.create_superuser("root@example.org", "Admin-Passwort-Dortmund")
    client.force_login(admin)
    email = OutgoingEmail.objects.create(
        to=["lena@example.org"],
        subject="Dein Code: 482913",
        body_text="Dein Code lautet 482913. Link: https://x.example/passwort-neu/abc/tok-123/",
        body_html="<p>482913</p>",
        template="emails/accounts/verify_email",
        sensitive=True,
    )
    for url in (
        reverse("admin:mail_outgoingemail_changelist"),
        reverse("admin:mail_outgoingemail_change", args=[email.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "482913" not in html and "tok-123" not in html, url
