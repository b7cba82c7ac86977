"""The Entdeckertage pages through Django's client: each role's page, the pupil's wish/book/certificate steps,
the company's attendance form, teacher and staff pages, and that other roles get 403/404 and bad input a 400
page with a German message (never a 500)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Role
from entdeckertage import services
from entdeckertage.models import Assignment, Attendance, Wish
from seekers.models import ParentLink
from tests.factories import UserFactory

from .conftest import BLOCKS, ON, Phase


@pytest.fixture
def freeze(monkeypatch):
    def at(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return at


@pytest.fixture
def world(season, make_offer, make_pupil):
    offers = [
        make_offer(date=BLOCKS[0][0], field="ITC", title="IT-Tag"),
        make_offer(date=BLOCKS[0][1], field="EL", title="Pflege-Tag"),
        make_offer(date=BLOCKS[0][2], field="G", title="Handwerk-Tag"),
    ]
    pupil = make_pupil()
    return {"offers": offers, "pupil": pupil}


def test_pupil_wishes_add_reorder_remove(client, freeze, world):
    freeze(ON[Phase.WISH])
    pupil, offers = world["pupil"], world["offers"]
    client.force_login(pupil.user)
    url = reverse("entdeckertage:my_days")
    r = client.get(url)
    assert r.status_code == 200 and "IT-Tag" in r.content.decode() and "km entfernt" in r.content.decode()
    for o in offers[:2]:
        assert client.post(url, {"action": "add", "offer": o.pk}).status_code == 302
    assert [w.offer_id for w in Wish.objects.filter(student=pupil).order_by("rank")] == [offers[0].pk, offers[1].pk]
    client.post(url, {"action": "up", "offer": offers[1].pk})
    assert [w.offer_id for w in Wish.objects.filter(student=pupil).order_by("rank")] == [offers[1].pk, offers[0].pk]
    client.post(url, {"action": "remove", "offer": offers[1].pk})
    assert list(Wish.objects.filter(student=pupil).values_list("offer_id", flat=True)) == [offers[0].pk]
    client.post(url, {"action": "widen", "widen": "on"})
    assert 'id="widen" name="widen" checked' in client.get(url).content.decode()


def test_pupil_bad_input_gets_400_with_german_message(client, freeze, world):
    freeze(ON[Phase.WISH])
    client.force_login(world["pupil"].user)
    url = reverse("entdeckertage:my_days")
    client.post(url, {"action": "add", "offer": world["offers"][0].pk})
    r = client.post(url, {"action": "add", "offer": "abc"})
    assert r.status_code == 400 and "Bitte wähle ein Angebot" in r.content.decode()
    r = client.post(url, {"action": "add", "offer": world["offers"][0].pk})  # twice
    assert r.status_code == 400 and "nur einmal" in r.content.decode()
    assert Wish.objects.filter(student=world["pupil"]).count() == 1  # nothing lost
    r = client.post(url, {"action": "book", "offer": world["offers"][1].pk})  # wish phase: no booking
    assert r.status_code == 400 and 'role="alert"' in r.content.decode()
    r = client.post(url, {"action": "nonsense"})
    assert r.status_code == 400


def test_pupil_books_sees_result_and_certificate(client, freeze, world):
    freeze(ON[Phase.BOOKING])
    pupil, offers = world["pupil"], world["offers"]
    client.force_login(pupil.user)
    url = reverse("entdeckertage:my_days")
    assert client.post(url, {"action": "book", "offer": offers[0].pk}).status_code == 302
    a = Assignment.objects.get(student=pupil)
    page = client.get(url).content.decode()
    assert "Meine Tage" in page and offers[0].site.street in page
    r = client.post(url, {"action": "book", "offer": offers[0].pk})  # same day twice
    assert r.status_code == 400
    cert = reverse("entdeckertage:certificate", args=[a.season_id, pupil.pk])
    r = client.get(cert)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_other_roles_cannot_use_pupil_pages(client, world, company_member, season):
    client.force_login(company_member.user)
    assert client.get(reverse("entdeckertage:my_days")).status_code == 403
    other = UserFactory(role=Role.STUDENT)
    client.force_login(other)
    cert = reverse("entdeckertage:certificate", args=[season.pk, world["pupil"].pk])
    assert client.get(cert).status_code in (403, 404)
    client.logout()
    assert client.get(reverse("entdeckertage:my_days")).status_code == 302


def test_company_sees_pupils_and_confirms_attendance(client, freeze, world, company_member):
    freeze(ON[Phase.BOOKING])
    pupil, offer = world["pupil"], world["offers"][0]
    a = services.booking_create(actor=pupil.user, student=pupil, offer=offer)
    client.force_login(company_member.user)
    page = client.get(reverse("entdeckertage:company_offers")).content.decode()
    assert pupil.user.last_name in page and "IT-Tag" in page
    url = reverse("entdeckertage:attendance", args=[a.pk])
    r = client.post(url, {"came": "1", "feedback": "Sehr neugierig"})  # before the day: refused, input kept
    assert r.status_code == 400 and "Sehr neugierig" in r.content.decode()
    freeze(offer.date)
    r = client.post(url, {"came": "", "feedback": "x"})
    assert r.status_code == 400 and "war da" in r.content.decode()
    assert client.post(url, {"came": "1", "feedback": "Sehr neugierig"}).status_code == 302
    a.refresh_from_db()
    assert a.attendance == Attendance.CAME and a.feedback == "Sehr neugierig"
    other = UserFactory(role=Role.COMPANY)
    client.force_login(other)
    assert client.post(url, {"came": "0"}).status_code == 404
    client.force_login(pupil.user)
    assert client.get(reverse("entdeckertage:company_offers")).status_code == 403


def test_teacher_overview_remind_programme(client, freeze, world, teacher, klass):
    teacher.email_verified_at = timezone.now()
    teacher.save()
    freeze(ON[Phase.WISH])
    client.force_login(teacher)
    page = client.get(reverse("entdeckertage:teacher_classes")).content.decode()
    assert world["pupil"].user.last_name in page and "8a" in page
    season = world["offers"][0].season
    r = client.post(reverse("entdeckertage:teacher_class_action", args=[season.pk, klass.pk, "erinnern"]))
    assert r.status_code == 302
    r = client.get(reverse("entdeckertage:class_programme", args=[season.pk, klass.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    other = UserFactory(role=Role.TEACHER)
    client.force_login(other)
    assert client.get(reverse("entdeckertage:class_programme", args=[season.pk, klass.pk])).status_code == 404


def test_staff_runs_allocation_and_publishes(client, freeze, world, staff, django_capture_on_commit_callbacks):
    freeze(ON[Phase.WISH])
    pupil, offers = world["pupil"], world["offers"]
    season = offers[0].season
    services.wishes_set(actor=pupil.user, student=pupil, season=season, offer_ids=[o.pk for o in offers])
    freeze(ON[Phase.ALLOCATE])
    client.force_login(staff)
    url = reverse("entdeckertage:staff_season")
    assert "Abdeckung" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("entdeckertage:staff_run_start", args=[season.pk])).status_code == 302
    run = season.runs.get()
    run.refresh_from_db()
    assert run.status == "done"  # ImmediateBackend
    assert client.post(reverse("entdeckertage:staff_run_publish", args=[run.pk])).status_code == 302
    assert Assignment.objects.filter(student=pupil).count() == 3
    client.force_login(pupil.user)
    assert client.get(url).status_code == 403


def test_parent_sees_programme(client, freeze, world):
    freeze(ON[Phase.BOOKING])
    pupil = world["pupil"]
    services.booking_create(actor=pupil.user, student=pupil, offer=world["offers"][2])
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=pupil)
    client.force_login(parent)
    page = client.get(reverse("entdeckertage:parent_days")).content.decode()
    assert "Handwerk-Tag" in page and world["offers"][2].site.street in page
    stranger = UserFactory(role=Role.PARENT)
    client.force_login(stranger)
    assert "Handwerk-Tag" not in client.get(reverse("entdeckertage:parent_days")).content.decode()
