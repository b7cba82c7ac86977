"""A real browser walks the clearing (issue 10): a student applies; the company is reminded (mail and a badge in
its inbox) and does not answer; at the deadline the application lapses and the student sees it with their next best
matches with free seats; they apply to one, the company offers the seat, the student accepts and their other
application for the same dates is withdrawn. axe-core finds nothing on any page on the way, at 1280 and 375 px."""

import re

import pytest
from django.urls import reverse

from backend.mail.models import OutgoingEmail
from clearing import services as clearing
from seekers import services
from seekers.models import Application, ApplicationStatus
from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import CompanyMemberFactory, PlacementFactory, StudentProfileFactory
from tests.seekers.conftest import years_ago

pytestmark = pytest.mark.browser


def checked(page, path=None, live_server=None):
    if path:
        goto(page, live_server, path)
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [1280, 375])
def test_apply_reminder_lapse_next_match_offer_accept(browser_page, live_server, clock, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 740})
    silent = CompanyMemberFactory(company__name="Stille Werkstatt GmbH")  # never answers
    quick = CompanyMemberFactory(company__name="Flinke Kanzlei GmbH")
    first = PlacementFactory(company=silent.company, seats=1, title="Ferienpraktikum Werkstatt")
    start = first.start_date
    next_best = PlacementFactory(company=quick.company, seats=1, title="Ferienpraktikum Kanzlei", start_date=start)
    also = PlacementFactory(company=silent.company, seats=2, title="Ferienpraktikum Lager", start_date=start)
    student = StudentProfileFactory(birth_date=years_ago(18, days=40), interests={"ITC": 5})  # adult: no consent step

    # the student applies from the placement page
    login(page, live_server, student.user)
    checked(page, first.get_absolute_url(), live_server)
    page.get_by_role("link", name="Jetzt bewerben").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_label("Deine Nachricht an das Unternehmen").fill("Ich schraube gern an Fahrrädern.")
    page.get_by_role("button", name="Bewerbung absenden").click()
    page.wait_for_load_state()
    checked(page)
    lapsing = Application.objects.get(student=student, placement=first)
    assert lapsing.status == ApplicationStatus.SUBMITTED and lapsing.respond_by

    # day 3: the deadline job reminds the company by mail and in its inbox
    clock.advance(days=3, minutes=1)
    assert clearing.deadlines_run()["reminded"] == 1
    assert OutgoingEmail.objects.filter(template="emails/seekers/company_reminder", to=[silent.user.email]).exists()
    page.context.clear_cookies()
    login(page, live_server, silent.user)
    checked(page, reverse("seekers:company_inbox"), live_server)
    row = page.get_by_role("row", name=re.compile(student.user.first_name))
    assert "Erinnerung" in row.inner_text() and "Antwort bis" in row.inner_text()
    assert "1 Bewerbung wartet bald zu lange" in page.locator("p.notice").inner_text()

    # day 7: no answer, the application lapses ("keine Antwort")
    clock.advance(days=4)
    assert clearing.deadlines_run()["lapsed"] == 1
    lapsing.refresh_from_db()
    assert lapsing.status == ApplicationStatus.LAPSED

    # the student sees the lapse and their next best matches with free seats
    page.context.clear_cookies()
    login(page, live_server, student.user)
    checked(page, reverse("seekers:application_detail", args=[lapsing.pk]), live_server)
    assert "nicht geantwortet" in page.content()
    matches = page.get_by_role("region", name="Deine nächsten Matches mit freien Plätzen")
    assert matches.get_by_role("link", name="Ferienpraktikum Kanzlei").is_visible()
    assert matches.get_by_role("link", name="Ferienpraktikum Werkstatt").count() == 0  # applied there already

    # ... applies to the next best and, for the same dates, to another
    services.application_submit(student=student, placement=also, message="Lager mag ich auch.")
    matches.get_by_role("link", name="Ferienpraktikum Kanzlei").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("link", name="Jetzt bewerben").click()
    page.wait_for_load_state()
    page.get_by_label("Deine Nachricht an das Unternehmen").fill("Ich mag Ordnung und Zahlen.")
    page.get_by_role("button", name="Bewerbung absenden").click()
    page.wait_for_load_state()
    checked(page)
    offer = Application.objects.get(student=student, placement=next_best)

    # the company offers the seat from its inbox
    page.context.clear_cookies()
    login(page, live_server, quick.user)
    checked(page, reverse("seekers:company_inbox"), live_server)
    page.get_by_role("link", name=re.compile(student.user.first_name)).click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Zusagen").click()
    page.wait_for_load_state()
    checked(page)
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.OFFERED

    # the student accepts; the other application for the same dates is withdrawn, its company told
    page.context.clear_cookies()
    login(page, live_server, student.user)
    checked(page, reverse("seekers:application_detail", args=[offer.pk]), live_server)
    page.get_by_role("button", name="Angebot annehmen").click()
    page.wait_for_load_state()
    checked(page)
    offer.refresh_from_db()
    assert offer.status == ApplicationStatus.ACCEPTED
    other = Application.objects.get(student=student, placement=also)
    assert other.status == ApplicationStatus.WITHDRAWN
    assert OutgoingEmail.objects.filter(template="emails/seekers/withdrawn_notice", to=[silent.user.email]).exists()
    checked(page, reverse("seekers:applications"), live_server)
