"""The pages, used like a user would: sign up, apply, consent, accept, approve."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from companies.models import PlacementKind
from seekers import services
from seekers.models import Application, ApplicationStatus, SchoolClass, StudentProfile
from tests.factories import PlacementFactory, StudentProfileFactory

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


LONG_NOTE = "Wir laden dich ein. " * 499 + "Bis Dienstag!"  # 9,993 characters


def test_too_long_texts_are_refused_with_the_limit_and_kept_never_cut(client, world):
    """An invitation note of 10,000 characters, a decline reason of 300: not cut while the page says "Gespeichert.",
    but refused with the limit, the text still in the form, nothing stored."""
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(student=world.student, placement=world.placement)
    client.force_login(world.member.user)
    url = reverse("seekers:application_action", args=[app.pk, "invite"])
    r = client.post(url, {"note": LONG_NOTE})
    html = r.content.decode()
    assert r.status_code == 400
    assert "höchstens 4000 Zeichen" in html and "(jetzt: 9993 Zeichen)" in html
    assert LONG_NOTE in html  # the whole text is still there to shorten
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED and not app.messages.exists()

    reason = "x" * 300
    r = client.post(
        reverse("seekers:application_action", args=[app.pk, "decline"]), {"reason": "other", "text": reason}
    )
    assert r.status_code == 400 and "höchstens 255 Zeichen" in r.content.decode() and reason in r.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED and app.decline_reason == ""

    # within the limits both work as before
    client.post(url, {"note": "Dienstag, 10 Uhr, Werkstor 2"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.INVITED and app.messages.get().body == "Dienstag, 10 Uhr, Werkstor 2"


def test_too_long_texts_are_refused_by_the_api_too(api_client, world):
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(student=world.student, placement=world.placement)
    api_client.force_authenticate(world.member.user)
    r = api_client.post(
        reverse("seekers-api:application_action", args=[app.pk, "invite"]), {"note": LONG_NOTE}, format="json"
    )
    assert r.status_code == 400 and "4000" in r.json()["error"]["fields"]["note"][0]
    r = api_client.post(
        reverse("seekers-api:application_action", args=[app.pk, "decline"]), {"text": "x" * 300}, format="json"
    )
    assert r.status_code == 400 and "255" in r.json()["error"]["fields"]["text"][0]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED and not app.messages.exists() and app.decline_reason == ""
    # a teacher's recommendation note and a class name: refused, not cut
    api_client.force_authenticate(world.teacher)
    r = api_client.post(
        reverse("seekers-api:recommendations", args=[world.school_class.pk]),
        {"placement": world.placement.pk, "note": "n" * 501},
        format="json",
    )
    assert r.status_code == 400 and "500" in r.json()["error"]["fields"]["note"][0]
    with pytest.raises(ValidationError):
        services.school_class_create(teacher=world.teacher, name="9" * 41, school_year="2026/27", grade=9)


def test_teacher_recommends_from_the_placement_page_and_through_the_search_picker(client, world):
    """No placement number to type: the placement page links to the class's picker with the placement chosen, and
    the picker finds placements by title, company or Berufsfeld (radio buttons, no JavaScript)."""
    from seekers.models import Recommendation

    world.company.name = "Zeche Zollern Werkstätten"
    world.company.save()
    client.force_login(world.teacher)
    page = client.get(reverse("companies:placement_detail", args=[world.company.slug, world.placement.slug]))
    link = reverse("seekers:teacher_class", args=[world.school_class.pk]) + f"?placement={world.placement.pk}"
    assert link in page.content.decode()

    picker = client.get(link).content.decode()
    assert "Nummer des Platzes" not in picker
    assert re.search(rf'<input type="radio" name="placement" value="{world.placement.pk}"[^>]* checked', picker)
    assert world.placement.title in picker and "Zeche Zollern Werkstätten" in picker

    found = client.get(reverse("seekers:teacher_class", args=[world.school_class.pk]), {"q": "zollern"})
    assert f'value="{world.placement.pk}"' in found.content.decode()
    other = client.get(reverse("seekers:teacher_class", args=[world.school_class.pk]), {"q": "Bäckerei Nirgendwo"})
    assert f'value="{world.placement.pk}"' not in other.content.decode()
    assert "Kein veröffentlichter Platz passt" in other.content.decode()

    r = client.post(
        reverse("seekers:teacher_class", args=[world.school_class.pk]),
        {"placement": world.placement.pk, "student": world.student.pk, "note": "Passt zu dir!", "q": "zollern"},
    )
    assert r.status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.placement, rec.student, rec.note) == (world.placement, world.student, "Passt zu dir!")

    # nothing chosen: a message that says what to do, the note kept
    r = client.post(reverse("seekers:teacher_class", args=[world.school_class.pk]), {"note": "Bitte ansehen"})
    assert r.status_code == 400 and "Bitte wähle einen Platz aus der Liste" in r.content.decode()
    assert "Bitte ansehen" in r.content.decode()


def test_class_qr_code_survives_the_way_through_sign_up_for_a_student_without_account(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """The QR code's link, opened without an account, offers the sign-up with the class code filled in; after the
    sign-up and the email code the student is in the class (and an existing account logs in and joins)."""
    code = world.school_class.join_code
    qr_link = reverse("seekers:class_join") + f"?code={code}"
    landing = client.get(qr_link)
    assert landing.status_code == 200
    signup_url = reverse("seekers:signup_student") + f"?code={code}"
    assert signup_url in landing.content.decode() and code in landing.content.decode()

    form_page = client.get(signup_url).content.decode()
    assert re.search(rf'name="join_code"[^>]*value="{code}"', form_page)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            signup_url,
            {
                "first_name": "Ida",
                "last_name": "Quellenbusch",
                "email": "ida@example.org",
                "password": "Ein-gutes-Passwort-42",
                "password_repeat": "Ein-gutes-Passwort-42",
                "birth_date": years_ago(14).isoformat(),
                "join_code": code,
                "grade": "9",
                "expected_qualification": "3",
                "postal_code": "44139",
                "travel_radius_km": "10",
            },
        )
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:verify_email"))
    email_code = re.search(r"\b(\d{6})\b", mailoutbox[-1].subject).group(1)
    r = client.post(r["Location"], {"code": email_code})
    assert r.status_code == 302
    student = StudentProfile.objects.get(user__email="ida@example.org")
    assert student.user.is_email_verified and list(student.classes.all()) == [world.school_class]

    # with an account: the login link brings the student back to the code, filled in
    client.logout()
    other = StudentProfileFactory()
    login_link = re.search(r'href="([^"]*anmelden/\?next=[^"]*)"', client.get(qr_link).content.decode()).group(1)
    login_page = client.get(login_link.replace("&amp;", "&")).content.decode()
    assert f'<input type="hidden" name="next" value="{qr_link}">' in login_page
    r = client.post(
        reverse("accounts:login"), {"email": other.user.email, "password": "Sicheres-Passwort-123", "next": qr_link}
    )
    assert r.status_code == 302 and r["Location"] == qr_link


def test_parents_see_dates_address_and_the_placement_before_they_consent(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils.formats import date_format

    from seekers import notifications
    from tests.factories import ApplicationFactory

    p = world.placement
    app = ApplicationFactory(student=world.student, placement=p, status="awaiting_consent", consent="pending")
    start, end = date_format(p.start_date, "j. F Y"), date_format(p.end_date, "j. F Y")
    address = f"{p.site.street}, {p.site.postal_code_id} {p.site.city}"
    client.force_login(world.parent)
    page = client.get(reverse("seekers:application_detail", args=[app.pk])).content.decode()
    assert "Zustimmen" in page
    assert f"{start} – {end}" in page and address in page and p.get_absolute_url() in page

    with django_capture_on_commit_callbacks(execute=True):
        notifications.consent_requested(app)
    mail = mailoutbox[-1]
    assert f"{start} – {end}" in mail.body and address in mail.body and p.get_absolute_url() in mail.body
    html = mail.alternatives[0][0]
    assert address in html and p.get_absolute_url() in html


def _pdf_lines(content: bytes) -> list[str]:
    return [
        m.decode("cp1252").replace("\\(", "(").replace("\\)", ")")
        for m in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content)
    ]


def test_teacher_pdf_export_wraps_texts_and_includes_the_approvals_the_page_shows(client, world):
    """The PDF cut texts ("wartet auf Ant…") and left out the approvals waiting on the class page: now every cell is
    wrapped onto more lines, nothing is cut, and the waiting approvals have their column."""
    from tests.factories import ApplicationFactory

    long_title = "Schulpraktikum in der Mechatronik-Werkstatt mit Schwerpunkt Robotik und Steuerungstechnik"
    placement = PlacementFactory(company=world.company, kind=PlacementKind.SCHOOL_INTERNSHIP, title=long_title)
    ApplicationFactory(student=world.student, placement=placement, school_approval="pending")
    client.force_login(world.teacher)
    page = client.get(reverse("seekers:teacher_class", args=[world.school_class.pk])).content.decode()
    assert long_title in page and "bitte prüfen" in page and "wartet auf Antwort" in page

    pdf = client.get(reverse("seekers:class_export_pdf", args=[world.school_class.pk])).content
    lines = _pdf_lines(pdf)
    text = " ".join(lines)
    assert "…" not in text
    assert "wartet auf Antwort" in text
    assert "Offene Genehmigungen" in text
    assert long_title in text  # wrapped over several lines, each word kept in order
    assert any(line != long_title and line and long_title.startswith(line) for line in lines)
    services._validate_cv(SimpleUploadedFile("k.pdf", pdf))  # still a well-formed PDF
