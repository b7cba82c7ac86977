"""The pages, used like a user would: sign up, apply, consent, accept, approve."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from companies.models import PlacementKind
from seekers import services
from seekers.models import Application, ApplicationStatus, SchoolClass, StudentProfile
from tests.factories import PlacementFactory

from .conftest import MINIMAL_PDF, years_ago

pytestmark = pytest.mark.django_db


def test_student_walk_from_signup_to_acceptance_and_approval(world, client):
    placement = PlacementFactory(company=world.company, kind=PlacementKind.SCHOOL_INTERNSHIP, seats=1)
    world.school_class.internship_start, world.school_class.internship_end = placement.start_date, placement.end_date
    world.school_class.save()  # a school internship inside the class's period (matching's rule for applying)
    response = client.post(
        reverse("seekers:signup_student"),
        {
            "first_name": "Jonas",
            "last_name": "Ebbinghaus",
            "email": "jonas@example.org",
            "password": "Ein-gutes-Passwort-42",
            "password_repeat": "Ein-gutes-Passwort-42",
            "birth_date": years_ago(14).isoformat(),
            "join_code": world.school_class.join_code,
            "grade": "9",
            "expected_qualification": "3",
            "postal_code": "44139",
            "travel_radius_km": "10",
            "school_type": "gesamtschule",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    student = StudentProfile.objects.get(user__email="jonas@example.org")
    assert response["Location"].startswith("/konto/e-mail-bestaetigen/")
    apply_unverified = client.post(reverse("seekers:apply", args=[placement.pk]), {"message": "Hallo"})
    assert "E-Mail-Adresse" in apply_unverified.content.decode() and not student.applications.exists()
    User.objects.filter(pk=student.user_id).update(email_verified_at=timezone.now())
    assert student.classes.get() == world.school_class

    response = client.post(
        reverse("seekers:interests"),
        {
            "suggest": "1",
            **{
                f"q-{k}": "5"
                for k in (
                    "q_build",
                    "q_computer",
                    "q_people",
                    "q_nature",
                    "q_create",
                    "q_numbers",
                    "q_experiment",
                    "q_service",
                )
            },
        },
    )
    assert response.status_code == 200 and "Vorschlag übernommen" in response.content.decode()
    response = client.post(reverse("seekers:interests"), {"bf_6": "5", "bf_3": "2"})
    assert response.status_code == 302
    assert dict(student.interests.values_list("berufsfeld_id", "weight")) == {6: 5, 3: 2}

    client.post(reverse("seekers:favourite_add", args=[placement.pk]))
    assert client.get(reverse("seekers:favourites")).content.decode().count(placement.title) >= 1
    response = client.post(
        reverse("seekers:apply", args=[placement.pk]),
        {
            "message": "Ich möchte gern bei euch lernen.",
            "cv": SimpleUploadedFile("cv.pdf", MINIMAL_PDF, content_type="application/pdf"),
        },
    )
    application = Application.objects.get(student=student)
    assert response.status_code == 302 and application.status == ApplicationStatus.AWAITING_CONSENT
    code_page = client.post(reverse("seekers:parent_code"))
    student.refresh_from_db()
    assert student.parent_link_code in code_page.content.decode()

    client.logout()
    client.force_login(world.member.user)
    assert "Ebbinghaus" not in client.get(reverse("seekers:company_inbox")).content.decode()

    client.logout()
    response = client.post(
        reverse("seekers:signup_parent"),
        {
            "first_name": "Petra",
            "last_name": "Ebbinghaus",
            "email": "petra@example.org",
            "password": "Ein-gutes-Passwort-42",
            "password_repeat": "Ein-gutes-Passwort-42",
            "link_code": student.parent_link_code,
        },
    )
    assert response.status_code == 302
    User.objects.filter(email="petra@example.org").update(email_verified_at=timezone.now())
    overview = client.get(reverse("seekers:student_overview", args=[student.pk])).content.decode()
    assert "bitte entscheiden" in overview
    assert reverse("matching:student_matches", args=[student.pk]) in overview
    client.post(reverse("seekers:application_action", args=[application.pk, "consent"]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    client.force_login(world.member.user)
    inbox = client.get(reverse("seekers:company_inbox")).content.decode()
    assert "Jonas Ebbinghaus" in inbox
    detail = client.get(reverse("seekers:application_detail", args=[application.pk])).content.decode()
    assert "14 Jahre" in detail and years_ago(14).isoformat() not in detail and "44139" not in detail
    assert client.get(reverse("seekers:application_cv", args=[application.pk])).status_code == 200
    client.post(reverse("seekers:application_action", args=[application.pk, "accept"]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OFFERED  # the student accepts it (issue 10)
    client.force_login(student.user)
    client.post(reverse("seekers:application_action", args=[application.pk, "offer_accept"]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    client.force_login(world.member.user)
    placement.refresh_from_db()
    assert placement.status == "closed"

    client.force_login(world.teacher)
    page = client.get(reverse("seekers:teacher_class", args=[world.school_class.pk])).content.decode()
    assert "bitte prüfen" in page
    client.post(reverse("seekers:application_action", args=[application.pk, "approve"]))
    page = client.get(reverse("seekers:teacher_class", args=[world.school_class.pk])).content.decode()
    assert "hat einen Platz" in page
    csv = client.get(reverse("seekers:class_export", args=[world.school_class.pk])).content.decode("utf-8-sig")
    assert "Jonas;Ebbinghaus;1;1;hat einen Platz" in csv
    pdf = client.get(reverse("seekers:class_export_pdf", args=[world.school_class.pk]))
    assert pdf["Content-Type"] == "application/pdf" and b"(Ebbinghaus)" in pdf.content
    services._validate_cv(SimpleUploadedFile("k.pdf", pdf.content))  # a well-formed PDF

    client.force_login(student.user)
    detail = client.get(reverse("seekers:application_detail", args=[application.pk])).content.decode()
    assert "Eltern haben zugestimmt" in detail and "Schule hat das Praktikum genehmigt" in detail


def test_signup_errors_are_inline_and_linked(client, db):
    response = client.post(
        reverse("seekers:signup_student"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "kaputt",
            "password": "x",
            "birth_date": "2099-01-01",
            "grade": "99",
            "expected_qualification": "3",
            "postal_code": "00000",
            "travel_radius_km": "10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_email_error"' in html and 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html


def test_teacher_creates_class_and_gets_qr(client, world):
    client.force_login(world.teacher)
    response = client.post(reverse("seekers:teacher_classes"), {"name": "9z", "school_year": "2026/27", "grade": "9"})
    school_class = SchoolClass.objects.get(name="9z")
    assert response.status_code == 302
    qr = client.get(reverse("seekers:class_qr", args=[school_class.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_delete_account_needs_password(client, world):
    client.force_login(world.student.user)
    response = client.post(reverse("seekers:my_data"), {"password": "falsch"})
    assert response.status_code == 400 and StudentProfile.objects.filter(pk=world.student.pk).exists()
    response = client.post(reverse("seekers:my_data"), {"password": "Sicheres-Passwort-123"})
    assert response.status_code == 302 and not StudentProfile.objects.filter(pk=world.student.pk).exists()


def test_parent_exports_and_deletes_a_minors_account(client, world):
    client.force_login(world.parent)
    data = client.get(reverse("seekers:parent_student_export", args=[world.student.pk])).json()
    assert data["konto"]["nachname"] == "Quastenberg"
    url = reverse("seekers:parent_student_delete", args=[world.student.pk])
    assert client.post(url, {"password": "falsch"}).status_code == 400
    assert client.post(url, {"password": "Sicheres-Passwort-123"}).status_code == 302
    assert not StudentProfile.objects.filter(pk=world.student.pk).exists()


def test_parent_cannot_delete_an_adult_childs_account(client, world):
    world.student.birth_date = years_ago(18)
    world.student.save()
    client.force_login(world.parent)
    url = reverse("seekers:parent_student_delete", args=[world.student.pk])
    assert client.post(url, {"password": "Sicheres-Passwort-123"}).status_code == 403
    assert StudentProfile.objects.filter(pk=world.student.pk).exists()


def test_placement_page_offers_save_and_apply_then_shows_the_state(client, world):
    placement_url = reverse("companies:placement_detail", args=[world.company.slug, world.placement.slug])
    assert "Registriere dich" in client.get(placement_url).content.decode()
    client.force_login(world.other_student.user)
    page = client.get(placement_url).content.decode()
    assert "Auf die Merkliste" in page and reverse("seekers:apply", args=[world.placement.pk]) in page
    client.post(reverse("seekers:favourite_add", args=[world.placement.pk]), {"next": placement_url})
    client.post(reverse("seekers:apply", args=[world.placement.pk]), {"message": "Hallo"})
    page = client.get(placement_url).content.decode()
    assert "Auf deiner Merkliste" in page and "Du hast dich beworben" in page


def test_parent_home_counts_waiting_consents_and_apply_twice_leads_to_the_application(client, world):
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(
        student=world.student, placement=world.placement, status="awaiting_consent", consent="pending"
    )
    client.force_login(world.parent)
    assert "1 Bewerbung wartet auf Ihre Zustimmung" in client.get(reverse("seekers:parent_home")).content.decode()
    client.force_login(world.student.user)
    response = client.get(reverse("seekers:apply", args=[world.placement.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("seekers:application_detail", args=[app.pk])
