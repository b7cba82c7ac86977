"""A student's matches page in a real browser: 20 matches with reasons, the map as an enhancement,
and no WCAG 2.1 AA violations (axe-core)."""

import pytest
from django.urls import reverse

from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import StudentProfileFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def student_with_matches(make_placement, settings):
    settings.MAP_TILE_URL = ""  # tests never need the OSM tile server
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    from matching.search import reset_backends

    reset_backends()
    student = StudentProfileFactory(interests={"ITC": 5, "EL": 3})
    for i in range(24):
        make_placement(
            km_north=i * 0.4,
            km_east=(i % 5) * 0.3,
            berufsfelder=("ITC", "EL") if i % 2 else ("ITC",),
            min_grade=8 + i % 2,
            title=f"Praktikum Nummer {i}",
        )
    yield student
    reset_backends()


def test_my_matches_page_is_accessible_and_shows_20_matches_with_reasons(
    browser_page, live_server, student_with_matches
):
    page = browser_page
    login(page, live_server, student_with_matches.user)
    goto(page, live_server, reverse("matching:my_matches"))
    assert page.locator("h1").inner_text() == "Meine Matches"
    items = page.locator("ol.mt-list > li")
    assert items.count() == 20
    assert "passt zu deinen Interessen „IT, Computer“" in items.first.inner_text()
    assert page.locator("ul.mt-reasons").count() == 20
    # the map is progressive enhancement: with JavaScript and our Leaflet copy it appears, with markers
    page.wait_for_selector("#mt-map .leaflet-marker-icon")
    assert page.locator("[data-map-section]").is_visible()
    assert page.locator("#mt-map .leaflet-marker-icon").count() == 20
    # the marker images really load (Leaflet's own guess breaks with hashed static names)
    page.wait_for_function(
        "[...document.querySelectorAll('#mt-map img.leaflet-marker-icon')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    assert_accessible(page)


def test_search_page_is_accessible_with_an_error(browser_page, live_server, student_with_matches):
    page = browser_page
    goto(page, live_server, reverse("matching:search") + "?plz=12")
    assert "Diese Postleitzahl kennen wir nicht" in page.locator("#id_plz-error").inner_text()
    assert page.locator("#id_plz").get_attribute("aria-describedby") == "id_plz-error"
    assert_accessible(page)


def test_phone_first_match_with_reasons_on_the_first_screen(browser_page, live_server, student_with_matches):
    """375 x 740: the first match and all its reasons are on the first screen (the navigation and the filters
    fold away), the page does not scroll sideways, and few Tab presses reach the first match."""
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server, student_with_matches.user)
    goto(page, live_server, reverse("matching:my_matches"))
    first = page.locator("ol.mt-list > li").first
    reasons = first.locator("ul.mt-reasons").bounding_box()
    assert reasons["y"] + reasons["height"] <= 740, reasons
    assert not page.locator(".mt-filters").is_visible()  # folded away
    assert not page.locator(".site-nav").is_visible()  # in the menu
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # keyboard: the first Tab stop is "skip to results"; Enter, then one Tab reaches the first match
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#mt-results"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    href = first.locator("h3 a").get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    # with Tab alone (no skip link used) the first match is still close
    goto(page, live_server, reverse("matching:my_matches"))
    presses = 0
    while page.evaluate("document.activeElement.getAttribute('href')") != href and presses < 30:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 10, presses

    # the filters open on demand and the menu opens
    page.click(".mt-filters-toggle")
    assert page.locator(".mt-filters").is_visible()
    page.click(".menu-toggle")
    assert page.locator(".site-nav a", has_text="Meine Matches").is_visible()
    assert_accessible(page)


def test_menu_and_language_picker_work_without_javascript(_chromium, live_server, student_with_matches):
    context = _chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    try:
        login(page, live_server, student_with_matches.user)
        goto(page, live_server, reverse("matching:my_matches"))
        page.click(".menu-toggle")
        page.click(".site-nav a:has-text('Merkliste')")
        assert page.url.endswith(reverse("seekers:favourites"))
        page.click(".lang-toggle")
        page.click("button[name=language][value=en]")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith(reverse("seekers:favourites"))
    finally:
        context.close()


def test_occupation_autocomplete_by_keyboard(browser_page, live_server, make_placement, settings):
    """The occupation field suggests from the reference API (combobox + listbox), is usable by keyboard
    alone and stays accessible while open."""
    from backend.reference.models import Occupation

    settings.MAP_TILE_URL = ""
    tischler = Occupation.objects.get(slug="tischler")
    make_placement(kind="apprenticeship", occupation=tischler, title="Ausbildung in der Werkstatt")
    make_placement(kind="apprenticeship", title="Etwas anderes")
    page = browser_page
    goto(page, live_server, reverse("matching:search"))
    field = page.locator("#id_occupation")
    assert field.get_attribute("role") == "combobox"
    field.fill("Tischl")
    page.wait_for_selector("#id_occupation-listbox [role=option]")
    assert field.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "id_occupation-listbox-0"
    field.press("Enter")  # chooses, does not submit
    assert field.input_value() == "Tischler/Tischlerin"
    assert field.get_attribute("aria-expanded") == "false"
    field.press("Enter")  # now submits the form
    page.wait_for_url("**occupation=Tischler*")
    results = page.locator("ol.mt-list").inner_text()
    assert "Ausbildung in der Werkstatt" in results and "Etwas anderes" not in results


_FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.name || el.id || '').trim().slice(0, 40),
          visible: outline || ring};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_keyboard_only_apply_flow_with_visible_focus(browser_page, live_server, student_with_matches, width):
    """From "Meine Matches" to a sent application with the keyboard alone; every control that takes the focus on
    the way shows it (outline or focus ring)."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 740})
    login(page, live_server, student_with_matches.user)
    goto(page, live_server, reverse("matching:my_matches"))
    invisible = []

    def tab_until(predicate, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS_VISIBLE)
            if focus and not focus["visible"]:
                invisible.append((page.url, focus))
            if predicate():
                return
        raise AssertionError(f"not reached with {limit} Tab presses on {page.url}")

    first_href = page.locator("ol.mt-list > li h3 a").first.get_attribute("href")
    tab_until(lambda: page.evaluate("document.activeElement.getAttribute('href')") == "#mt-results")
    page.keyboard.press("Enter")
    tab_until(lambda: page.evaluate("document.activeElement.getAttribute('href')") == first_href)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first_href}")
    tab_until(lambda: "/bewerben/" in (page.evaluate("document.activeElement.getAttribute('href')") or ""))
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_message")
    tab_until(lambda: page.evaluate("document.activeElement.id") == "id_message")
    page.keyboard.type("Ich interessiere mich sehr für Technik und möchte das Praktikum gern machen.")
    tab_until(lambda: page.evaluate("document.activeElement.getAttribute('type')") == "submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages")
    assert "Bewerbung" in page.locator(".messages").inner_text()
    assert not invisible, invisible
