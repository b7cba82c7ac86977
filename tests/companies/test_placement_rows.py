"""The public placement list writes its rows without DRF's field machinery (serializers.placement_public_rows):
the JSON must stay exactly what PlacementSerializer gives, key for key and in the same order, for every kind
of row (empty and filled optional fields, several Berufsfelder, a contact, a site without district)."""

import datetime
import json

import pytest
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from backend.reference.models import Berufsfeld, Occupation, Qualification
from companies import selectors
from companies.models import ContactPerson, PlacementKind
from companies.serializers import PlacementSerializer, placement_public_rows
from tests.factories import CompanyFactory, PlacementFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False)  # keeps the key order: the same text means the same document


def _instances():
    """The placements as the list read them before it read plain values: Berufsfelder by id."""
    by_id = Prefetch("berufsfelder", queryset=Berufsfeld.objects.order_by("id"))
    return list(selectors.placement_public_list().select_related("company", "site").prefetch_related(by_id))


def _values(queryset) -> list[dict]:
    return selectors.placement_berufsfelder_added(list(selectors.placement_public_values(queryset)))


def test_rows_are_the_serializers_json(api_client):
    company = CompanyFactory(name="Hafen & Co. KG")
    plain = PlacementFactory(company=company, description="", languages=[])
    site = SiteFactory(company=company, district=None)
    contact = ContactPerson.objects.create(company=company, name="Frau Öztürk", email="oe@example.org")
    start = timezone.localdate() + datetime.timedelta(days=30)
    full = PlacementFactory(
        company=company,
        site=site,
        kind=PlacementKind.APPRENTICESHIP,
        title="Ausbildung Fachinformatiker*in",
        occupation=Occupation.objects.order_by("name").first(),
        description="<p>Mit <strong>Herz</strong> & Verstand</p>",
        start_date=start,
        end_date=None,
        seats=3,
        min_grade=9,
        min_age=16,
        required_qualification=Qualification.EESA,
        application_deadline=start - datetime.timedelta(days=10),
        is_accessible=True,
        accessibility_notes="Aufzug am Eingang",
        languages=["de", "tr"],
        contact=contact,
        published_at=datetime.datetime(2026, 7, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC),  # summer time
        berufsfelder=list(Berufsfeld.objects.order_by("-id")[:3]),
    )
    winter = PlacementFactory(
        company=company, published_at=datetime.datetime(2026, 1, 15, 8, 0, tzinfo=datetime.UTC), berufsfelder=[]
    )
    request = APIRequestFactory().get("/api/v1/placements/", HTTP_HOST="testserver")
    placements = _instances()
    assert {p.pk for p in placements} == {plain.pk, full.pk, winter.pk}

    expected = PlacementSerializer(placements, many=True, context={"request": request}).data
    rows = placement_public_rows(_values(selectors.placement_public_list()), request)
    assert _as_json(rows) == _as_json(expected)

    by_id = {r["id"]: r for r in rows}  # the cases the comparison covers
    assert by_id[full.pk]["published_at"].endswith("+02:00") and by_id[winter.pk]["published_at"].endswith("+01:00")
    assert by_id[full.pk]["location"]["district"] is None and by_id[full.pk]["contact"] == contact.pk
    assert len(by_id[full.pk]["berufsfelder"]) == 3 and by_id[winter.pk]["berufsfelder"] == []


def test_the_list_api_answers_with_those_rows(api_client):
    placement = PlacementFactory()
    r = api_client.get("/api/v1/placements/")
    request = APIRequestFactory().get("/api/v1/placements/", HTTP_HOST="testserver")
    expected = PlacementSerializer(_instances(), many=True, context={"request": request})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["results"] == json.loads(_as_json(expected.data))
    assert r.json()["results"][0]["id"] == placement.pk
