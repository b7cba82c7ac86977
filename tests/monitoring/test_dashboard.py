"""The dashboard, its exports, the public page and GET /api/v1/stats/: who sees what, and that no figure about
fewer than 5 people leaves the server."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Role
from companies.models import PlacementKind
from monitoring.models import DailySnapshot
from monitoring.selectors import Filters, SchoolYear, dashboard
from monitoring.services import take_snapshot
from seekers.models import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    PlacementFactory,
    SiteFactory,
    StudentProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """7 students apply to one school internship, 2 of them are accepted; 5 apply to an apprenticeship and are
    declined; 1 lone Gymnasium student applies to a holiday internship and is accepted (a group of one: must never
    be visible); an idle company in field ITC."""
    today = timezone.localdate()
    internship = PlacementFactory(kind=PlacementKind.SCHOOL_INTERNSHIP, seats=3)
    holiday = PlacementFactory(kind=PlacementKind.HOLIDAY_INTERNSHIP, seats=2)
    students = [StudentProfileFactory(school_type="realschule", interests={"ITC": 5}) for _ in range(7)]
    for i, student in enumerate(students):
        ApplicationFactory(
            student=student,
            placement=internship,
            status=ApplicationStatus.ACCEPTED if i < 2 else ApplicationStatus.SUBMITTED,
        )
    apprenticeship = PlacementFactory(kind=PlacementKind.APPRENTICESHIP, seats=1)
    for _ in range(5):
        ApplicationFactory(
            student=StudentProfileFactory(interests={"G": 3}),
            placement=apprenticeship,
            status=ApplicationStatus.DECLINED,
        )
    lone = StudentProfileFactory(school_type="gymnasium", user__first_name="Einzigartig", interests={"BAV": 4})
    ApplicationFactory(student=lone, placement=holiday, status=ApplicationStatus.ACCEPTED)
    idle = CompanyFactory(name="Ruhiger Betrieb GmbH")
    idle.berufsfelder.set([internship.berufsfelder.first()])
    SiteFactory(company=idle)
    return {"year": SchoolYear.of(today), "lone": lone, "internship": internship}


def people_values(data):
    for table in data["tables"]:
        for column in table["columns"]:
            if column["kind"] in ("people", "share", "median"):
                for row in table["rows"]:
                    yield table["key"], column, row["values"][column["key"]]
                if table["total"]:
                    yield table["key"], column, table["total"][column["key"]]


def test_no_people_figure_between_one_and_four(world):
    data = dashboard(Filters(world["year"]))
    checked = 0
    for key, column, value in people_values(data):
        checked += 1
        if column["kind"] == "people":
            assert value is None or value == 0 or value >= 5, (key, column["key"], value)
    assert checked > 50
    by_kind = next(t for t in data["tables"] if t["key"] == "by_kind")
    school = next(r for r in by_kind["rows"] if r["key"] == PlacementKind.SCHOOL_INTERNSHIP)
    holiday = next(r for r in by_kind["rows"] if r["key"] == PlacementKind.HOLIDAY_INTERNSHIP)
    assert school["values"]["applications"] == 7  # 7 applications: shown
    assert school["values"]["placed_share"] is None  # 2 of 7 placed: "2" is about 2 people
    assert holiday["values"]["applications"] is None  # the lone student
    apprenticeship = next(r for r in by_kind["rows"] if r["key"] == PlacementKind.APPRENTICESHIP)
    assert apprenticeship["values"]["applications"] is None  # 5 is shown alone, but here it hides the lone one
    assert by_kind["total"]["applications"] == 13
    assert holiday["values"]["seats"] == 2  # seats are not people: shown
    # the lone student's school form is hidden, and so is a partner, so total − rest does not give it away
    by_form = next(t for t in data["tables"] if t["key"] == "placed_by_school_type")
    gym = next(r for r in by_form["rows"] if r["key"] == "gymnasium")
    assert gym["values"]["applied"] is None
    shown = [r["values"]["applied"] for r in by_form["rows"] if r["values"]["applied"] is not None]
    total = by_form["total"]["applied"]
    assert total is None or total - sum(shown) >= 5


def test_staff_sees_the_dashboard_others_do_not(client, world):
    url = reverse("monitoring:dashboard")
    assert client.get(url).status_code == 302  # to the login
    for role in (Role.STUDENT, Role.COMPANY, Role.TEACHER, Role.PARENT):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 403
        assert client.get(reverse("monitoring:dashboard_export", args=["csv"])).status_code == 403
    client.force_login(UserFactory(role=Role.STAFF))
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Angebot und Nachfrage nach Berufsfeld" in html
    assert "Einzigartig" not in html and world["lone"].user.email not in html
    assert 'id="mon-data"' in html


def test_gaps_name_idle_companies_to_staff_only(client, world):
    data = dashboard(Filters(world["year"]))
    gap = next(g for g in data["gaps"] if g["berufsfeld"] == world["internship"].berufsfelder.first().name)
    assert gap["interested"] == 7 and gap["seats"] == 6  # all three placements are in ITC at 44137
    assert "Ruhiger Betrieb GmbH" in gap["idle_companies"]
    assert "gaps" not in dashboard(Filters(world["year"]), public=True)
    assert "Ruhiger Betrieb" not in client.get(reverse("monitoring:public")).content.decode()


def test_exports_hide_what_the_page_hides(client, world):
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.get(reverse("monitoring:dashboard_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert any("dl-de/by-2.0" in cell for row in rows for cell in row)
    assert any(row and row[0] == "Ferienpraktikum" and "<5" in row for row in rows)
    xlsx = client.get(reverse("monitoring:dashboard_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    assert "&lt;5" in text and "Einzigartig" not in text
    assert client.get("/stadt/monitoring/export.pdf").status_code == 404


def test_public_api_same_rule_and_documented(api_client, world):
    response = api_client.get("/api/v1/stats/")
    assert response.status_code == 200
    body = response.json()
    assert "dl-de/by-2.0" in body["licence"]
    assert "gaps" not in body
    for _key, column, value in people_values(body):
        if column["kind"] == "people":
            assert value is None or value == 0 or value >= 5
    assert json.dumps(body).count("Einzigartig") == 0
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/stats/" in schema


@pytest.mark.parametrize(
    "query",
    ["school_year=1999", "school_year=2026/28", "kind=zirkus", "berufsfeld=999", "berufsfeld=abc", "school_year=%00"],
)
def test_bad_filters_answer_400_with_a_message(api_client, client, query):
    response = api_client.get(f"/api/v1/stats/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    page = client.get(f"/statistik/?{query}")
    assert page.status_code == 400
    if "%00" not in query:  # a NUL byte is refused for every page before any view (backend/api's input guard)
        assert "Wähle" in page.content.decode()


def test_filters_narrow_the_figures(api_client, world):
    field = world["internship"].berufsfelder.first()
    body = api_client.get(f"/api/v1/stats/?kind=school_internship&berufsfeld={field.pk}").json()
    by_kind = next(t for t in body["tables"] if t["key"] == "by_kind")
    assert [r["key"] for r in by_kind["rows"]] == ["school_internship"]
    by_field = next(t for t in body["tables"] if t["key"] == "by_field")
    assert [r["label"] for r in by_field["rows"]] == [field.name]
    assert body["trends"]["filtered"] is True


def test_snapshot_is_idempotent_and_feeds_the_trend(world, django_assert_max_num_queries):
    today = timezone.localdate()
    take_snapshot(today)
    take_snapshot(today)
    assert DailySnapshot.objects.filter(day=today).count() == 1
    snapshot = DailySnapshot.objects.get(day=today)
    assert snapshot.figures["applications"] == 13
    data = dashboard(Filters(world["year"]))
    points = data["trends"]["years"][world["year"].label]
    assert points[-1]["date"] == today.isoformat() and points[-1]["applications"] == 13


def test_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as small:
        dashboard(Filters(world["year"]))
    for _ in range(3):
        placement = PlacementFactory()
        for _ in range(4):
            ApplicationFactory(placement=placement, student=StudentProfileFactory(interests={"ITC": 3}))
    with django_assert_max_num_queries(len(small.captured_queries)):
        dashboard(Filters(world["year"]))
