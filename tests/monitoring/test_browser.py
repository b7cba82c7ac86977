"""The dashboard and the public statistics page in a real browser: charts drawn, tables beside them, 0 axe
violations, at 1280 px and on a 375 px phone without sideways scrolling."""

import pytest

from backend.accounts.models import Role
from companies.models import PlacementKind
from monitoring.services import take_snapshot
from seekers.models import ApplicationStatus
from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import ApplicationFactory, PlacementFactory, StudentProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city():
    placement = PlacementFactory(kind=PlacementKind.SCHOOL_INTERNSHIP, seats=4)
    for _ in range(6):
        student = StudentProfileFactory(interests={"ITC": 4})
        ApplicationFactory(student=student, placement=placement, status=ApplicationStatus.SUBMITTED)
    take_snapshot()


@pytest.mark.parametrize("width", [1280, 375])
def test_dashboard_draws_charts_accessibly(browser_page, live_server, city, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server, UserFactory(role=Role.STAFF))
    goto(page, live_server, "/stadt/monitoring/")
    page.wait_for_selector('[data-chart="by_field"]:not([hidden]) canvas')
    assert page.locator("table").count() >= 8
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    page.screenshot(path=f"/tmp/monitoring-dashboard-{width}.png", full_page=False)


@pytest.mark.parametrize("width", [1280, 375])
def test_public_page_accessible_and_without_company_names(browser_page, live_server, city, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, live_server, "/statistik/")
    page.wait_for_selector('[data-chart="by_kind"]:not([hidden]) canvas')
    assert "Lücken" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
