"""The search and matches API: filters through django-filter, German errors, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import Role
from seekers.models import ParentLink
from tests.factories import SchoolClassFactory, StudentProfileFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_backend")]


def test_public_search_with_text_filters_and_facets(api_client, make_placement):
    a = make_placement(title="Ausbildung Elektroniker", berufsfelder=("EL",), kind="apprenticeship")
    make_placement(title="Praktikum im Büro", berufsfelder=("WIVE",))
    r = api_client.get("/api/v1/search/", {"q": "Elektroniker"})
    assert r.status_code == 200
    assert [x["id"] for x in r.json()["results"]] == [a.id]
    r = api_client.get("/api/v1/search/", {"kind": "apprenticeship", "berufsfeld": "elektro"})
    body = r.json()
    assert body["count"] == 1 and body["results"][0]["kind_label"] == "Ausbildung"
    r = api_client.get("/api/v1/search/")
    facets = r.json()["facets"]
    assert {"value": "apprenticeship", "label": "Ausbildung", "count": 1} in facets["kind"]
    assert "score" not in r.json()["results"][0]


def test_radius_around_a_postal_code(api_client, make_placement):
    near = make_placement(km_north=2)
    make_placement(km_north=30)
    r = api_client.get("/api/v1/search/", {"plz": "44137", "radius": 10})
    assert [x["id"] for x in r.json()["results"]] == [near.id]
    assert r.json()["results"][0]["distance_km"] == pytest.approx(2, abs=0.5)


@pytest.mark.parametrize(
    "params,field",
    [
        ({"plz": "99999"}, "plz"),
        ({"plz": "abc"}, "plz"),
        ({"radius": 5}, "radius"),
        ({"radius": "viel"}, "radius"),
        ({"kind": "weltraum"}, "kind"),
        ({"date_from": "2026-13-45"}, "date_from"),
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "date_to"),
        ({"sort": "zufall"}, "sort"),
        ({"page": 0}, "page"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_bad_input_is_a_german_400(api_client, params, field):
    r = api_client.get("/api/v1/search/", params)
    assert r.status_code == 400
    error = r.json()["error"]
    assert field in error["fields"]


def test_matches_need_login_and_a_student_profile(api_client):
    assert api_client.get("/api/v1/matches/").status_code in (401, 403)
    api_client.force_authenticate(UserFactory(role=Role.COMPANY))
    r = api_client.get("/api/v1/matches/")
    assert r.status_code == 409 and "Profil" in r.json()["error"]["message"]


def test_matches_have_reasons_and_score_parts(api_client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5})
    p = make_placement(km_north=4.2, min_grade=9)
    api_client.force_authenticate(student.user)
    r = api_client.get("/api/v1/matches/")
    assert r.status_code == 200
    first = r.json()["results"][0]
    assert first["id"] == p.id
    assert "passt zu deinen Interessen „IT, Computer“" in first["reasons"]
    assert "ab Klasse 9" in first["reasons"]
    assert set(first["score_parts"]) == {"interest", "proximity", "level_fit", "chance"}


def test_matches_of_another_student_only_for_linked_parent_or_teacher(api_client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5})
    make_placement()
    stranger = UserFactory(role=Role.PARENT)
    api_client.force_authenticate(stranger)
    assert api_client.get("/api/v1/matches/", {"student": student.pk}).status_code == 404
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=student)
    api_client.force_authenticate(parent)
    assert api_client.get("/api/v1/matches/", {"student": student.pk}).json()["count"] == 1
    teacher = UserFactory(role=Role.TEACHER)
    klass = SchoolClassFactory()
    klass.teachers.add(teacher)
    klass.memberships.create(student=student)
    api_client.force_authenticate(teacher)
    assert api_client.get("/api/v1/matches/", {"student": student.pk}).json()["count"] == 1
    assert api_client.get("/api/v1/matches/", {"student": "abc"}).status_code == 400
    assert api_client.get("/api/v1/matches/", {"student": 999999}).status_code == 404


def test_matches_answer_in_a_constant_number_of_queries(api_client, make_placement):
    student = StudentProfileFactory(interests={"ITC": 5, "EL": 2})
    api_client.force_authenticate(student.user)
    make_placement(berufsfelder=("ITC", "EL"))
    api_client.get("/api/v1/matches/")  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get("/api/v1/matches/").json()["count"] == 1
    for i in range(30):
        make_placement(km_north=i / 10, berufsfelder=("ITC", "EL", "M"))
    with CaptureQueriesContext(connection) as many:
        body = api_client.get("/api/v1/matches/").json()
    assert body["count"] == 31 and len(body["results"]) == 20
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_search_api_takes_the_occupation_slug_or_name(api_client, make_placement):
    from backend.reference.models import Occupation

    tischler = Occupation.objects.get(slug="tischler")
    p = make_placement(kind="apprenticeship", occupation=tischler)
    make_placement(kind="apprenticeship")
    url = "/api/v1/search/"
    for value in ("tischler", "Tischler/Tischlerin"):
        assert [r["id"] for r in api_client.get(url, {"occupation": value}).json()["results"]] == [p.id]
    r = api_client.get(url, {"occupation": "kauf"})
    assert r.status_code == 400
    assert "Mehrere Berufe passen" in r.json()["error"]["fields"]["occupation"][0]
