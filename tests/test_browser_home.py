"""The browser-test tooling itself, and the pages every visitor sees first, in a real browser with axe-core."""

import pytest
from django.urls import reverse

from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_home_page_has_no_accessibility_violations(browser_page, live_server):
    goto(browser_page, live_server, "/")
    assert browser_page.locator("html").get_attribute("lang") == "de"
    assert browser_page.locator("h1").count() == 1
    # the site's stylesheet is served by the live server, so colour contrast is checked against the real CSS
    stylesheet = browser_page.locator('link[rel="stylesheet"]').first.get_attribute("href")
    assert browser_page.request.get(live_server.url + stylesheet).ok
    assert_accessible(browser_page)


def test_assert_accessible_reports_rule_impact_and_selector(browser_page):
    browser_page.set_content(
        '<html lang="de"><head><title>t</title></head><body><main>'
        '<h1>Test</h1><img id="logo" src="data:,"></main></body></html>'
    )
    with pytest.raises(AssertionError) as excinfo:
        assert_accessible(browser_page)
    message = str(excinfo.value)
    assert "image-alt (critical)" in message
    assert "#logo" in message


def test_login_page_has_no_accessibility_violations_also_with_errors(browser_page, live_server):
    goto(browser_page, live_server, reverse("accounts:login"))
    assert_accessible(browser_page)

    UserFactory(email="mia@example.org")
    browser_page.get_by_label("E-Mail").fill("mia@example.org")
    browser_page.get_by_label("Passwort").fill("falsches-passwort")
    browser_page.get_by_role("button", name="Anmelden").click()
    browser_page.wait_for_load_state()
    assert browser_page.url.startswith(live_server.url + reverse("accounts:login"))  # still on the form
    assert_accessible(browser_page)


def test_login_helper_signs_the_browser_in(browser_page, live_server):
    user = UserFactory(first_name="Mia")
    dashboard = reverse("frontend:dashboard")
    browser_page.goto(live_server.url + dashboard)
    assert browser_page.url.startswith(live_server.url + reverse("accounts:login"))  # anonymous: asked to log in

    login(browser_page, live_server, user)
    goto(browser_page, live_server, dashboard)
    assert not browser_page.url.startswith(live_server.url + reverse("accounts:login"))
    assert browser_page.get_by_role("button", name="Abmelden").is_visible()
