"""The accessibility gate (issue 12): log in as each demo role, follow every same-site link reachable from that
role's pages (one page per URL pattern, bounded), and check every page in German, English and Arabic (right to
left) at 1280 px and 375 px: 0 axe-core violations (WCAG 2.2 A/AA) and no horizontal scrolling. Plus a
keyboard-only apply flow with a visible focus on every control it reaches.

The crawler finds pages other apps add (entdeckertage, clearing, dashboards) as soon as they are linked."""

import pytest
from django.urls import reverse

from backend.accounts.models import User
from backend.demo.builder import LOGINS, build_demo_data
from tests.a11y_crawl import CrawlReport, crawl
from tests.browser import login

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "en", "ar"]
WIDTHS = [1280, 375]
MAX_PAGES_PER_ROLE = 40


@pytest.fixture
def demo(live_server, settings):
    settings.MAP_TILE_URL = ""  # no tile server in tests
    build_demo_data()


def test_every_page_of_every_role_is_accessible_in_de_en_ar_at_1280_and_375(browser_page, live_server, demo):
    page = browser_page
    report = CrawlReport()
    starts = ["/", reverse("frontend:privacy"), reverse("frontend:easy_index"), reverse("accounts:signup")]
    crawl(
        page,
        live_server.url,
        "anonymous",
        starts,
        report,
        languages=LANGUAGES,
        widths=WIDTHS,
        max_pages=MAX_PAGES_PER_ROLE,
    )
    for role, demo_login in LOGINS.items():
        page.context.clear_cookies()
        login(page, live_server, User.objects.get(email=demo_login.email))
        crawl(
            page,
            live_server.url,
            role,
            ["/start/", "/"],
            report,
            languages=LANGUAGES,
            widths=WIDTHS,
            max_pages=MAX_PAGES_PER_ROLE,
        )
    print("\nACCESSIBILITY GATE:", report.summary())
    for pattern, url in sorted(report.patterns.items()):
        print(f"  {url}  ({pattern})")
    assert len(report.patterns) >= 25, f"the crawler reached too few pages: {sorted(report.patterns)}"
    assert not report.problems, f"{report.summary()}\n" + "\n".join(report.problems)
