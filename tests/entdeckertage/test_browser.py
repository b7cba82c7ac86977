"""A real browser walks the Entdeckertage: the company offers a day through its form (a wrong entry first: the
error is linked, focused and nothing typed is lost) → the pupil enters wishes → the city allocates and publishes (through the
service, in the setup) → the pupil sees the result with addresses and times (also at 375 px) → the company confirms
attendance with feedback → the pupil downloads the certificate. axe-core finds nothing on any page on the way."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.reference.models import Berufsfeld
from entdeckertage import services
from entdeckertage.models import Assignment, Attendance, Offer, Wish
from tests.a11y import assert_accessible
from tests.browser import goto, login

from .conftest import BLOCKS, ON, Phase

pytestmark = pytest.mark.browser


def checked(page, path=None, live_server=None):
    if path:
        goto(page, live_server, path)
    page.wait_for_load_state()
    assert_accessible(page)


def test_pupil_wishes_result_attendance_certificate(
    browser_page, live_server, monkeypatch, season, make_offer, make_pupil, company_member, site, staff
):
    def freeze(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    page = browser_page
    # the company offers its first day through the page: too short a programme first, then right
    freeze(ON[Phase.OFFER])
    login(page, live_server, company_member.user)
    checked(page, reverse("entdeckertage:company_offers"), live_server)
    page.get_by_role("link", name=re.compile("^Neuen Tag anbieten")).click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_label("Titel").fill("IT-Tag")
    page.get_by_label("Datum").select_option(BLOCKS[0][0].isoformat())
    page.get_by_label("Berufsfeld").select_option(str(Berufsfeld.objects.get(code="ITC").pk))
    page.get_by_label("Beginn").fill("08:00")
    page.get_by_label("Ende").fill("11:00")
    page.get_by_label("Plätze").fill("3")
    page.get_by_label("Bitte mitbringen").fill("Neugier")
    page.get_by_role("button", name="Tag anbieten").click()
    page.wait_for_load_state()
    checked(page)
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.get_by_role("link", name=re.compile("mindestens 4 Stunden")).click()
    assert page.evaluate("document.activeElement.id") == "id_end_time"
    assert page.get_by_label("Bitte mitbringen").input_value() == "Neugier"  # nothing typed is lost
    page.set_viewport_size({"width": 375, "height": 800})
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Ende").fill("13:00")
    page.get_by_role("button", name="Tag anbieten").click()
    page.wait_for_load_state()
    checked(page)
    assert "IT-Tag" in page.get_by_role("region", name=company_member.company.name).inner_text()
    page.context.clear_cookies()
    offers = [
        Offer.objects.get(title="IT-Tag", company=company_member.company),
        make_offer(date=BLOCKS[0][1], field="EL", title="Elektro-Tag"),
        make_offer(date=BLOCKS[0][2], field="G", title="Gesundheits-Tag"),
    ]
    assert (offers[0].seats, offers[0].end_time, offers[0].what_to_bring) == (3, datetime.time(13), "Neugier")
    pupil = make_pupil()
    url = reverse("entdeckertage:my_days")

    # the pupil picks three wishes, ranked by matching with distance and reasons
    freeze(ON[Phase.WISH])
    login(page, live_server, pupil.user)
    checked(page, url, live_server)
    for title in ("IT-Tag", "Elektro-Tag", "Gesundheits-Tag"):
        page.get_by_role("button", name=re.compile(rf"^Wünschen\W+{title}")).click()
        page.wait_for_load_state()
    checked(page)
    assert list(Wish.objects.filter(student=pupil).order_by("rank").values_list("offer_id", flat=True)) == [
        o.pk for o in offers
    ]

    # the city allocates (background task, immediate in tests) and publishes
    freeze(ON[Phase.ALLOCATE])
    run = services.allocation_run_start(actor=staff, season=season, seed=7, time_limit_s=10)
    run.refresh_from_db()
    services.allocation_publish(actor=staff, run=run)

    # the pupil sees the result with addresses and times, also on a 375 px phone without sideways scrolling
    freeze(ON[Phase.BOOKING])
    checked(page, url, live_server)
    days = page.get_by_role("region", name="Meine Tage")
    for o in offers:
        assert o.title in days.inner_text()
    assert offers[0].site.street in days.inner_text() and "08:00–13:00" in days.inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the company confirms attendance on the first day, with a short feedback
    freeze(offers[0].date)
    page.context.clear_cookies()
    login(page, live_server, company_member.user)
    checked(page, reverse("entdeckertage:company_offers"), live_server)
    a = Assignment.objects.get(student=pupil, offer=offers[0])
    form = page.locator(f"form[action='{reverse('entdeckertage:attendance', args=[a.pk])}']")
    form.get_by_label("war da", exact=True).check()
    form.get_by_label(re.compile("Kurze Rückmeldung")).fill("Sehr neugierig und pünktlich")
    form.get_by_role("button", name=re.compile("^Speichern")).click()
    page.wait_for_load_state()
    checked(page)
    a.refresh_from_db()
    assert a.attendance == Attendance.CAME and a.feedback == "Sehr neugierig und pünktlich"

    # after the days the pupil downloads the certificate
    freeze(ON[Phase.CERTIFICATES])
    page.context.clear_cookies()
    login(page, live_server, pupil.user)
    checked(page, url, live_server)
    assert "Sehr neugierig und pünktlich" in page.content()
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile("Bescheinigung herunterladen")).click()
    assert dl.value.suggested_filename.endswith(".pdf")
    with open(dl.value.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
