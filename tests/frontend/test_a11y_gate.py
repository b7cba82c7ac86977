"""The accessibility gate (issue 12): log in as each demo role, follow every same-site link reachable from that
role's pages (one page per URL pattern, bounded), and check the pages in German, English and Arabic (right to
left) at 375 px and 1280 px: 0 axe-core violations (WCAG 2.2 A/AA) and no horizontal scrolling. Plus a
keyboard-only apply flow with a visible focus on every control it reaches.

Every page is checked in German at 375 px (the phone, where sideways scrolling shows) and in one more of the five
other language × width combinations in turn, so each combination covers a fifth of the pages (tests/a11y_crawl.py
`combinations`): 2 checks a page instead of 6. The axe rules look at markup, which is the same template in every
language; what differs (lang/dir, RTL layout, longer words, the phone layout) is covered on every page (German,
375 px) or on a rotating share. A11Y_FULL=1 checks every page in every combination (a deeper local run).

One test per role (issue 8: the gate was one test of ~450 s on one core; pytest-xdist now spreads the roles).
A page belongs to the first role in ROLES that reaches it (anonymous first, then the demo logins in order) and is
checked for that role only, as when the gate was one crawl: each test works out the earlier roles' pages with
Django's test client (tests/a11y_crawl.py `plan_crawl`, no browser; cached per process, the demo is
deterministic) and opens only its own pages in the browser.

The crawler finds pages other apps add (entdeckertage, clearing, dashboards) as soon as they are linked."""

import json
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from backend.accounts.models import Role, User
from backend.demo.builder import LOGINS, build_demo_data
from tests.a11y_crawl import CrawlReport, check_page, combinations, plan_crawl
from tests.browser import login

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "en", "ar"]
WIDTHS = [375, 1280]  # the first language at the first width is checked on every page
MAX_PAGES_PER_ROLE = 40
FULL = os.environ.get("A11Y_FULL", "") not in ("", "0")
ROLES = ["anonymous", *LOGINS]  # the order decides which role a shared page belongs to
MIN_OWN_PAGES = 3  # every signed-in role gets past the shared pages to pages of its own (not just its dashboard)


def _starts(role: str) -> list[str]:
    if role == "anonymous":
        return ["/", reverse("frontend:privacy"), reverse("frontend:easy_index"), reverse("accounts:signup")]
    return ["/start/", "/"]


def _client(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(email=LOGINS[Role(role)].email))
    return client


_plan: dict[str, list[str]] = {}  # role -> its own patterns, in crawl order (per process; the demo is deterministic)
# ... and shared by the workers of one pytest-xdist run through files in the run's temporary directory (issue 8:
# each worker crawled every earlier role again, ~5 s of CPU per role). Patterns are view names, the same in every
# worker's database (no ids in them).
_shared: list[Path] = []  # the run's directory, set by the `plan_share` fixture in a pytest-xdist worker


@pytest.fixture(scope="session")
def plan_share(tmp_path_factory, worker_id):
    if worker_id != "master":  # <basetemp>/popen-gw0: the parent is the run's, shared by its workers
        _shared[:] = [tmp_path_factory.getbasetemp().parent / "a11y-plan"]
        _shared[0].mkdir(exist_ok=True)


def _publish(role: str, patterns: list[str]) -> None:
    _plan[role] = patterns
    if _shared:
        tmp = _shared[0] / f"{role}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(patterns))
        os.replace(tmp, _shared[0] / f"{role}.json")  # atomic: another worker reads all of it or nothing


def own_patterns(role: str) -> list[str]:
    """The patterns `role` checks: those it reaches that no earlier role in ROLES reached."""
    if role not in _plan:
        if _shared and (_shared[0] / f"{role}.json").is_file():
            _plan[role] = json.loads((_shared[0] / f"{role}.json").read_text())
        else:
            earlier = ROLES[: ROLES.index(role)]
            taken = {pattern for r in earlier for pattern in own_patterns(r)}
            own = plan_crawl(_client(role), role, _starts(role), taken, max_pages=MAX_PAGES_PER_ROLE)
            _publish(role, [p.pattern for p in own])
    return _plan[role]


@pytest.fixture
def demo(live_server, settings):
    settings.MAP_TILE_URL = ""  # no tile server in tests
    build_demo_data()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_is_accessible_in_de_en_ar_at_1280_and_375(
    role, plan_share, browser_page, live_server, demo
):
    taken = {pattern for r in ROLES[: ROLES.index(role)] for pattern in own_patterns(r)}
    offset = len(taken)  # the rotation of combinations runs on over all roles' pages, as in one crawl
    own = plan_crawl(_client(role), role, _starts(role), taken, max_pages=MAX_PAGES_PER_ROLE)
    if role not in _plan:
        _publish(role, [p.pattern for p in own])
    if role == ROLES[-1]:  # the last role's test knows every role's pages
        total = offset + len(own)
        assert total >= 25, f"the crawler reached too few pages: {_plan}"
        # every language × width combination on some pages (of some role)
        combos = {c for n in range(total) for c in combinations(n, LANGUAGES, WIDTHS, full=FULL)}
        assert combos == {(lang, width) for lang in LANGUAGES for width in WIDTHS}

    page = browser_page
    if role != "anonymous":
        login(page, live_server, User.objects.get(email=LOGINS[Role(role)].email))
    report = CrawlReport()
    for n, planned in enumerate(own, start=offset):
        report.patterns[planned.pattern] = planned.path
        if not planned.is_page:
            continue
        for lang, width in combinations(n, LANGUAGES, WIDTHS, full=FULL):
            report.problems += check_page(page, live_server.url, planned.path, lang, width)
            report.checked.append((role, planned.path, lang, width))
    print(f"\nACCESSIBILITY GATE [{role}]:", report.summary())
    for pattern, url in report.patterns.items():
        print(f"  {url}  ({pattern})")
    if role != "anonymous":
        assert len(own) >= MIN_OWN_PAGES, f"{role} has too few pages of its own: {[p.path for p in own]}"
    # every page of the role in German at 375 px
    assert {c[1] for c in report.checked if c[2:] == ("de", 375)} == {p.path for p in own if p.is_page}
    assert not report.problems, f"{report.summary()}\n" + "\n".join(report.problems)
