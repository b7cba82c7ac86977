"""City staff's pages through Django's client: create a season with blocks and phases, edit the phases, watch a run
and publish it, move a pupil by hand with a logged reason; German errors on the fields, nothing lost; pupils,
teachers and companies get 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entdeckertage import services
from entdeckertage.models import AllocationRun, Assignment, AssignmentSource, ManualMove, RunStatus, Season

from .conftest import BLOCKS, ON, PHASES, Phase


@pytest.fixture
def freeze(monkeypatch):
    def at(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return at


def season_data(**kw):
    data = {
        "name": "Entdeckertage 2027",
        "school_year": "2026/27",
        "grade": "8",
        "block_1_from": "2027-04-20",
        "block_1_to": "2027-04-22",
        "block_2_from": "2027-05-18",
        "block_2_to": "2027-05-20",
        "offers_from": "2027-01-11",
        "wishes_from": "2027-02-15",
        "allocation_from": "2027-03-08",
        "booking_from": "2027-03-22",
        "days_from": "2027-04-19",
        "certificates_from": "2027-06-21",
    }
    data.update(kw)
    return data


def test_staff_creates_a_season_with_blocks_and_phases(client, staff):
    client.force_login(staff)
    assert (
        reverse("entdeckertage:staff_season_new") in client.get(reverse("entdeckertage:staff_season")).content.decode()
    )
    url = reverse("entdeckertage:staff_season_new")
    r = client.post(url, season_data(block_2_to="2027-05-18", wishes_from="2027-01-01", name="Mein Name"))
    body = r.content.decode()
    assert r.status_code == 400 and "mindestens drei Tage" in body and 'value="Mein Name"' in body
    r = client.post(url, season_data(wishes_from="2027-01-01"))
    body = r.content.decode()
    assert r.status_code == 400 and "in dieser Reihenfolge" in body and 'href="#id_wishes_from"' in body
    r = client.post(url, season_data(school_year="2026-27"))
    assert r.status_code == 400 and "so an: 2025/26" in r.content.decode()
    assert not Season.objects.exists()
    r = client.post(url, season_data())
    season = Season.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("entdeckertage:staff_season_detail", args=[season.pk])
    blocks = [[d.date for d in b.dates.order_by("date")] for b in season.blocks.order_by("position")]
    assert blocks == [
        [datetime.date(2027, 4, 20), datetime.date(2027, 4, 21), datetime.date(2027, 4, 22)],
        [datetime.date(2027, 5, 18), datetime.date(2027, 5, 19), datetime.date(2027, 5, 20)],
    ]
    assert season.wishes_from == datetime.date(2027, 2, 15) and season.created_by == staff
    page = client.get(r["Location"]).content.decode()
    assert "Entdeckertage 2027" in page and "20.4." in page


def test_staff_edits_phases(client, staff, season):
    client.force_login(staff)
    url = reverse("entdeckertage:staff_phases", args=[season.pk])
    assert 'value="2026-02-16"' in client.get(url).content.decode()
    data = {f: getattr(season, f).isoformat() for f in services.PHASE_FIELDS}
    r = client.post(url, {**data, "certificates_from": "2026-05-01"})  # before the last day
    assert r.status_code == 400 and "erst nach dem letzten Tag" in r.content.decode()
    r = client.post(url, {**data, "booking_from": "2026-03-30"})
    assert r.status_code == 302
    season.refresh_from_db()
    assert season.booking_from == datetime.date(2026, 3, 30)


def test_run_page_shows_progress_and_publishes(
    client, freeze, staff, season, make_offer, make_pupil, django_capture_on_commit_callbacks
):
    offers = [make_offer(date=BLOCKS[0][i], field=f) for i, f in enumerate(("ITC", "EL", "G"))]
    pupil = make_pupil()
    freeze(ON[Phase.WISH])
    services.wishes_set(actor=pupil.user, student=pupil, season=season, offer_ids=[o.pk for o in offers])
    client.force_login(staff)
    running = AllocationRun.objects.create(
        season=season, seed=1, status=RunStatus.RUNNING, progress=40, progress_note="Löser rechnet"
    )
    body = client.get(reverse("entdeckertage:staff_run", args=[running.pk])).content.decode()
    assert 'value="40"' in body and "Löser rechnet" in body and "run_progress.js" in body
    assert reverse("api-edt:run", args=[running.pk]) in body and "Veröffentlichen" not in body
    running.delete()
    freeze(ON[Phase.ALLOCATE])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("entdeckertage:staff_run_start", args=[season.pk]))
    run = season.runs.get()
    assert r["Location"] == reverse("entdeckertage:staff_run", args=[run.pk])
    body = client.get(r["Location"]).content.decode()
    assert "run_progress.js" not in body and "Veröffentlichen" in body and "Anteil an der Schranke" in body
    r = client.post(reverse("entdeckertage:staff_run_publish", args=[run.pk]))
    assert r.status_code == 302 and Assignment.objects.filter(student=pupil).count() == 3


def test_staff_moves_a_pupil_with_a_logged_reason(client, freeze, staff, season, make_offer, make_pupil):
    a_offer = make_offer(date=BLOCKS[0][0], field="ITC", title="Alt")
    b_offer = make_offer(date=BLOCKS[0][0], field="EL", title="Neu")
    full = make_offer(date=BLOCKS[0][1], field="G", title="Voll", seats=1)
    pupil, other = make_pupil(), make_pupil()
    freeze(ON[Phase.BOOKING])
    a = services.booking_create(actor=pupil.user, student=pupil, offer=a_offer)
    services.booking_create(actor=other.user, student=other, offer=full)
    client.force_login(staff)
    search = client.get(reverse("entdeckertage:staff_pupils", args=[season.pk]), {"q": pupil.user.last_name})
    url = reverse("entdeckertage:staff_pupil", args=[season.pk, pupil.pk])
    assert url in search.content.decode()
    body = client.get(url).content.decode()
    assert "Neu" in body and f'value="{full.pk}"' not in body  # full offers are not offered
    r = client.post(url, {"from_assignment": a.pk, "to_offer": b_offer.pk, "reason": ""})
    assert r.status_code == 400 and "Bitte gib einen Grund an" in r.content.decode()
    assert Assignment.objects.get(student=pupil).offer == a_offer  # nothing changed
    r = client.post(url, {"from_assignment": a.pk, "to_offer": b_offer.pk, "reason": "Allergie gegen Öl"})
    assert r.status_code == 302
    moved = Assignment.objects.get(student=pupil)
    assert moved.offer == b_offer and moved.source == AssignmentSource.MANUAL
    log = ManualMove.objects.get()
    assert (log.actor, log.reason, log.from_offer, log.to_offer) == (staff, "Allergie gegen Öl", a_offer, b_offer)
    assert "Allergie gegen Öl" in client.get(url).content.decode()
    assert "Allergie gegen Öl" in client.get(reverse("entdeckertage:staff_season")).content.decode()
    r = client.post(url, {"to_offer": "999999", "reason": "x"})
    assert r.status_code == 400  # not a choice: a German message, no 500


def test_only_city_staff_reach_staff_pages(client, season, make_pupil, company_member, teacher):
    pupil = make_pupil()
    urls = [
        reverse("entdeckertage:staff_season_new"),
        reverse("entdeckertage:staff_season_detail", args=[season.pk]),
        reverse("entdeckertage:staff_phases", args=[season.pk]),
        reverse("entdeckertage:staff_pupils", args=[season.pk]),
        reverse("entdeckertage:staff_pupil", args=[season.pk, pupil.pk]),
    ]
    for user in (pupil.user, company_member.user, teacher):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post(reverse("entdeckertage:staff_season_new"), season_data()).status_code == 403
    assert Season.objects.count() == 1
    assert PHASES  # the season fixture's phases are untouched
    season.refresh_from_db()
    assert season.wishes_from == PHASES["wishes_from"]
