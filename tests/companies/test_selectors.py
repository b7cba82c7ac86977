"""companies/selectors.py: the reads other screens rely on."""

import pytest

from companies import selectors
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_application_counts_match_what_the_company_may_see(placement):
    ApplicationFactory(placement=placement, status="submitted")
    ApplicationFactory(placement=placement, status="accepted")
    ApplicationFactory(placement=placement, status="awaiting_consent", consent="pending")  # not released yet
    counts = selectors.application_counts(placement_ids=[placement.pk])[placement.pk]
    assert counts == {"total": 2, "submitted": 1, "accepted": 1}


def test_dashboard_placements_carry_counts_and_drafts(placement, company, site):
    from tests.factories import PlacementFactory

    draft = PlacementFactory(company=company, site=site, status="draft")
    rows = {p.pk: p for p in selectors.dashboard_placements(company=company)}
    assert set(rows) == {placement.pk, draft.pk}
    assert rows[draft.pk].application_counts == {"total": 0}
