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
    assert "passt zu deinen Interessen IT, Computer" in items.first.inner_text()
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
