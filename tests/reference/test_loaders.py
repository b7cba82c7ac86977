import csv

import pytest

from backend.reference import loaders
from backend.reference.models import Berufsfeld, District, Occupation, PostalCode, School

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    assert Berufsfeld.objects.count() == 16
    assert Occupation.objects.count() == 318
    assert PostalCode.objects.filter(state_code="NW").count() > 800
    assert District.objects.count() == 12
    assert School.objects.count() == 169


def test_every_dortmund_postal_code_has_a_district():
    dortmund = PostalCode.objects.filter(code__gte="44135", code__lte="44388", place__icontains="Dortmund")
    assert dortmund.count() == 27
    assert not dortmund.filter(district=None).exists()


def test_generic_geonames_points_are_replaced_by_school_centroids():
    # GeoNames puts 44289 (Sölde) at the city centre; the school centroid is ~8 km east.
    assert PostalCode.objects.get(code="44289").longitude == pytest.approx(7.5902)


def test_every_occupation_has_one_to_three_fields_and_every_field_is_used():
    for occupation in Occupation.objects.prefetch_related("berufsfelder"):
        assert 1 <= len(occupation.berufsfelder.all()) <= 3, occupation.slug
    assert not Berufsfeld.objects.filter(occupations=None).exists()


def test_mapping_file_names_each_occupation_once_with_known_codes():
    codes = set(Berufsfeld.objects.values_list("code", flat=True))
    with open(loaders.DATA_DIR / "occupation_berufsfelder.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    slugs = [r["slug"] for r in rows]
    assert len(slugs) == len(set(slugs)) == 318
    for row in rows:
        assert set(row["berufsfelder"].split()) <= codes, row


def test_loading_again_changes_nothing():
    before = (Occupation.objects.count(), PostalCode.objects.count())
    loaders.load_all()
    assert (Occupation.objects.count(), PostalCode.objects.count()) == before
