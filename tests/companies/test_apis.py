"""The JSON API: same services as the pages, German errors in the one error format, constant queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from backend.reference.models import Berufsfeld
from companies.models import Placement, PlacementStatus
from tests.factories import CompanyFactory, PlacementFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (1, 2, 3)).save(buf, "PNG")
    buf.seek(0)
    buf.name = "x.png"
    return buf


def test_placement_list_is_public_and_filters(api_client, placement):
    unverified = CompanyFactory(is_verified=False)
    PlacementFactory(company=unverified)
    PlacementFactory(company=placement.company, site=placement.site, status=PlacementStatus.DRAFT)
    r = api_client.get("/api/v1/placements/")
    assert r.status_code == 200
    assert [row["id"] for row in r.json()["results"]] == [placement.pk]
    row = r.json()["results"][0]
    assert row["company"]["slug"] == placement.company.slug and row["berufsfelder"] == ["it-computer"]
    assert api_client.get("/api/v1/placements/", {"kind": "career_day"}).json()["count"] == 0
    assert api_client.get("/api/v1/placements/", {"company": placement.company.slug}).json()["count"] == 1
    assert api_client.get("/api/v1/placements/", {"district": placement.site.district.slug}).json()["count"] == 1
    bad = api_client.get("/api/v1/placements/", {"berufsfeld": "unsinn"})
    assert bad.status_code == 400 and "berufsfeld" in bad.json()["error"]["fields"]


def _make_placements(n):
    fields = list(Berufsfeld.objects.all()[:3])
    for _ in range(n):
        company = CompanyFactory()
        PlacementFactory(company=company, site=SiteFactory(company=company), berufsfelder=fields)


def test_placement_list_query_count_does_not_grow_with_page_size(api_client):
    _make_placements(50)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            r = api_client.get("/api/v1/placements/", {"page_size": size})
        assert r.status_code == 200 and len(r.json()["results"]) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[50], counts
    assert counts[50] <= 4


def test_company_directory_api_uses_the_same_filters(api_client, placement):
    r = api_client.get("/api/v1/companies/", {"kind": "holiday_internship", "berufsfeld": "it-computer"})
    assert [c["slug"] for c in r.json()["results"]] == [placement.company.slug]
    assert r.json()["results"][0]["open_placements"] == 1


def test_member_creates_and_publishes_placement_through_api(api_client, company, owner, site, in_days):
    api_client.force_authenticate(owner)
    body = {
        "kind": "school_internship",
        "title": "Schülerpraktikum Büro",
        "site": site.pk,
        "start_date": in_days(40).isoformat(),
        "end_date": in_days(30).isoformat(),
        "seats": 2,
        "berufsfelder": ["wirtschaft-verwaltung"],
    }
    r = api_client.post(f"/api/v1/companies/{company.slug}/placements/", body, format="json")
    assert r.status_code == 400
    assert r.json()["error"]["fields"]["end_date"] == ["Das Ende liegt vor dem Beginn. Bitte prüfe die Daten."]
    body["end_date"] = in_days(50).isoformat()
    r = api_client.post(f"/api/v1/companies/{company.slug}/placements/", body, format="json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pk = r.json()["id"]
    r = api_client.post(f"/api/v1/placements/{pk}/publish/")
    assert r.status_code == 200 and r.json()["status"] == "published"
    r = api_client.post(f"/api/v1/placements/{pk}/publish/")
    assert r.status_code == 409 and r.json()["error"]["code"] == "invalid_status"
    r = api_client.post(f"/api/v1/placements/{pk}/copy/")
    assert r.status_code == 201 and r.json()["status"] == "draft"


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x" * 5000},
        {"seats": "viele"},
        {"start_date": "31.02.2027"},
        {"site": 999999},
        {"languages": "de"},
        {"berufsfelder": ["gibt-es-nicht"]},
    ],
)
def test_bad_placement_input_is_a_400_with_german_message(api_client, placement, owner, body):
    api_client.force_authenticate(owner)
    r = api_client.patch(f"/api/v1/placements/{placement.pk}/", body, format="json")
    assert r.status_code == 400
    assert r.json()["error"]["fields"]


def test_site_of_other_company_via_api(api_client, placement, owner):
    api_client.force_authenticate(owner)
    foreign = SiteFactory(company=CompanyFactory())
    r = api_client.patch(f"/api/v1/placements/{placement.pk}/", {"site": foreign.pk}, format="json")
    assert r.status_code == 400 and "anderen Unternehmen" in r.json()["error"]["fields"]["site"][0]


def test_signup_api_creates_account_and_company(api_client):
    r = api_client.post(
        "/api/v1/companies/signup/",
        {"email": "chefin@example.org", "password": "Ein-gutes-Passwort-1", "company_name": "Neu GmbH"},
        format="json",
    )
    assert r.status_code == 201
    assert r.json()["email_verification_required"] is True


def test_logo_upload_api_refuses_svg_and_accepts_png(api_client, company, owner):
    api_client.force_authenticate(owner)
    svg = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    svg.name = "logo.jpg"
    r = api_client.post(f"/api/v1/companies/{company.slug}/logo/", {"image": svg}, format="multipart")
    assert r.status_code == 400 and "SVG" in r.json()["error"]["fields"]["logo"][0]
    r = api_client.post(f"/api/v1/companies/{company.slug}/logo/", {"image": _png()}, format="multipart")
    assert r.status_code == 201 and set(r.json()["logo"]) == {"list", "card", "page"}


def test_photo_limit(api_client, company, owner):
    api_client.force_authenticate(owner)
    for _ in range(6):
        assert (
            api_client.post(
                f"/api/v1/companies/{company.slug}/photos/", {"image": _png()}, format="multipart"
            ).status_code
            == 201
        )
    r = api_client.post(f"/api/v1/companies/{company.slug}/photos/", {"image": _png()}, format="multipart")
    assert r.status_code == 400 and "höchstens 6" in r.json()["error"]["fields"]["image"][0]


def test_dashboard_api_counts_applications(api_client, placement, owner):
    from tests.factories import ApplicationFactory

    ApplicationFactory(placement=placement)
    api_client.force_authenticate(owner)
    rows = api_client.get(f"/api/v1/companies/{placement.company.slug}/placements/").json()["results"]
    assert rows[0]["applications"]["total"] == 1 and "view_count" in rows[0]


def test_staff_api_verify_and_hide_placement(api_client, staff, placement):
    api_client.force_authenticate(staff)
    r = api_client.post(f"/api/v1/staff/placements/{placement.pk}/hide/", {"reason": ""}, format="json")
    assert r.status_code == 400 and "Grund" in r.json()["error"]["fields"]["reason"][0]
    r = api_client.post(f"/api/v1/staff/placements/{placement.pk}/hide/", {"reason": "Irreführend"}, format="json")
    assert r.status_code == 200
    assert not Placement.objects.public().exists()
    assert api_client.get("/api/v1/staff/companies/").status_code == 200
    r = api_client.get(f"/api/v1/companies/{placement.company.slug}/audit/")
    assert r.json()["results"][0]["action"] == "placement.hide"


def test_oversized_description_is_refused_not_a_500(api_client, company, owner):
    api_client.force_authenticate(owner)
    r = api_client.patch(f"/api/v1/companies/{company.slug}/", {"description": "x" * 20000}, format="json")
    assert r.status_code == 400 and "description" in r.json()["error"]["fields"]


def test_company_directory_query_count_does_not_grow_with_page_size(api_client):
    _make_placements(30)
    counts = {}
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            r = api_client.get("/api/v1/companies/", {"page_size": size})
        assert len(r.json()["results"]) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[30], counts
