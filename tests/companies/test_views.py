"""The companies pages, used like a company member, a student and city staff would."""

import json
import re

import pytest
from django.urls import reverse

from backend.accounts.models import Role
from backend.reference.models import Berufsfeld
from companies.models import AuditEntry, Membership, Placement, PlacementKind, PlacementStatus
from tests.factories import CompanyFactory, PlacementFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def _jsonld(html):
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m, "no JSON-LD on the page"
    return json.loads(m.group(1))


def test_directory_shows_only_verified_companies_and_filters(client, placement):
    hidden = CompanyFactory(name="Noch Ungeprüft GmbH", is_verified=False)
    SiteFactory(company=hidden)
    r = client.get(reverse("companies:directory"))
    html = r.content.decode()
    assert placement.company.name in html and "Noch Ungeprüft" not in html
    other_field = Berufsfeld.objects.exclude(code="ITC").first()
    r = client.get(reverse("companies:directory"), {"berufsfeld": other_field.slug})
    assert placement.company.name not in r.content.decode()
    r = client.get(
        reverse("companies:directory"),
        {"berufsfeld": "it-computer", "kind": "holiday_internship", "district": placement.site.district.slug},
    )
    assert placement.company.name in r.content.decode()
    r = client.get(reverse("companies:directory"), {"district": "gibt-es-nicht"})
    assert r.status_code == 200 and "gültige Auswahl" in r.content.decode()


def test_unverified_company_is_hidden_from_public_but_shown_to_members_with_badge(client, company, owner, site):
    company.is_verified = False
    company.save()
    p = PlacementFactory(company=company, site=site)
    assert client.get(company.get_absolute_url()).status_code == 404
    assert client.get(p.get_absolute_url()).status_code == 404
    client.force_login(owner)
    r = client.get(company.get_absolute_url())
    assert r.status_code == 200 and "noch nicht geprüft" in r.content.decode()


def test_placement_page_has_open_graph_and_escaped_jobposting(client, placement):
    placement.title = "Praktikum </script><script>alert(1)</script>"
    placement.save()
    r = client.get(placement.get_absolute_url())
    html = r.content.decode()
    assert '<meta property="og:title"' in html
    assert "<script>alert(1)" not in html
    data = _jsonld(html)
    assert data["@type"] == "JobPosting" and data["employmentType"] == "INTERN"
    assert data["title"] == placement.title
    assert data["hiringOrganization"]["name"] == placement.company.name
    assert "@context" not in data["hiringOrganization"]
    assert data["jobLocation"]["address"]["postalCode"] == "44137"


def test_career_day_page_is_an_event(client, company, site):
    p = PlacementFactory(company=company, site=site, kind=PlacementKind.CAREER_DAY, end_date=None)
    data = _jsonld(client.get(p.get_absolute_url()).content.decode())
    assert data["@type"] == "Event"


def test_placement_views_counted_for_visitors_not_members(client, placement, owner):
    client.get(placement.get_absolute_url())
    client.force_login(owner)
    client.get(placement.get_absolute_url())
    placement.refresh_from_db()
    assert placement.view_count == 1


def test_placement_page_includes_seekers_actions_for_students(client, placement):
    client.force_login(UserFactory(role=Role.STUDENT))
    html = client.get(placement.get_absolute_url()).content.decode()
    assert "placement-actions" in html  # seekers/_placement_actions.html, included if it exists


def test_member_creates_site_and_placement_without_javascript(client, company, owner, itc, in_days):
    client.force_login(owner)
    r = client.post(
        reverse("companies:site_create", args=[company.slug]),
        {"name": "Werk", "street": "Hauptstr. 1", "postal_code": "4413"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "5 Ziffern" in html and 'aria-describedby="id_postal_code_error' in html
    r = client.post(
        reverse("companies:site_create", args=[company.slug]),
        {"name": "Werk", "street": "Hauptstr. 1", "postal_code": "44137", "latitude": "51,515", "longitude": "7,46"},
    )
    assert r.status_code == 302
    site = company.sites.get()
    assert site.has_exact_point
    data = {
        "kind": "career_day",
        "title": "Berufsfelderkundung IT",
        "site": site.pk,
        "start_date": in_days(20).isoformat(),
        "seats": "12",
        "required_qualification": "0",
        "berufsfelder": [itc.pk],
        "languages": "de, en",
    }
    r = client.post(reverse("companies:placement_create", args=[company.slug]), data)
    assert r.status_code == 400 and "höchstens 9 Plätze" in r.content.decode()
    data["seats"] = "8"
    r = client.post(reverse("companies:placement_create", args=[company.slug]), {**data, "publish": "1"})
    assert r.status_code == 302
    p = Placement.objects.get(company=company)
    assert p.status == PlacementStatus.PUBLISHED and p.end_date == p.start_date and p.languages == ["de", "en"]
    r = client.get(reverse("companies:company_dashboard", args=[company.slug]))
    assert "Berufsfelderkundung IT" in r.content.decode()


def test_dashboard_actions_and_refusal_messages(client, placement, owner):
    client.force_login(owner)
    url = reverse("companies:placement_action", args=[placement.company.slug, placement.pk, "publish"])
    r = client.post(url, follow=True)
    assert "Nur Entwürfe" in r.content.decode()
    client.post(reverse("companies:placement_action", args=[placement.company.slug, placement.pk, "close"]))
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED


HUGE_ID = "1000000000000000000000000000000"


def test_profile_edit_refuses_an_id_no_row_can_have(client, company, owner):
    client.force_login(owner)
    r = client.post(
        reverse("companies:profile_edit", args=[company.slug]), {"name": company.name, "berufsfelder": ["1", HUGE_ID]}
    )
    assert r.status_code == 200 and "Diese Auswahl gibt es nicht" in r.content.decode()
    for value in ("0", "9" * 5000):
        r = client.post(
            reverse("companies:profile_edit", args=[company.slug]), {"name": company.name, "berufsfelder": value}
        )
        assert r.status_code == 200 and "Diese Auswahl gibt es nicht" in r.content.decode()


@pytest.mark.parametrize("field", ["berufsfelder", "site", "contact", "occupation"])
def test_placement_edit_refuses_an_id_no_row_can_have(client, company, owner, placement, field):
    client.force_login(owner)
    r = client.post(reverse("companies:placement_edit", args=[company.slug, placement.pk]), {field: HUGE_ID})
    assert r.status_code == 400 and "Diese Auswahl gibt es nicht" in r.content.decode()


def test_placement_api_refuses_an_id_no_row_can_have(api_client, owner, placement):
    api_client.force_authenticate(owner)
    r = api_client.patch(
        reverse("companies-api:placement-detail", args=[placement.pk]),
        {"site": int(HUGE_ID), "contact": int(HUGE_ID)},
        format="json",
    )
    assert r.status_code == 400 and set(r.json()["error"]["fields"]) == {"site", "contact"}


def test_profile_edit_and_logo_upload(client, company, owner):
    import io

    from PIL import Image

    client.force_login(owner)
    r = client.post(
        reverse("companies:profile_edit", args=[company.slug]),
        {"name": company.name, "description": "Wir <b>bauen</b> Stahl.", "size_band": "10-49", "website": "keine url"},
    )
    assert r.status_code == 200 and "gültige URL" in r.content.decode()
    r = client.post(
        reverse("companies:profile_edit", args=[company.slug]),
        {"name": company.name, "description": "Wir bauen Stahl.", "size_band": "10-49"},
    )
    assert r.status_code == 302
    svg = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    svg.name = "logo.png"
    r = client.post(reverse("companies:logo_upload", args=[company.slug]), {"logo": svg})
    assert r.status_code == 400 and "SVG" in r.content.decode()
    buf = io.BytesIO()
    Image.new("RGB", (600, 300), (10, 20, 30)).save(buf, "PNG")
    buf.seek(0)
    buf.name = "logo.png"
    r = client.post(reverse("companies:logo_upload", args=[company.slug]), {"logo": buf})
    assert r.status_code == 302
    company.refresh_from_db()
    assert set(company.logo_sizes) == {"list", "card", "page"}
    assert AuditEntry.objects.filter(company=company, action="company.logo").exists()


def test_colleagues_page_invite_and_last_owner_message(client, company, owner, sent):
    client.force_login(owner)
    r = client.post(
        reverse("companies:colleagues", args=[company.slug]), {"email": "neu@example.org", "role": "editor"}
    )
    assert r.status_code == 302 and sent[0]["to"] == "neu@example.org"
    m = Membership.objects.get(user=owner)
    r = client.post(reverse("companies:member_remove", args=[company.slug, m.pk]), follow=True)
    assert "letzte Inhaber*in" in r.content.decode()


def test_invitation_page_accepts_for_logged_in_colleague(client, company, owner, sent):
    from companies import services

    inv = services.invitation_create(company=company, by=owner, email="kollege@example.org")
    url = reverse("companies:invitation_accept", args=[inv.raw_token])
    assert company.name in client.get(url).content.decode()
    colleague = UserFactory(role=Role.COMPANY, email="kollege@example.org")
    client.force_login(colleague)
    r = client.post(url)
    assert r.status_code == 302
    assert Membership.objects.filter(company=company, user=colleague).exists()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "nxt, expected",
    [
        ("abc", "/verwaltung/"),  # not a path: the queue, never a 500
        ("https://evil.example/", "/verwaltung/"),
        ("/unternehmen/", "/unternehmen/"),
    ],
)
def test_staff_action_next_is_only_followed_to_a_local_path(client, staff, nxt, expected):
    company = CompanyFactory(name="Wartet GmbH", is_verified=False)
    client.force_login(staff)
    r = client.post(
        reverse("companies:staff_company_action", args=[company.slug, "hide"]), {"reason": "Beschwerde", "next": nxt}
    )
    assert r.status_code == 302
    assert r.url == (reverse("companies:staff_queue") if expected == "/verwaltung/" else expected)


def test_staff_queue_verify_and_hide(client, staff):
    waiting = CompanyFactory(name="Wartet GmbH", is_verified=False)
    client.force_login(staff)
    html = client.get(reverse("companies:staff_queue")).content.decode()
    assert "Wartet GmbH" in html
    client.post(reverse("companies:staff_company_action", args=[waiting.slug, "verify"]))
    waiting.refresh_from_db()
    assert waiting.is_verified and waiting.verified_by == staff
    r = client.post(reverse("companies:staff_company_action", args=[waiting.slug, "hide"]), {"reason": ""}, follow=True)
    assert "Grund" in r.content.decode()
    client.post(reverse("companies:staff_company_action", args=[waiting.slug, "hide"]), {"reason": "Beschwerde"})
    waiting.refresh_from_db()
    assert waiting.is_hidden
    r = client.get(reverse("companies:audit", args=[waiting.slug]))
    assert "company.hide" in r.content.decode() and "Beschwerde" in r.content.decode()


def test_signup_page_creates_account_company_and_sends_code(client, mailoutbox, django_capture_on_commit_callbacks):
    url = reverse("companies:signup")
    r = client.post(
        url, {"company_name": "", "email": "chef@example.org", "password": "kurz", "password_repeat": "kurz"}
    )
    assert r.status_code == 200 and 'aria-invalid="true"' in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            url,
            {
                "company_name": "Schreinerei Holz & Co",
                "first_name": "Ayşe",
                "email": "chef@example.org",
                "password": "Ein-gutes-Passwort-1",
                "password_repeat": "Ein-gutes-Passwort-1",
            },
        )
    assert r.status_code == 302
    membership = Membership.objects.get(user__email="chef@example.org")
    assert membership.role == "owner" and membership.company.name == "Schreinerei Holz & Co"
    assert reverse("companies:company_dashboard", args=[membership.company.slug]) in r["Location"]
    assert any("chef@example.org" in m.to for m in mailoutbox)


def test_invited_colleague_signs_up_on_the_invitation_page(
    client, company, owner, sent, mailoutbox, django_capture_on_commit_callbacks
):
    from companies import services

    inv = services.invitation_create(company=company, by=owner, email="azubi-chef@example.org")
    url = reverse("companies:invitation_accept", args=[inv.raw_token])
    html = client.get(url).content.decode()
    assert "azubi-chef@example.org" in html and "Konto anlegen" in html
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            url,
            {
                "email": "boese@example.org",
                "password": "Ein-gutes-Passwort-1",
                "password_repeat": "Ein-gutes-Passwort-1",
                "first_name": "Jonas",
            },
        )
    assert r.status_code == 302
    m = Membership.objects.get(company=company, user__email="azubi-chef@example.org")  # not the posted address
    assert m.role == "editor" and m.user.role == Role.COMPANY
    assert not m.user.is_email_verified  # the accounts app still wants its code
    assert any("azubi-chef@example.org" in mail.to for mail in mailoutbox)


def test_closed_placement_stays_readable_but_says_so(client, placement, owner):
    from companies import services

    services.placement_close(placement=placement, by=owner)
    r = client.get(placement.get_absolute_url())
    assert r.status_code == 200 and "geschlossen" in r.content.decode()
    assert "noindex" in r.content.decode()
    services.placement_archive(placement=placement, by=owner)
    assert client.get(placement.get_absolute_url()).status_code == 404


def test_placement_page_shows_the_students_match_reasons(client, placement):
    from tests.factories import StudentProfileFactory

    student = StudentProfileFactory(interests={"ITC": 5})
    client.force_login(student.user)
    html = client.get(placement.get_absolute_url()).content.decode()
    assert "mt-placement-reasons" in html  # matching/_placement_reasons.html, included if it exists


def test_description_is_sanitised_again_on_the_page(client, placement):
    from companies.models import Company

    Company.objects.filter(pk=placement.company_id).update(
        description="<p>Hi</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    html = client.get(placement.company.get_absolute_url()).content.decode()
    assert "<p>Hi</p>" in html and "alert(1)" not in html and "onerror" not in html


def test_a_refused_save_and_publish_stores_nothing_and_keeps_the_input(client, company, owner, site, itc, in_days):
    """ "Speichern und veröffentlichen" refused (email not confirmed yet): no draft is left behind, none is added per
    retry, and the form shows the error with everything the user typed."""
    owner.email_verified_at = None
    owner.save(update_fields=["email_verified_at"])
    client.force_login(owner)
    data = {
        "kind": "career_day",
        "title": "Berufsfelderkundung Werkstatt",
        "site": site.pk,
        "start_date": in_days(20).isoformat(),
        "seats": "4",
        "required_qualification": "0",
        "berufsfelder": [itc.pk],
        "description": "Ein Tag in unserer Werkstatt.",
    }
    url = reverse("companies:placement_create", args=[company.slug])
    for _ in range(2):  # the retry too
        r = client.post(url, {**data, "publish": "1"})
        html = r.content.decode()
        assert r.status_code == 400
        assert "bestätige zuerst deine E-Mail-Adresse" in html
        assert 'value="Berufsfelderkundung Werkstatt"' in html and "Ein Tag in unserer Werkstatt." in html
    assert Placement.objects.filter(company=company).count() == 0
    assert not AuditEntry.objects.filter(company=company, action="placement.create").exists()

    # the same for an existing draft: the refused publish keeps none of the changes either
    draft = PlacementFactory(company=company, site=site, status=PlacementStatus.DRAFT, title="Alt")
    r = client.post(reverse("companies:placement_edit", args=[company.slug, draft.pk]), {**data, "publish": "1"})
    assert r.status_code == 400 and 'value="Berufsfelderkundung Werkstatt"' in r.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Alt" and draft.status == PlacementStatus.DRAFT
