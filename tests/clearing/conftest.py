import datetime

import pytest
from django.utils import timezone

from matching.search import reset_backends
from seekers import services
from tests.factories import CompanyMemberFactory, PlacementFactory, StudentProfileFactory
from tests.seekers.conftest import years_ago


class Clock:
    """timezone.now() under the test's control: the deadline rules are about days passing."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **kw):
        self.now += datetime.timedelta(**kw)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


@pytest.fixture(autouse=True)
def database_search(settings):
    """The student's best free matches come from the database backend here (whatever ELASTICSEARCH_URL says):
    these tests are about the clearing, the backends' parity has its own test."""
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def market(db):
    """One company with two placements far enough ahead, one adult student (no consent step)."""

    class Market:
        member = CompanyMemberFactory()
        company = member.company
        start = timezone.localdate() + datetime.timedelta(days=60)
        placement = PlacementFactory(company=company, seats=1, kind="holiday_internship", start_date=start)
        student = StudentProfileFactory(birth_date=years_ago(18, days=30))

        def adult(self):
            return StudentProfileFactory(birth_date=years_ago(19))

        def apply(self, student=None, placement=None):
            return services.application_submit(
                student=student or self.student, placement=placement or self.placement, message="Ich möchte gern."
            )

    return Market()
