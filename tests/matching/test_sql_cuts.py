"""The database backend's SQL cuts are never stricter than matching.scoring: what SQL drops, scoring would drop
too (scoring decides exactly on what SQL keeps)."""

import dataclasses
import datetime

import pytest

from companies.models import Placement
from matching import scoring
from matching.search import SearchQuery
from matching.search.backends.database import candidate_queryset, facts_for

from .conftest import HOME


@pytest.mark.parametrize(
    "birth_date", [datetime.date(2011, 2, 28), datetime.date(2012, 2, 29), datetime.date(2010, 12, 31)]
)
def test_the_age_cut_keeps_every_placement_the_student_is_old_enough_for(make_placement, birth_date):
    today = datetime.date(2026, 2, 27)
    student = scoring.StudentFacts(
        id=None, latitude=HOME[0], longitude=HOME[1], postal_code="44137", grade=10, birth_date=birth_date,
        expected_qualification=5, travel_radius_km=30,
    )  # fmt: skip
    for min_age in (None, 0, 14, 15, 16, 17, 19, 25):
        for years in {min_age or 16, (min_age or 16) + 1}:
            for shift in (-2, -1, 0, 1):
                start = birthday(birth_date, years) + datetime.timedelta(days=shift)
                if start >= today:
                    make_placement(min_age=min_age, start_date=start)
    query = SearchQuery(student=student, today=today)
    kept = set(candidate_queryset(query).values_list("id", flat=True))
    matcher = scoring.Matcher(student, query.match_request())
    every = facts_for(Placement.objects.all())
    old_enough = {p.id for p in every if "age" not in matcher.ineligibility_reasons(p)}
    assert old_enough <= kept  # never stricter
    assert len(kept) < len(every) and old_enough < {p.id for p in every}  # it cuts, and the data tests the rule


def birthday(birth_date, years):
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return birth_date.replace(year=birth_date.year + years, month=3, day=1)


def test_fields_of_placement_facts_are_read_in_their_order():
    """fact_rows builds PlacementFacts positionally: its column list follows the dataclass's fields."""
    from matching.search.backends.database import FACT_COLUMNS

    assert len(FACT_COLUMNS) == len(dataclasses.fields(scoring.PlacementFacts))
