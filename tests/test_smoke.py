import pytest

from backend.reference.models import Berufsfeld, District, Occupation, PostalCode

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    assert Berufsfeld.objects.count() == 16
    assert Occupation.objects.count() == 318
    assert PostalCode.objects.filter(state_code="NW").count() > 800
    assert District.objects.count() == 12
    # every Dortmund postal code knows its Stadtbezirk
    assert not PostalCode.objects.filter(code__startswith="44", place__contains="Dortmund", district=None).exists()


def test_home_page_is_german(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'lang="de"' in response.content
