"""The Entdeckertage API through the real client: each step, our error format, and who may see what."""

import datetime

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from entdeckertage import services
from entdeckertage.models import Assignment, Season
from seekers.models import ParentLink
from tests.factories import CompanyMemberFactory, StudentProfileFactory, TeacherProfileFactory, UserFactory

from .conftest import BLOCKS, ON, Phase

URL = "/api/v1/entdeckertage"


@pytest.fixture
def freeze(monkeypatch):
    """Let the services and selectors see a given day as today."""

    def at(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return at


def auth(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_season_create_by_staff_and_error_format(api_client, staff, company_member):
    body = {
        "name": "ET 2027",
        "school_year": "2026/27",
        "blocks": [["2027-04-20", "2027-04-21", "2027-04-22"]],
        "offers_from": "2027-01-11",
        "wishes_from": "2027-02-15",
        "allocation_from": "2027-03-08",
        "booking_from": "2027-03-22",
        "days_from": "2027-04-19",
        "certificates_from": "2027-04-26",
    }
    r = auth(api_client, company_member.user).post(f"{URL}/seasons/", body, format="json")
    assert r.status_code == 403 and r.json()["error"]["code"]
    r = auth(api_client, staff).post(f"{URL}/seasons/", {**body, "blocks": [["2027-04-24"]]}, format="json")
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "invalid" and "blocks" in err["fields"]
    r = auth(api_client, staff).post(f"{URL}/seasons/", body, format="json")
    assert r.status_code == 201 and r.json()["blocks"][0]["dates"] == body["blocks"][0]
    assert Season.objects.filter(name="ET 2027").exists()


def test_walk_offer_wish_book(api_client, freeze, season, company_member, site, klass, make_pupil):
    freeze(ON[Phase.OFFER])
    body = {
        "company": company_member.company.id,
        "site": site.id,
        "date": BLOCKS[0][0].isoformat(),
        "berufsfeld": 6,
        "title": "Programmieren",
        "start_time": "08:00",
        "end_time": "11:00",
        "seats": 2,
    }
    r = auth(api_client, company_member.user).post(f"{URL}/seasons/{season.id}/offers/", body, format="json")
    assert r.status_code == 400 and "end_time" in r.json()["error"]["fields"]
    r = api_client.post(f"{URL}/seasons/{season.id}/offers/", {**body, "end_time": "13:00"}, format="json")
    assert r.status_code == 201, r.json()
    offer_id = r.json()["id"]
    pupil = make_pupil(interests={"ITC": 5})
    freeze(ON[Phase.WISH])
    r = auth(api_client, pupil.user).get(f"{URL}/seasons/{season.id}/offers/ranked/")
    assert r.status_code == 200 and r.json()[0]["offer"]["id"] == offer_id
    assert any("Interessen" in reason for reason in r.json()[0]["reasons"])
    r = api_client.put(f"{URL}/seasons/{season.id}/me/wishes/", {"offers": [offer_id], "widen": True}, format="json")
    assert r.status_code == 200 and r.json()["wishes"][0]["offer"]["id"] == offer_id and r.json()["widen"]
    freeze(ON[Phase.BOOKING])
    r = api_client.post(f"{URL}/seasons/{season.id}/me/bookings/", {"offer": offer_id}, format="json")
    assert r.status_code == 201
    r = api_client.post(f"{URL}/seasons/{season.id}/me/bookings/", {"offer": offer_id}, format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "date_taken"
    assert "Pro Datum" in r.json()["error"]["message"]


def test_allocation_over_the_api(
    api_client, freeze, season, make_offer, make_pupil, staff, django_capture_on_commit_callbacks
):
    d1, d2, d3 = BLOCKS[0]
    offers = [make_offer(date=d1, field="ITC"), make_offer(date=d2, field="EL"), make_offer(date=d3, field="G")]
    freeze(ON[Phase.WISH])
    pupil = make_pupil()
    services.wishes_set(actor=pupil.user, student=pupil, season=season, offer_ids=[o.id for o in offers])
    freeze(ON[Phase.ALLOCATE])
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit
        r = auth(api_client, staff).post(
            f"{URL}/seasons/{season.id}/runs/", {"seed": 3, "time_limit_s": 5}, format="json"
        )
    assert r.status_code == 202 and r.json()["status"] == "queued"
    run = api_client.get(f"{URL}/runs/{r.json()['id']}/").json()
    assert run["status"] == "done" and run["figures"]["three_days"] == 1 and run["seed"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        r = api_client.post(f"{URL}/runs/{run['id']}/publish/")
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = auth(api_client, pupil.user).get(f"{URL}/seasons/{season.id}/me/")
    assert [d["offer"]["id"] for d in r.json()["days"]] == [o.id for o in offers]
    r = auth(api_client, staff).get(f"{URL}/seasons/{season.id}/coverage/")
    assert r.json()["days"]["3"] == 1


@pytest.fixture
def matrix(season, make_offer, make_pupil, klass, teacher):
    """One assignment and everyone around it."""
    offer = make_offer()
    pupil = make_pupil()
    a = Assignment.objects.create(
        season=season, student=pupil, offer=offer, date=offer.date, berufsfeld=offer.berufsfeld, source="manual"
    )
    parent = UserFactory(role=Role.PARENT)
    ParentLink.objects.create(parent=parent, student=pupil)
    people = {
        "staff": UserFactory(role=Role.STAFF),
        "company": offer.company.memberships.first().user,
        "teacher": teacher,
        "pupil": pupil.user,
        "parent": parent,
        "other_pupil": make_pupil().user,
        "other_parent": UserFactory(role=Role.PARENT),
        "other_teacher": TeacherProfileFactory().user,
        "other_company": CompanyMemberFactory().user,
    }
    return {"season": season, "offer": offer, "pupil": pupil, "assignment": a, "class": klass, "people": people}


# who gets 200 (everyone else 404 or 403, never data)
MATRIX = {
    "student_days": {"staff", "teacher", "pupil", "parent"},
    "offer_pupils": {"staff", "company"},
    "class_overview": {"staff", "teacher"},
    "svws": {"staff", "teacher"},
    "coverage": {"staff"},
    "runs": {"staff"},
    "season_pupils": {"staff"},
    "certificate": {"teacher", "pupil", "parent"},
}


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_permission_matrix(api_client, matrix, endpoint):
    s, p, c, o = matrix["season"].id, matrix["pupil"].id, matrix["class"].id, matrix["offer"].id
    url = {
        "student_days": f"{URL}/seasons/{s}/students/{p}/",
        "offer_pupils": f"{URL}/offers/{o}/pupils/",
        "class_overview": f"{URL}/seasons/{s}/classes/{c}/",
        "svws": f"{URL}/seasons/{s}/classes/{c}/svws.csv",
        "coverage": f"{URL}/seasons/{s}/coverage/",
        "runs": f"{URL}/seasons/{s}/runs/",
        "season_pupils": f"{URL}/seasons/{s}/pupils/?q={matrix['pupil'].user.first_name} {matrix['pupil'].user.last_name}",
        "certificate": f"{URL}/seasons/{s}/students/{p}/certificate.pdf",
    }[endpoint]
    assert api_client.get(url).status_code in (401, 403)
    for who, user in matrix["people"].items():
        api_client.force_authenticate(user)
        r = api_client.get(url)
        expected = who in MATRIX[endpoint]
        assert (r.status_code == 200) == expected, (who, r.status_code)
        if not expected:
            assert r.status_code in (403, 404)
        elif endpoint == "season_pupils":
            assert [x["id"] for x in r.json()["results"]] == [p]


def test_attendance_feedback_certificate_and_svws(api_client, matrix):
    a = matrix["assignment"]
    company = matrix["people"]["company"]
    r = auth(api_client, matrix["people"]["other_company"]).post(
        f"{URL}/days/{a.id}/attendance/", {"came": True}, format="json"
    )
    assert r.status_code == 404
    r = auth(api_client, company).post(
        f"{URL}/days/{a.id}/attendance/", {"came": True, "feedback": "Sehr interessiert"}, format="json"
    )
    if a.date > timezone.localdate():
        assert r.status_code == 409 and r.json()["error"]["code"] == "too_early"
        services.attendance_confirm(actor=company, assignment=a, came=True, feedback="Sehr interessiert", today=a.date)
    r = auth(api_client, matrix["people"]["pupil"]).get(f"{URL}/seasons/{a.season_id}/me/")
    assert r.json()["days"][0]["feedback"] == "Sehr interessiert"
    r = api_client.get(f"{URL}/seasons/{a.season_id}/students/{a.student_id}/certificate.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = auth(api_client, matrix["people"]["teacher"]).get(
        f"{URL}/seasons/{a.season_id}/classes/{matrix['class'].id}/svws.csv"
    )
    text = r.content.decode("utf-8-sig")
    assert f"SBO 5.1.1;{a.date.isoformat()};6;ITC" in text.replace('"', "")


def test_svws_no_participation_reason(api_client, matrix):
    other = StudentProfileFactory(grade=8)
    matrix["class"].memberships.create(student=other)
    teacher = matrix["people"]["teacher"]
    r = auth(api_client, teacher).put(
        f"{URL}/seasons/{matrix['season'].id}/students/{other.id}/participation/",
        {"no_participation_reason": "längere Krankheit"},
        format="json",
    )
    assert r.status_code == 204
    text = api_client.get(f"{URL}/seasons/{matrix['season'].id}/classes/{matrix['class'].id}/svws.csv").content
    assert "SBO 5.1.8" in text.decode("utf-8-sig") and "längere Krankheit" in text.decode("utf-8-sig")
