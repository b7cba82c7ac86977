"""The accessibility gate (issue 12): log in as each demo role, follow every same-site link reachable from that
role's pages (one page per URL pattern, bounded), and check the pages in German, English and Arabic (right to
left) at 375 px and 1280 px: 0 axe-core violations (WCAG 2.2 A/AA) and no horizontal scrolling. Plus a
keyboard-only apply flow with a visible focus on every control it reaches.

Every page is checked in German at 375 px (the phone, where sideways scrolling shows) and in one more of the five
other language × width combinations in turn, so each combination covers a fifth of the pages (tests/a11y_crawl.py
`combinations`): 2 checks a page instead of 6, ~76 instead of 228 (issue 8: the suite's wall time). The axe rules
look at markup, which is the same template in every language; what differs (lang/dir, RTL layout, longer words,
the phone layout) is covered on every page (German, 375 px) or on a rotating share. A11Y_FULL=1 checks every page
in every combination (a deeper local run).

The crawler finds pages other apps add (entdeckertage, clearing, dashboards) as soon as they are linked."""

import os

import pytest
from django.urls import reverse

from backend.accounts.models import User
from backend.demo.builder import LOGINS, build_demo_data
from tests.a11y_crawl import CrawlReport, crawl
from tests.browser import login

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "en", "ar"]
WIDTHS = [375, 1280]  # the first language at the first width is checked on every page
MAX_PAGES_PER_ROLE = 40
FULL = os.environ.get("A11Y_FULL", "") not in ("", "0")


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
        full=FULL,
    )
    per_role = {}
    for role, demo_login in LOGINS.items():
        page.context.clear_cookies()
        login(page, live_server, User.objects.get(email=demo_login.email))
        per_role[role] = crawl(
            page,
            live_server.url,
            role,
            ["/start/", "/"],
            report,
            languages=LANGUAGES,
            widths=WIDTHS,
            max_pages=MAX_PAGES_PER_ROLE,
            full=FULL,
        )
    print("\nACCESSIBILITY GATE:", report.summary(), "| pages first checked per role:", per_role)
    for pattern, url in sorted(report.patterns.items()):
        print(f"  {url}  ({pattern})")
    assert len(report.patterns) >= 25, f"the crawler reached too few pages: {sorted(report.patterns)}"
    # every signed-in role got past the shared pages to pages of its own (not just its dashboard)
    assert all(n >= 3 for n in per_role.values()), per_role
    # every page in German at 375 px, and every language × width combination on some pages
    assert {c[1] for c in report.checked if c[2:] == ("de", 375)} == set(report.patterns.values())
    assert {c[2:] for c in report.checked} == {(lang, width) for lang in LANGUAGES for width in WIDTHS}
    assert not report.problems, f"{report.summary()}\n" + "\n".join(report.problems)
