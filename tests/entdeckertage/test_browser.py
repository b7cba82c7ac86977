"""A real browser walks the Entdeckertage: the company offers a day through its form (a wrong entry first: the
error is linked, focused and nothing typed is lost) → the pupil enters wishes → the city allocates and publishes (through the
service, in the setup) → the pupil sees the result with addresses and times (also at 375 px) → the company confirms
attendance with feedback → the pupil downloads the certificate. axe-core finds nothing on any page on the way."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld
from entdeckertage import services
from entdeckertage.models import AllocationRun, Assignment, Attendance, Offer, RunStatus, Season, Wish
from seekers.models import ParentLink
from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import UserFactory

from .conftest import BLOCKS, ON, Phase

pytestmark = pytest.mark.browser


def checked(page, path=None, live_server=None, *, phone=False):
    """axe finds nothing; with phone=True also at 375 px, without sideways scrolling."""
    if path:
        goto(page, live_server, path)
    page.wait_for_load_state()
    assert_accessible(page)
    if phone:
        page.set_viewport_size({"width": 375, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.set_viewport_size({"width": 1280, "height": 900})


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

    # a linked parent sees the programme and the same certificate link
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=pupil)
    page.context.clear_cookies()
    login(page, live_server, parent)
    checked(page, reverse("entdeckertage:parent_days"), live_server, phone=True)
    with page.expect_download() as dl:
        page.get_by_role("link", name=re.compile("Bescheinigung herunterladen")).click()
    assert dl.value.suggested_filename.endswith(".pdf")


def test_staff_season_run_progress_move_teacher_and_cancel_pages(
    browser_page, live_server, monkeypatch, season, make_offer, make_pupil, company_member, staff, teacher, klass
):
    """The other new pages in a real browser, each axe-clean (the forms also at 375 px): city staff create a season
    and edit its phases, watch a run until it is done (the script reloads the page by itself), publish, move a pupil;
    the teacher sets a no-participation reason; the company opens the cancel page."""

    def freeze(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    page = browser_page
    offers = [make_offer(date=BLOCKS[0][i], field=f, title=f"Tag {f}") for i, f in enumerate(("ITC", "EL", "G"))]
    spare = make_offer(date=BLOCKS[0][0], field="D", title="Ersatztag")
    pupil, absent = make_pupil(), make_pupil()
    freeze(ON[Phase.WISH])
    services.wishes_set(actor=pupil.user, student=pupil, season=season, offer_ids=[o.pk for o in offers])

    login(page, live_server, staff)
    checked(page, reverse("entdeckertage:staff_season"), live_server)
    page.get_by_role("link", name="Neue Saison anlegen").click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 375, "height": 800})
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(re.compile("^Name")).fill("Entdeckertage 2027")
    page.get_by_label("Schuljahr").fill("2026/27")
    page.get_by_label("Block 1: erster Tag").fill("2027-04-20")
    page.get_by_label("Block 1: letzter Tag").fill("2027-04-22")
    for field, day in zip(
        (
            "Angebote ab",
            "Wünsche ab",
            "Verteilung ab",
            "Restplätze buchen ab",
            "Entdeckertage ab",
            "Bescheinigungen ab",
        ),
        ("2027-01-11", "2027-02-15", "2027-03-08", "2027-03-22", "2027-04-19", "2027-06-21"),
        strict=True,
    ):
        page.get_by_label(field).fill(day)
    page.get_by_role("button", name="Saison anlegen").click()
    page.wait_for_load_state()
    checked(page)
    new = Season.objects.get(name="Entdeckertage 2027")
    assert new.blocks.get().dates.count() == 3
    page.get_by_role("link", name="Phasen ändern").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_label("Restplätze buchen ab").fill("2027-03-29")
    page.get_by_role("button", name="Phasen speichern").click()
    page.wait_for_load_state()
    new.refresh_from_db()
    assert new.booking_from == datetime.date(2027, 3, 29)

    # a run in progress: the page follows it by itself and shows the figures once it is done
    run = AllocationRun.objects.create(season=season, seed=3, status=RunStatus.RUNNING, progress=30, created_by=staff)
    checked(page, reverse("entdeckertage:staff_run", args=[run.pk]), live_server)
    assert page.locator("#run-progress").get_attribute("value") == "30"
    AllocationRun.objects.filter(pk=run.pk).update(progress=60, progress_note="Löser rechnet")
    page.wait_for_function("document.getElementById('run-pct').textContent === '60'")
    run.delete()
    freeze(ON[Phase.ALLOCATE])
    run = services.allocation_run_start(actor=staff, season=season, seed=3, time_limit_s=10)
    run.refresh_from_db()
    finished = {k: getattr(run, k) for k in ("status", "progress", "figures", "assignments", "inputs_digest")}
    AllocationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=50)
    goto(page, live_server, reverse("entdeckertage:staff_run", args=[run.pk]))
    AllocationRun.objects.filter(pk=run.pk).update(**finished)
    page.get_by_role("button", name="Veröffentlichen").wait_for()  # reloaded by the script
    checked(page, phone=True)
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_load_state()
    checked(page, phone=True)  # the season's overview with coverage tables
    assert Assignment.objects.filter(student=pupil).count() == 3

    # staff move the pupil by hand with a reason
    freeze(ON[Phase.BOOKING])
    goto(page, live_server, reverse("entdeckertage:staff_pupils", args=[season.pk]))
    page.get_by_label("Name der Schülerin oder des Schülers").fill(pupil.user.last_name)
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("link", name=re.compile(pupil.user.last_name)).first.click()
    page.wait_for_load_state()
    checked(page, phone=True)
    first = Assignment.objects.get(student=pupil, offer=offers[0])
    page.get_by_label("Diesen Tag entfernen").select_option(str(first.pk))
    page.get_by_label("Neuer Tag").select_option(str(spare.pk))
    page.get_by_role("button", name="Umsetzen").click()  # no reason yet
    page.wait_for_load_state()
    checked(page)
    assert page.get_by_label("Neuer Tag").input_value() == str(spare.pk)  # kept
    page.get_by_label(re.compile("^Grund:?$")).fill("Wunsch der Schule")
    page.get_by_role("button", name="Umsetzen").click()
    page.wait_for_load_state()
    checked(page)
    assert Assignment.objects.filter(student=pupil, offer=spare).exists()

    # the teacher records why a pupil does not take part
    page.context.clear_cookies()
    login(page, live_server, teacher)
    checked(page, reverse("entdeckertage:teacher_classes"), live_server, phone=True)
    page.get_by_text("Grund für Nicht-Teilnahme eintragen").click()
    page.get_by_label("Schüler*in").select_option(str(absent.pk))
    page.get_by_label("Grund für die Nicht-Teilnahme").fill("langfristig erkrankt")
    page.get_by_role("button", name="Grund speichern").click()
    page.wait_for_load_state()
    checked(page)
    assert "langfristig erkrankt" in page.content()

    # the company's cancel page (not sent: the day stays)
    page.context.clear_cookies()
    login(page, live_server, company_member.user)
    checked(page, reverse("entdeckertage:offer_cancel", args=[offers[1].pk]), live_server, phone=True)
    page.get_by_role("button", name="Tag absagen").click()
    page.wait_for_load_state()
    checked(page)  # the missing reason, linked and focused
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
