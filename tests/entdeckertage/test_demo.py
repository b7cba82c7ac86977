import pytest
from django.utils import timezone

from backend.demo import builder
from entdeckertage import selectors
from entdeckertage.models import Assignment, Offer, Phase, RunStatus, Season, Wish


@pytest.mark.django_db
def test_demo_has_a_published_season_with_a_grade_8_class():
    builder.build_demo_data()
    season = selectors.current_season()
    assert season.blocks.count() == 3 and season.published_run.status == RunStatus.PUBLISHED
    assert season.phase_on(timezone.localdate()) == Phase.BOOKING  # the whole month long (anchor = the 1st)
    assert Offer.objects.filter(season=season).values("company").distinct().count() >= 20
    ben = Assignment.objects.filter(student__user__first_name="Ben", student__user__last_name="Musterkamp")
    assert Wish.objects.filter(student__user__last_name="Musterkamp", season=season).count() >= 6
    assert ben.count() >= 1  # the demo parent's second child sees a programme
    demo_company = builder.demo_users().get(email="firma@demo.example").company_memberships.get().company
    assert Offer.objects.filter(season=season, company=demo_company).count() == 9  # every date of every block
    assert season.moves.count() == 1  # one pupil moved by hand, with its reason
    assert list(selectors.earlier_offers_of_company(demo_company, season).values_list("title", flat=True))
    assert Season.objects.count() == 2
    builder.delete_demo_data()
    assert not Season.objects.exists()
