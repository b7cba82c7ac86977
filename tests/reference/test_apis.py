import pytest

pytestmark = pytest.mark.django_db


def test_berufsfelder_are_listed_in_catalogue_order(api_client):
    data = api_client.get("/api/v1/reference/berufsfelder/").json()
    assert [b["code"] for b in data][:3] == ["BAV", "D", "EL"]
    assert len(data) == 16


def test_occupations_search_by_name_and_field(api_client):
    data = api_client.get("/api/v1/reference/occupations/", {"q": "Fachinformatiker"}).json()
    assert data["count"] >= 1
    assert all("ITC" in o["berufsfelder"] for o in data["results"])
    by_field = api_client.get("/api/v1/reference/occupations/", {"berufsfeld": "VL"}).json()
    assert by_field["count"] > 5


def test_postal_code_lookup_and_unknown_code(api_client):
    data = api_client.get("/api/v1/reference/postal-codes/44137/").json()
    assert data["district"] == "Innenstadt-West"
    response = api_client.get("/api/v1/reference/postal-codes/99999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_overlong_query_is_not_an_error(api_client):
    response = api_client.get("/api/v1/reference/schools/", {"q": "x" * 5000})
    assert response.status_code == 200
