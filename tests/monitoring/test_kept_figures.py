"""The dashboard shows the figures the background task keeps, with their time; a filter nobody asked for yet, or
figures the worker has not renewed for too long, are counted when asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Role
from companies.models import PlacementKind
from monitoring import services, tasks
from monitoring.models import DashboardFigures
from monitoring.selectors import SchoolYear
from tests.factories import ApplicationFactory, PlacementFactory, StudentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def applications_shown(client, query=""):
    body = client.get(f"/api/v1/stats/{query}").json()
    return body["headline"]["applications"], body["generated_at"]


def add_applications(n):
    placement = PlacementFactory(kind=PlacementKind.SCHOOL_INTERNSHIP)
    for _ in range(n):
        ApplicationFactory(placement=placement, student=StudentProfileFactory())


def test_page_shows_kept_figures_until_the_task_renews_them(client, settings):
    add_applications(5)
    assert applications_shown(client)[0] == 5  # nobody asked yet: counted now, and kept
    assert DashboardFigures.objects.count() == 1
    add_applications(6)
    shown, generated = applications_shown(client)
    assert shown == 5  # the kept figures, with their time
    assert generated == DashboardFigures.objects.get().computed_at.isoformat(timespec="seconds")
    tasks.refresh_dashboard_figures.enqueue()  # what the worker runs every few minutes
    assert applications_shown(client)[0] == 11


def test_the_task_renews_the_filters_of_this_and_last_school_year_shown_in_the_last_day(client):
    add_applications(5)
    field = PlacementFactory().berufsfelder.first()
    year = SchoolYear.of(timezone.localdate())
    old = year.previous.previous
    client.get(f"/api/v1/stats/?kind=school_internship&berufsfeld={field.pk}")
    client.get(f"/api/v1/stats/?school_year={old.label}")
    client.get("/api/v1/stats/?kind=apprenticeship")
    DashboardFigures.objects.filter(key=f"{year.label}|apprenticeship|").update(
        asked_at=timezone.now() - datetime.timedelta(days=2)
    )
    before = dict(DashboardFigures.objects.values_list("key", "computed_at"))
    assert len(before) == 3  # the default was never shown
    tasks.refresh_dashboard_figures.enqueue()
    after = dict(DashboardFigures.objects.values_list("key", "computed_at"))
    assert set(after) == {*before, f"{year.label}||"}
    assert after[f"{year.label}|school_internship|{field.pk}"] > before[f"{year.label}|school_internship|{field.pk}"]
    assert after[f"{year.label}|apprenticeship|"] == before[f"{year.label}|apprenticeship|"]  # not shown for 2 days
    assert after[f"{old.label}||"] == before[f"{old.label}||"]  # long past: counted when asked, not by the task


def test_the_task_work_is_bounded_whatever_is_asked(client, monkeypatch):
    monkeypatch.setattr(services, "PER_RUN", 2)
    for kind in ("school_internship", "apprenticeship", "holiday_internship"):
        client.get(f"/api/v1/stats/?kind={kind}")
    assert len(services.refresh_all_figures()) == 3  # the default and the 2 most recently asked


def test_figures_the_worker_left_too_long_are_counted_again(client, settings):
    add_applications(5)
    applications_shown(client)
    add_applications(5)
    DashboardFigures.objects.update(
        computed_at=timezone.now() - datetime.timedelta(seconds=settings.MONITORING_FIGURES_MAX_AGE + 1)
    )
    assert applications_shown(client)[0] == 10


def test_staff_page_reads_kept_figures_in_a_fixed_number_of_queries(client, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(services, "ASKED_EVERY", datetime.timedelta(days=1))  # a slow run must not add the write
    client.force_login(UserFactory(role=Role.STAFF))
    add_applications(5)
    url = reverse("monitoring:dashboard")
    assert client.get(url).status_code == 200  # counts and keeps
    with django_assert_max_num_queries(12) as kept:
        page = client.get(url)
    assert page.status_code == 200 and "Stand:" in page.content.decode()
    add_applications(30)
    tasks.refresh_dashboard_figures.enqueue()
    with django_assert_max_num_queries(len(kept.captured_queries)):
        client.get(url)


def test_kept_figures_are_in_the_language_of_who_reads_them(client):
    """Table titles and row labels are words: figures counted for an English reader must not be shown to a German
    one (nor the other way round), whoever asked first, and the task renews each language that was asked for."""
    add_applications(5)

    def page(lang):
        return client.get(f"/statistik/?lang={lang}").content.decode()

    assert "Supply and demand by kind" in page("en")  # asked first in English: counted now, in English
    assert "Angebot und Nachfrage nach Art" in page("de")
    assert "Supply and demand by kind" not in page("de")
    tasks.refresh_dashboard_figures.enqueue()
    assert "Supply and demand by kind" in page("en")
    assert "Angebot und Nachfrage nach Art" in page("de")
