"""A new company, as a busy trainer would do it: sign up, confirm the email code, add a site, fill in the
Steckbrief, publish a placement. Real chromium, axe-core (WCAG 2.1 AA) on every page on the way."""

import datetime
import re

import pytest
from django.utils import timezone

from backend.mail.models import OutgoingEmail
from companies.models import Company, PlacementStatus
from tests.a11y import assert_accessible
from tests.browser import goto

pytestmark = pytest.mark.browser


def _code_for(email: str) -> str:
    """The 6-digit code from the newest verification email to `email` (the accounts app's mail queue)."""
    for mail in OutgoingEmail.objects.filter(template__contains="verify").order_by("-id"):
        if email in mail.to:
            match = re.search(r"\b(\d{6})\b", mail.body_text)
            assert match, f"no 6-digit code in: {mail.body_text!r}"
            return match.group(1)
    raise AssertionError(f"no verification email to {email}")


def test_new_company_from_signup_to_published_placement(browser_page, live_server):
    page = browser_page
    goto(page, live_server, "/unternehmen/registrieren/")
    assert_accessible(page)

    # a first try with a mistake: the error is shown inline and the page stays accessible
    page.get_by_label("Name des Unternehmens").fill("Kfz-Werkstatt Yilmaz")
    page.get_by_label("E-Mail-Adresse").fill("ausbildung@kfz-yilmaz.example")
    page.get_by_label(re.compile(r"^Passwort:?$")).fill("Werkstatt-2026!")
    page.get_by_label("Passwort wiederholen").fill("Werkstatt-2026?")
    page.get_by_role("button", name="Registrieren").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Passwort:?$")).fill("Werkstatt-2026!")
    page.get_by_label("Passwort wiederholen").fill("Werkstatt-2026!")
    page.get_by_role("button", name="Registrieren").click()

    page.wait_for_url(re.compile(r"/konto/e-mail-bestaetigen/"))
    assert_accessible(page)
    page.get_by_label("Bestätigungscode").fill(_code_for("ausbildung@kfz-yilmaz.example"))
    page.get_by_role("button", name="Bestätigen").click()

    company = Company.objects.get(name="Kfz-Werkstatt Yilmaz")
    page.wait_for_url(re.compile(rf"/mein-betrieb/{company.slug}/$"))
    assert_accessible(page)

    # the dashboard names the next step: a site
    page.get_by_role("link", name="Standort anlegen").first.click()
    assert_accessible(page)
    page.get_by_label("Bezeichnung").fill("Werkstatt")
    page.get_by_label("Straße und Hausnummer").fill("Mallinckrodtstraße 12")
    page.get_by_label("Postleitzahl").fill("44145")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(rf"/mein-betrieb/{company.slug}/$"))

    page.get_by_role("link", name="Steckbrief", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Branche").fill("Kfz-Handwerk")
    page.get_by_label(re.compile(r"^Beschreibung:?$")).fill(
        "Wir reparieren Autos aller Marken.\n\nBei uns lernst du Diagnose, Bremsen und Elektrik kennen."
    )
    page.get_by_label("Technik, Technologiefelder").check()
    page.get_by_label("bietet Praktika").check()
    page.get_by_role("button", name="Steckbrief speichern").click()
    assert_accessible(page)

    page.get_by_role("link", name="Neues Angebot").first.click()
    assert_accessible(page)
    start = timezone.localdate() + datetime.timedelta(days=45)
    page.get_by_label(re.compile(r"^Art:?$")).select_option("holiday_internship")
    page.get_by_label(re.compile(r"^Titel:?$")).fill("Ferienpraktikum Kfz-Mechatronik")
    page.get_by_label("Technik, Technologiefelder").check()
    page.get_by_label(re.compile(r"^Beginn:?$")).fill(start.isoformat())
    page.get_by_label(re.compile(r"^Ende:?$")).fill((start + datetime.timedelta(days=9)).isoformat())
    page.get_by_label(re.compile(r"^Plätze:?$")).fill("2")
    page.get_by_role("button", name="Speichern und veröffentlichen").click()
    page.wait_for_url(re.compile(rf"/mein-betrieb/{company.slug}/$"))
    assert (
        page.get_by_role("row", name=re.compile("Ferienpraktikum Kfz-Mechatronik"))
        .get_by_text("veröffentlicht")
        .is_visible()
    )
    assert_accessible(page)

    placement = company.placements.get()
    assert placement.status == PlacementStatus.PUBLISHED
    goto(page, live_server, placement.get_absolute_url())
    assert page.get_by_text("noch nicht geprüft").first.is_visible()  # until the city has checked the company
    assert_accessible(page)


def test_public_and_staff_pages_are_accessible(browser_page, live_server):
    from backend.accounts.models import Role
    from tests.browser import login
    from tests.factories import CompanyFactory, PlacementFactory, UserFactory

    company = CompanyFactory(
        name="Bäckerei Sonnenschein",
        slug="baeckerei-sonnenschein",
        description="<p>Brot und <strong>Brötchen</strong> seit 1950.</p>",
        industry="Handwerk",
    )
    placement = PlacementFactory(company=company, title="Ferienpraktikum Backstube")
    CompanyFactory(name="Neu Angemeldet GmbH", is_verified=False)
    page = browser_page
    for path in (
        "/unternehmen/",
        "/unternehmen/?berufsfeld=unbekannt",
        company.get_absolute_url(),
        placement.get_absolute_url(),
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    login(page, live_server, UserFactory(role=Role.STAFF))
    for path in ("/verwaltung/unternehmen/", placement.get_absolute_url(), f"/mein-betrieb/{company.slug}/protokoll/"):
        goto(page, live_server, path)
        assert_accessible(page)
