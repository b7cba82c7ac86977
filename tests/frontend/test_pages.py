import pytest
from django.urls import reverse

from backend.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "frontend:home",
        "frontend:imprint",
        "frontend:data_sources",
        "frontend:accessibility",
        "accounts:login",
        "accounts:signup",
        "accounts:password_reset",
    ],
)
def test_public_pages_render_with_landmarks_and_skip_link(client, name):
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and 'aria-label="Hauptnavigation"' in html
    assert html.count("<h1") == 1


def test_home_explains_the_service_to_each_role(client):
    html = client.get(reverse("frontend:home")).content.decode()
    for heading in ("Für Schüler*innen", "Für Unternehmen", "Für Lehrkräfte", "Für Eltern", "Für die Stadt Dortmund"):
        assert heading in html


def test_nav_shows_public_links_and_login_for_anonymous_visitors(client):
    html = client.get(reverse("frontend:home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in html
    assert f'href="{reverse("accounts:signup")}"' in html
    assert f'href="{reverse("matching:search")}"' in html
    assert "Abmelden" not in html


@pytest.mark.parametrize(
    "role, link",
    [
        (Role.STUDENT, "matching:my_matches"),
        (Role.COMPANY, "companies:dashboard"),
        (Role.TEACHER, "seekers:teacher_classes"),
        (Role.PARENT, "seekers:parent_home"),
        (Role.STAFF, "companies:staff_queue"),
    ],
)
def test_nav_shows_role_links_and_logout(client, role, link):
    client.force_login(UserFactory(role=role))
    html = client.get(reverse("frontend:imprint")).content.decode()
    assert f'href="{reverse(link)}"' in html
    assert "Abmelden" in html and f'action="{reverse("accounts:logout")}"' in html


def test_nav_skips_pages_that_do_not_exist(client, monkeypatch):
    from frontend import navigation

    monkeypatch.setattr(navigation, "PUBLIC_LINKS", [("Gibt es nicht", "nowhere:page"), ("Suche", "matching:search")])
    html = client.get(reverse("frontend:home")).content.decode()
    assert "Gibt es nicht" not in html and reverse("matching:search") in html


@pytest.mark.parametrize(
    "role, target",
    [
        (Role.STUDENT, "matching:my_matches"),
        (Role.COMPANY, "companies:dashboard"),
        (Role.TEACHER, "seekers:teacher_classes"),
        (Role.PARENT, "seekers:parent_home"),
        (Role.STAFF, "companies:staff_queue"),
    ],
)
def test_dashboard_sends_each_role_to_its_start_page(client, role, target):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("frontend:dashboard"))
    assert response.status_code == 302 and response.url == reverse(target)


def test_dashboard_falls_back_to_a_generic_page(client, monkeypatch):
    from frontend import navigation

    monkeypatch.setattr(navigation, "START_PAGES", {})
    client.force_login(UserFactory(role=Role.PARENT))
    response = client.get(reverse("frontend:dashboard"))
    assert response.status_code == 200 and "Mein Bereich" in response.content.decode()


def test_dashboard_asks_unverified_users_to_confirm_their_email_and_anonymous_to_log_in(client):
    response = client.get(reverse("frontend:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    client.force_login(UserFactory(email_verified_at=None))
    response = client.get(reverse("frontend:dashboard"))
    assert response.url.startswith(reverse("accounts:verify_email"))


def test_data_sources_page_names_every_source_and_licence(client):
    html = client.get(reverse("frontend:data_sources")).content.decode()
    for text in (
        "GeoNames",
        "CC BY 4.0",
        "IT.NRW",
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "Ministerium für Schule und Bildung des Landes NRW",
        "BSD-3-Clause",
        "OpenStreetMap",
        "ODbL 1.0",
    ):
        assert text in html
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_language_switch_to_english_and_back_without_javascript(client):
    html = client.get(reverse("frontend:home")).content.decode()
    assert 'name="language" value="en"' in html  # a plain form button
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Search" in html and "Log in" in html and "Skip to content" in html
    assert "Internships and apprenticeships in Dortmund" in html
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="de" dir="ltr">' in html and "Anmelden" in html


def test_german_is_the_default_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="de" dir="ltr">' in html and "Anmelden" in html
    client.cookies["django_language"] = "xx"  # unknown language: still German, no error
    assert '<html lang="de" dir="ltr">' in client.get("/").content.decode()


def test_house_pages_need_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        client.get(reverse("frontend:home"))
    client.force_login(UserFactory(role=Role.STUDENT))
    with django_assert_max_num_queries(3):  # session + user + what waits for the user (the nav badge)
        client.get(reverse("frontend:home"))


def test_the_bsd_licence_text_is_served_and_other_names_are_404(client):
    response = client.get(reverse("frontend:licence_text", args=["svws-bsd-3-clause"]))
    assert response.status_code == 200 and "Redistribution" in response.content.decode()
    assert client.get(reverse("frontend:licence_text", args=["passwd"])).status_code == 404
    assert (
        reverse("frontend:licence_text", args=["svws-bsd-3-clause"])
        in client.get(reverse("frontend:data_sources")).content.decode()
    )


def test_a_lang_link_switches_to_english_and_is_remembered(client):
    html = client.get("/?lang=en").content.decode()
    assert '<html lang="en" dir="ltr">' in html and "Search" in html and "Sign up" in html and "Main navigation" in html
    assert '<html lang="en" dir="ltr">' in client.get(reverse("accounts:login")).content.decode()  # cookie kept
    assert '<html lang="de" dir="ltr">' in client.get("/?lang=de").content.decode()
    assert '<html lang="de" dir="ltr">' in client.get("/?lang=klingon").content.decode()


def test_switching_back_from_a_lang_link_does_not_bounce_to_english(client):
    html = client.get("/impressum/?lang=en&x=1").content.decode()
    assert 'name="next" value="/impressum/?x=1"' in html


def test_home_offers_my_area_instead_of_sign_ups_when_logged_in(client):
    client.force_login(UserFactory(role=Role.TEACHER))
    html = client.get(reverse("frontend:home")).content.decode()
    assert f'href="{reverse("frontend:dashboard")}"' in html
    assert f'href="{reverse("seekers:signup_teacher")}"' not in html
