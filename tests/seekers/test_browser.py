"""A real browser walks the whole path: a 14-year-old signs up with the class code, picks interests, applies
from the placement page with a CV, links a parent who consents, the company accepts and the teacher approves
the school internship. axe-core (WCAG 2.1 AA) finds nothing on any page on the way."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import User
from companies.models import PlacementKind
from seekers.models import Application, ApplicationStatus, ApprovalStatus
from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import PlacementFactory

from .conftest import MINIMAL_PDF, World, years_ago

pytestmark = pytest.mark.browser


def checked(page, path=None, live_server=None):
    if path:
        goto(page, live_server, path)
    page.wait_for_load_state()
    assert_accessible(page)


def verify_email(email):
    User.objects.filter(email=email).update(email_verified_at=timezone.now())


def test_student_parent_company_teacher_walk(browser_page, live_server):
    page = browser_page
    w = World()
    placement = PlacementFactory(
        company=w.company, kind=PlacementKind.SCHOOL_INTERNSHIP, seats=1, title="Schulpraktikum Tischlerei"
    )
    w.school_class.internship_start, w.school_class.internship_end = placement.start_date, placement.end_date
    w.school_class.save()  # a school internship inside the class's period (matching's rule for applying)

    # the student signs up with the teacher's class code
    checked(page, reverse("seekers:signup_student") + f"?code={w.school_class.join_code}", live_server)
    page.get_by_label("Vorname").fill("Jana")
    page.get_by_label("Nachname").fill("Wellbrock")
    page.get_by_label("E-Mail-Adresse").fill("jana@example.org")
    page.get_by_label(re.compile(r"^Passwort:?$")).fill("Ein-gutes-Passwort-42")
    page.get_by_label("Passwort wiederholen").fill("Ein-gutes-Passwort-42")
    page.get_by_label("Geburtsdatum").fill(years_ago(14).isoformat())
    page.get_by_label(re.compile(r"^Klasse:?$")).fill("9")
    page.get_by_label("Postleitzahl deines Wohnorts").fill("44139")
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    assert "/konto/e-mail-bestaetigen/" in page.url
    checked(page)
    verify_email("jana@example.org")

    # interests: the questionnaire suggests, the student saves
    checked(page, reverse("seekers:interests"), live_server)
    page.get_by_role("group", name=re.compile("Computer")).get_by_label("stimmt genau").check()
    page.get_by_role("button", name="Vorschlag berechnen").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Interessen speichern").click()
    page.wait_for_load_state()
    checked(page)

    # apply from the placement page
    checked(page, reverse("companies:placement_detail", args=[w.company.slug, placement.slug]), live_server)
    page.get_by_role("link", name="Jetzt bewerben").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_label("Deine Nachricht an das Unternehmen").fill("Ich arbeite gern mit Holz.")
    page.get_by_label(re.compile("Lebenslauf als PDF")).set_input_files(
        files=[{"name": "lebenslauf.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.get_by_role("button", name="Bewerbung absenden").click()
    page.wait_for_load_state()
    checked(page)
    assert "wartet auf Zustimmung der Eltern" in page.content()
    application = Application.objects.get(student__user__email="jana@example.org")

    # a link code for a parent
    checked(page, reverse("seekers:parent_code"), live_server)
    page.get_by_role("button", name="Neuen Code erzeugen").click()
    page.wait_for_load_state()
    checked(page)
    code = page.locator("p.notice code").inner_text()

    # the parent signs up with the code and consents
    page.context.clear_cookies()
    checked(page, reverse("seekers:signup_parent"), live_server)
    page.get_by_label("Vorname").fill("Birgit")
    page.get_by_label("Nachname").fill("Wellbrock")
    page.get_by_label("E-Mail-Adresse").fill("birgit@example.org")
    page.get_by_label(re.compile(r"^Passwort:?$")).fill("Noch-ein-gutes-Passwort-7")
    page.get_by_label("Passwort wiederholen").fill("Noch-ein-gutes-Passwort-7")
    page.get_by_label(re.compile("Verknüpfungscode")).fill(code)
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    verify_email("birgit@example.org")
    checked(page, reverse("seekers:parent_home"), live_server)
    page.get_by_role("link", name="Jana").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("link", name=re.compile("Schulpraktikum Tischlerei")).first.click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Zustimmen", exact=True).click()
    page.wait_for_load_state()
    checked(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # the company accepts from its inbox
    page.context.clear_cookies()
    login(page, live_server, w.member.user)
    checked(page, reverse("seekers:company_inbox"), live_server)
    page.get_by_role("link", name="Jana Wellbrock").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Zusagen").click()
    page.wait_for_load_state()
    checked(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OFFERED  # an offer the student accepts (issue 10)

    # the student takes the offer
    page.context.clear_cookies()
    login(page, live_server, application.student.user)
    checked(page, reverse("seekers:application_detail", args=[application.pk]), live_server)
    page.get_by_role("button", name="Angebot annehmen").click()
    page.wait_for_load_state()
    checked(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    # the teacher approves the school internship from the class overview
    page.context.clear_cookies()
    login(page, live_server, w.teacher)
    checked(page, reverse("seekers:teacher_classes"), live_server)
    page.get_by_role("link", name=w.school_class.name, exact=True).click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("link", name="Schulpraktikum Tischlerei").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Praktikum genehmigen", exact=True).click()
    page.wait_for_load_state()
    checked(page)
    application.refresh_from_db()
    assert application.school_approval == ApprovalStatus.APPROVED
    checked(page, reverse("seekers:teacher_class", args=[w.school_class.pk]), live_server)
    assert "hat einen Platz" in page.content()

    # the student follows the timeline
    page.context.clear_cookies()
    login(page, live_server, application.student.user)
    checked(page, reverse("seekers:applications"), live_server)
    page.get_by_role("link", name=re.compile("Schulpraktikum Tischlerei")).click()
    page.wait_for_load_state()
    checked(page)
    timeline = page.locator("ol.timeline").inner_text()
    assert "Eltern haben zugestimmt" in timeline and "Schule hat das Praktikum genehmigt" in timeline


def test_pages_with_errors_and_lists_are_accessible(browser_page, live_server):
    """The pages the walk does not reach, with content and with form errors."""
    page = browser_page
    w = World()
    from tests.factories import ApplicationFactory, FavouriteFactory

    FavouriteFactory(student=w.student, placement=w.placement, note="Notiz")
    ApplicationFactory(student=w.student, placement=w.placement)
    login(page, live_server, w.student.user)
    for name in ("profile", "favourites", "class_join", "my_data", "applications"):
        checked(page, reverse(f"seekers:{name}"), live_server)
    page.get_by_role("navigation", name="Mein Bereich").get_by_role("link", name="Profil").click()
    page.get_by_label("Postleitzahl deines Wohnorts").fill("00000")
    page.get_by_role("button", name="Profil speichern").click()
    page.wait_for_load_state()
    assert "Postleitzahl kennen wir nicht" in page.content()
    checked(page)
    page.context.clear_cookies()
    login(page, live_server, w.teacher)
    checked(page, reverse("seekers:teacher_classes"), live_server)
    page.get_by_role("button", name="Klasse anlegen").click()
    page.wait_for_load_state()
    checked(page)
    checked(page, reverse("seekers:student_overview", args=[w.student.pk]), live_server)
    page.context.clear_cookies()
    login(page, live_server, w.parent)
    checked(page, reverse("seekers:student_overview", args=[w.student.pk]), live_server)
    page.get_by_role("link", name=re.compile("Konto löschen")).click()
    page.get_by_role("button", name="Konto endgültig löschen").click()
    page.wait_for_load_state()
    assert "Bitte fülle dieses Feld aus" in page.content() or "erforderlich" in page.content()
    checked(page)


def test_teacher_recommends_through_the_picker_on_a_phone_and_the_qr_landing(browser_page, live_server):
    """No placement number to type: from the placement page to the class's picker, a search, a radio button. At
    375 px, without JavaScript doing anything, axe finds nothing; the QR code's landing page too."""
    from seekers.models import Recommendation

    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    w = World()
    other = PlacementFactory(title="Schulpraktikum Gärtnerei")
    login(page, live_server, w.teacher)
    checked(page, w.placement.get_absolute_url(), live_server)
    page.get_by_role("link", name=re.compile(f"der Klasse {w.school_class.name}")).click()
    page.wait_for_load_state()
    checked(page)
    assert page.get_by_role("radio", name=re.compile(re.escape(w.placement.title))).is_checked()
    page.get_by_label("Platz suchen").fill("Gärtnerei")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("radio", name=re.compile("Schulpraktikum Gärtnerei")).check()
    page.get_by_label("Für wen?").select_option(value=str(w.student.pk))
    page.get_by_role("button", name="Empfehlen").click()
    page.wait_for_load_state()
    checked(page)
    assert "Empfehlung gespeichert" in page.content()
    rec = Recommendation.objects.get()
    assert rec.placement == other and rec.student == w.student

    page.context.clear_cookies()
    checked(page, reverse("seekers:class_join") + f"?code={w.school_class.join_code}", live_server)
    page.get_by_role("link", name="Als Schüler*in registrieren").click()
    page.wait_for_load_state()
    assert page.get_by_label(re.compile("Klassencode")).input_value() == w.school_class.join_code
