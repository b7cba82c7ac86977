"""House pages in a real browser with axe-core (WCAG 2.1 AA), including error states and English."""

import pytest
from django.urls import reverse

from backend.accounts.models import Role
from tests.a11y import assert_accessible
from tests.browser import goto, login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "name",
    [
        "frontend:home",
        "accounts:login",
        "accounts:signup",
        "accounts:password_reset",
        "frontend:data_sources",
        "frontend:imprint",
    ],
)
def test_public_pages_are_accessible(browser_page, live_server, name):
    goto(browser_page, live_server, reverse(name))
    assert_accessible(browser_page)


def test_login_errors_are_accessible_and_announced(browser_page, live_server):
    goto(browser_page, live_server, reverse("accounts:login"))
    browser_page.fill("#id_email", "niemand@example.org")
    browser_page.fill("#id_password", "falsch")
    browser_page.click("main button[type=submit]")
    summary = browser_page.locator(".error-summary[role=alert]")
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in summary.inner_text()
    assert_accessible(browser_page)

    # empty submit: each field's error is tied to its input
    browser_page.fill("#id_email", "")
    browser_page.fill("#id_password", "")
    browser_page.click("main button[type=submit]")
    email = browser_page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    described = browser_page.locator("#" + email.get_attribute("aria-describedby").split()[-1])
    assert "Bitte fülle dieses Feld aus." in described.inner_text()
    assert_accessible(browser_page)


def test_skip_link_is_the_first_tab_stop_and_visible(browser_page, live_server):
    goto(browser_page, live_server, "/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = browser_page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0  # moved into view when focused
    browser_page.keyboard.press("Enter")
    assert browser_page.url.endswith("#main")


def test_language_switch_in_the_browser(browser_page, live_server):
    goto(browser_page, live_server, "/")
    browser_page.click(".lang-toggle")  # the picker is a disclosure (works without JavaScript)
    browser_page.click("button[name=language][value=en]")
    assert browser_page.locator("html").get_attribute("lang") == "en"
    assert browser_page.locator("h1").inner_text() == "Internships and apprenticeships in Dortmund"
    assert_accessible(browser_page)
    browser_page.click(".lang-toggle")
    browser_page.click("button[name=language][value=de]")
    assert browser_page.locator("html").get_attribute("lang") == "de"


def test_signed_in_navigation_and_verification_page_are_accessible(browser_page, live_server):
    user = UserFactory(role=Role.PARENT, email_verified_at=None)
    login(browser_page, live_server, user)
    goto(browser_page, live_server, reverse("accounts:verify_email"))
    browser_page.fill("#id_code", "12")
    browser_page.click("button[value=verify]")
    # the factory's user never got a code: the message says what to do
    assert "Fordere einen neuen Code an" in browser_page.locator("#id_code_error").inner_text()
    assert browser_page.locator("button", has_text="Abmelden").count() == 1
    assert_accessible(browser_page)
