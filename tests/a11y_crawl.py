"""A bounded crawler for the accessibility gate: from each demo role's pages, follow every same-site link, one
page per URL pattern (the resolved view), and check each page in several
languages and widths with axe-core (WCAG 2.2 A/AA) and for horizontal scrolling (see `combinations`).

The crawl itself (which pages a role reaches, and which of them are its own to check) runs in-process with
Django's test client (`plan_crawl`, no browser: links are read from the HTML); the browser opens only the pages
to check (`check_page`). So the gate can run one test per role (pytest-xdist spreads them over the cores) and the
browser spends no time on pages that are only passed through.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.a11y import format_violations

WCAG22_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_RUN_AXE = """async ({tags}) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
  }));
}"""

# Not pages of ours: Django's admin (third-party markup), the API and its docs, files, actions.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/nicht-oeffentlich/", "/i18n/", "/konto/abmelden/")
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".json", ".png", ".jpg", ".svg", ".txt", ".xml", ".ics", ".zip")
SKIP_VIEWS = {"licence_text"}  # plain-text licence files


@dataclass
class CrawlReport:
    checked: list[tuple[str, str, str, int]] = field(default_factory=list)  # (role, url, lang, width)
    problems: list[str] = field(default_factory=list)
    patterns: dict[str, str] = field(default_factory=dict)  # pattern -> first URL

    def summary(self) -> str:
        pages = len({(c[0], c[1]) for c in self.checked})
        langs = sorted({c[2] for c in self.checked})
        widths = sorted({c[3] for c in self.checked})
        combos = len({c[2:] for c in self.checked})
        return (
            f"{pages} pages in {combos} combinations of {len(langs)} languages ({', '.join(langs)}) and "
            f"{len(widths)} widths ({', '.join(map(str, widths))} px): {len(self.checked)} checks, "
            f"{len(self.problems)} problems"
        )


def url_pattern(path: str) -> str | None:
    """The view behind a path: one page per view is checked (a filtered list renders the same template)."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name in SKIP_VIEWS:
        return None
    return match.view_name


def same_site_links(page, base_url: str) -> list[str]:
    return _same_site(page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"), base_url)


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value is not None]


def html_links(html: str, page_url: str, base_url: str) -> list[str]:
    """What `same_site_links` gives in the browser (a.href: resolved against the page's URL), from the HTML."""
    parser = _Hrefs()
    parser.feed(html)
    return _same_site([urljoin(page_url, href.strip()) for href in parser.hrefs], base_url)


def _same_site(hrefs: list[str], base_url: str) -> list[str]:
    out = []
    for href in hrefs:
        if not href.startswith(base_url):
            continue
        parts = urlsplit(href)
        path = parts.path
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "lang"])
        out.append(path + (f"?{query}" if query else ""))
    return out


def _with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


DOWNLOAD = object()  # what _open returns for a link that starts a download (an export, a PDF without a suffix)


def _open(page, url: str):
    try:
        return page.goto(url)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return DOWNLOAD
        raise


def check_page(page, base_url: str, path: str, lang: str, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 740})
    response = _open(page, base_url + _with_lang(path, lang))
    problems = []
    if response is DOWNLOAD:
        return []
    if response is None or response.status >= 400:
        return [f"{path} [{lang} {width}px]: HTTP {response.status if response else 'no response'}"]
    html_lang = page.evaluate("document.documentElement.lang")
    html_dir = page.evaluate("document.documentElement.dir")
    if html_lang != lang or html_dir != ("rtl" if lang == "ar" else "ltr"):
        problems.append(f"{path} [{lang} {width}px]: <html lang={html_lang} dir={html_dir}>")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        widest = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1
                 || e.getBoundingClientRect().left < -1).slice(0, 3).map(e => e.tagName.toLowerCase() +
                 (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' +
                 e.className.trim().split(/\\s+/).join('.') : ''))""",
            width,
        )
        problems.append(f"{path} [{lang} {width}px]: scrolls sideways by {overflow}px ({', '.join(widest)})")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        from tests.a11y import AXE_JS

        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(_RUN_AXE, {"tags": WCAG22_TAGS})
    if violations:
        problems.append(f"{path} [{lang} {width}px]:\n{format_violations(violations)}")
    return problems


def combinations(n: int, languages, widths, *, full: bool = False) -> list[tuple[str, int]]:
    """The (language, width) checks of the n-th page: the first language at the first width for every page, plus
    one of the other combinations in turn (page 0 the second, page 1 the third, ...), so every combination is
    checked on a share of the pages at a fraction of the full product's cost. `full` gives the whole product."""
    product = [(lang, width) for lang in languages for width in widths]
    if full or len(product) == 1:
        return product
    others = product[1:]
    return [product[0], others[n % len(others)]]


@dataclass
class Planned:
    pattern: str
    path: str
    is_page: bool  # False: a download (an export, a PDF without a suffix): counted as the role's, nothing to check


def plan_crawl(client, role: str, starts: list[str], taken: set[str], *, max_pages: int) -> list[Planned]:
    """Breadth-first from `starts` with Django's test client (logged in as the role, or not): the pages of the role
    to check, in crawl order. A pattern in `taken` (checked for an earlier role) is not the role's to check again,
    but it is still opened and its links followed: a signed-in role reaches its own pages through shared ones (the
    home page, /start/). A role's start pages are its dashboard, so they are its own for every role. Adds the
    role's patterns to `taken`."""
    queue = deque(starts)
    seen_paths = set()
    own: list[Planned] = []
    visits = 0
    while queue and len(own) < max_pages and visits < 3 * max_pages:
        path = queue.popleft()
        if path in seen_paths:
            continue
        seen_paths.add(path)
        pattern = url_pattern(path)
        if pattern is None:
            continue
        if path in starts:
            pattern = f"{pattern} [{role}]"  # the same view shows each role its own dashboard
        visits += 1
        response = client.get(path, follow=True)
        is_page = not response.streaming and response.get("Content-Type", "").startswith("text/html")
        if pattern not in taken:
            taken.add(pattern)
            own.append(Planned(pattern, path, is_page or response.status_code >= 400))
        if is_page and response.status_code < 400:
            page_url = "http://testserver" + response.wsgi_request.get_full_path()
            links = html_links(response.content.decode(), page_url, "http://testserver")
            queue.extend(link for link in links if link not in seen_paths)
    return own
