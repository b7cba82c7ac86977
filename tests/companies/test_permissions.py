"""Permission matrix: every companies page and API endpoint against every kind of visitor.

One row per endpoint: how to call it and which roles may. Every other role must be refused (login
redirect for anonymous pages, 401/403 for the API, 404 where hidden content must not be revealed).
To extend: add a row to PAGES or API. Runs on SQLite and, with DATABASE_URL=postgres://..., PostgreSQL.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from PIL import Image

from backend.accounts.models import Role, User
from companies import services
from companies.models import (
    Company,
    CompanyPhoto,
    ContactPerson,
    Invitation,
    MemberRole,
    Membership,
    Placement,
    PlacementKind,
    PlacementStatus,
    Site,
)
from tests.factories import CompanyFactory, CompanyMemberFactory, PlacementFactory, SiteFactory, UserFactory
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "teacher", "parent", "other_member", "editor", "owner", "staff"]
EVERYONE = set(ROLES)
MEMBERS = {"editor", "owner"}
OWNERS = {"owner"}
COMPANY_ACCOUNTS = {"other_member", "editor", "owner"}
STAFF = {"staff"}


@dataclass
class World:
    company: Company
    pending: Company  # a company the city has not checked yet
    site: Site
    spare_site: Site  # without placements, so it can be deleted
    published: Placement
    draft: Placement
    closed: Placement
    contact: ContactPerson
    photo: CompanyPhoto
    colleague: Membership  # a third member, the target of role changes and removals
    invitation_token: str
    invitation: Invitation
    fresh_invitation_token: str  # for an address without an account
    users: dict[str, User | None]


def _no_mail(monkeypatch):
    for module in ("colleagues", "moderation"):  # the services that mail (companies/services/)
        monkeypatch.setattr(f"companies.services.{module}._send_email", lambda **kw: None)


@pytest.fixture(autouse=True)
def no_mail(monkeypatch):
    _no_mail(monkeypatch)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module's ~700 cases (tests/shared_data.py): each case's writes are rolled back."""
    with shared_data(django_db_blocker), pytest.MonkeyPatch.context() as monkeypatch:
        _no_mail(monkeypatch)
        yield _build_world()


def _build_world():
    company = CompanyFactory(name="Matrix GmbH", slug="matrix")
    owner = CompanyMemberFactory(company=company, role=MemberRole.OWNER).user
    editor = CompanyMemberFactory(company=company, role=MemberRole.EDITOR).user
    colleague = CompanyMemberFactory(company=company, role=MemberRole.EDITOR)
    other_member = CompanyMemberFactory(role=MemberRole.OWNER).user
    site = SiteFactory(company=company)
    published = PlacementFactory(company=company, site=site, title="Offen")
    draft = PlacementFactory(company=company, site=site, title="Entwurf", status=PlacementStatus.DRAFT)
    closed = PlacementFactory(company=company, site=site, title="Zu", status=PlacementStatus.CLOSED)
    pending = CompanyFactory(name="Ungeprüft GmbH", slug="ungeprueft", is_verified=False)
    inv = services.invitation_create(company=company, by=owner, email=other_member.email)
    users = {
        "anonymous": None,
        "student": UserFactory(role=Role.STUDENT),
        "teacher": UserFactory(role=Role.TEACHER),
        "parent": UserFactory(role=Role.PARENT),
        "other_member": other_member,
        "editor": editor,
        "owner": owner,
        "staff": UserFactory(role=Role.STAFF),
    }
    return World(
        company=company,
        pending=pending,
        site=site,
        spare_site=SiteFactory(company=company, name="Lager"),
        published=published,
        draft=draft,
        closed=closed,
        contact=ContactPerson.objects.create(company=company, name="Frau Kaya"),
        photo=CompanyPhoto.objects.create(company=company, sizes={}),
        colleague=colleague,
        invitation_token=inv.raw_token,
        invitation=inv,
        fresh_invitation_token=services.invitation_create(
            company=company, by=owner, email="neu-im-team@example.org"
        ).raw_token,
        users=users,
    )


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 0, 0)).save(buf, "PNG")
    buf.seek(0)
    buf.name = "bild.png"
    return buf


@dataclass
class Row:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: set
    data: Callable[[World], dict] | None = None
    multipart: bool = False
    anonymous_gets: int | None = None  # when an anonymous visitor is refused with something else than a login


def _r(name, *args):
    return lambda w: reverse(f"companies:{name}", args=[a(w) if callable(a) else a for a in args])


SLUG = lambda w: w.company.slug  # noqa: E731


def _placement_form(w):
    import datetime

    from django.utils import timezone

    start = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "kind": PlacementKind.HOLIDAY_INTERNSHIP,
        "title": "Neu",
        "site": w.site.pk,
        "start_date": start,
        "end_date": start + datetime.timedelta(days=5),
        "seats": 1,
        "required_qualification": 0,
    }


PAGES = [
    Row("directory", "get", _r("directory"), EVERYONE),
    Row("detail", "get", _r("detail", SLUG), EVERYONE),
    Row("detail of unchecked company", "get", _r("detail", lambda w: w.pending.slug), STAFF),
    Row("placement page", "get", lambda w: w.published.get_absolute_url(), EVERYONE),
    Row("draft placement page", "get", lambda w: w.draft.get_absolute_url(), MEMBERS | STAFF),
    Row("signup page", "get", _r("signup"), EVERYONE),
    Row("invitation page", "get", _r("invitation_accept", lambda w: w.invitation_token), EVERYONE),
    # anonymous visitors get the sign-up form back (400: it is empty), nothing else
    Row(
        "invitation accept",
        "post",
        _r("invitation_accept", lambda w: w.invitation_token),
        {"other_member"},
        anonymous_gets=400,
    ),
    Row(
        "invitation sign-up",
        "post",
        _r("invitation_accept", lambda w: w.fresh_invitation_token),
        {"anonymous"},
        lambda w: {"password": "Ein-gutes-Passwort-1", "password_repeat": "Ein-gutes-Passwort-1"},
    ),
    Row("dashboard", "get", _r("dashboard"), COMPANY_ACCOUNTS),
    Row("create company", "post", _r("create"), COMPANY_ACCOUNTS, lambda w: {"name": "Zweitfirma"}),
    Row("company dashboard", "get", _r("company_dashboard", SLUG), MEMBERS),
    Row("profile form", "get", _r("profile_edit", SLUG), MEMBERS),
    Row("profile save", "post", _r("profile_edit", SLUG), MEMBERS, lambda w: {"name": "Matrix AG"}),
    Row("logo upload", "post", _r("logo_upload", SLUG), MEMBERS, lambda w: {"logo": _png()}, multipart=True),
    Row("logo remove", "post", _r("logo_upload", SLUG), MEMBERS, lambda w: {"remove": "1"}),
    Row("photo add", "post", _r("photo_add", SLUG), MEMBERS, lambda w: {"image": _png()}, multipart=True),
    Row("photo remove", "post", _r("photo_remove", SLUG, lambda w: w.photo.pk), MEMBERS),
    Row("site form", "get", _r("site_create", SLUG), MEMBERS),
    Row(
        "site create",
        "post",
        _r("site_create", SLUG),
        MEMBERS,
        lambda w: {"name": "Werk 2", "street": "Weg 1", "postal_code": "44135"},
    ),
    Row(
        "site edit",
        "post",
        _r("site_edit", SLUG, lambda w: w.site.pk),
        MEMBERS,
        lambda w: {"name": "Werk", "street": "Weg 2", "postal_code": "44137"},
    ),
    Row("site delete", "post", _r("site_delete", SLUG, lambda w: w.spare_site.pk), MEMBERS),
    Row("contact create", "post", _r("contact_create", SLUG), MEMBERS, lambda w: {"name": "Herr Öz"}),
    Row(
        "contact edit",
        "post",
        _r("contact_edit", SLUG, lambda w: w.contact.pk),
        MEMBERS,
        lambda w: {"name": "Frau Kaya-Schmidt"},
    ),
    Row("contact delete", "post", _r("contact_delete", SLUG, lambda w: w.contact.pk), MEMBERS),
    Row("colleagues", "get", _r("colleagues", SLUG), MEMBERS),
    Row(
        "invite colleague",
        "post",
        _r("colleagues", SLUG),
        OWNERS,
        lambda w: {"email": "neu@example.org", "role": "editor"},
    ),
    Row("revoke invitation", "post", _r("invitation_revoke", SLUG, lambda w: w.invitation.pk), OWNERS),
    Row("change role", "post", _r("member_role", SLUG, lambda w: w.colleague.pk), OWNERS, lambda w: {"role": "owner"}),
    Row("remove colleague", "post", _r("member_remove", SLUG, lambda w: w.colleague.pk), OWNERS),
    Row("placement form", "get", _r("placement_create", SLUG), MEMBERS),
    Row("placement create", "post", _r("placement_create", SLUG), MEMBERS, _placement_form),
    Row("placement edit", "post", _r("placement_edit", SLUG, lambda w: w.draft.pk), MEMBERS, _placement_form),
    Row("placement publish", "post", _r("placement_action", SLUG, lambda w: w.draft.pk, "publish"), MEMBERS),
    Row("placement close", "post", _r("placement_action", SLUG, lambda w: w.published.pk, "close"), MEMBERS),
    Row("placement reopen", "post", _r("placement_action", SLUG, lambda w: w.closed.pk, "reopen"), MEMBERS),
    Row("placement archive", "post", _r("placement_action", SLUG, lambda w: w.draft.pk, "archive"), MEMBERS),
    Row("placement copy", "post", _r("placement_action", SLUG, lambda w: w.published.pk, "copy"), MEMBERS),
    Row("audit", "get", _r("audit", SLUG), OWNERS | STAFF),
    Row("staff queue", "get", _r("staff_queue"), STAFF),
    Row("staff verify", "post", _r("staff_company_action", lambda w: w.pending.slug, "verify"), STAFF),
    Row("staff hide company", "post", _r("staff_company_action", SLUG, "hide"), STAFF, lambda w: {"reason": "Prüfung"}),
    Row(
        "staff hide placement",
        "post",
        _r("staff_placement_action", lambda w: w.published.pk, "hide"),
        STAFF,
        lambda w: {"reason": "Prüfung"},
    ),
]

API = [
    Row("api companies", "get", lambda w: "/api/v1/companies/", EVERYONE),
    Row(
        "api company create",
        "post",
        lambda w: "/api/v1/companies/new/",
        COMPANY_ACCOUNTS,
        lambda w: {"name": "Zweitfirma"},
    ),
    Row("api company detail", "get", lambda w: f"/api/v1/companies/{w.company.slug}/", EVERYONE),
    Row("api unchecked company", "get", lambda w: f"/api/v1/companies/{w.pending.slug}/", STAFF),
    Row(
        "api company update",
        "patch",
        lambda w: f"/api/v1/companies/{w.company.slug}/",
        MEMBERS,
        lambda w: {"industry": "Stahl"},
    ),
    Row("api completeness", "get", lambda w: f"/api/v1/companies/{w.company.slug}/completeness/", MEMBERS),
    Row(
        "api logo upload",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/logo/",
        MEMBERS,
        lambda w: {"image": _png()},
        multipart=True,
    ),
    Row("api logo delete", "delete", lambda w: f"/api/v1/companies/{w.company.slug}/logo/", MEMBERS),
    Row(
        "api photo add",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/photos/",
        MEMBERS,
        lambda w: {"image": _png()},
        multipart=True,
    ),
    Row("api photo delete", "delete", lambda w: f"/api/v1/companies/{w.company.slug}/photos/{w.photo.pk}/", MEMBERS),
    Row("api sites", "get", lambda w: f"/api/v1/companies/{w.company.slug}/sites/", EVERYONE),
    Row(
        "api site create",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/sites/",
        MEMBERS,
        lambda w: {"name": "Werk 2", "street": "Weg 1", "postal_code": "44135"},
    ),
    Row(
        "api site update",
        "patch",
        lambda w: f"/api/v1/companies/{w.company.slug}/sites/{w.site.pk}/",
        MEMBERS,
        lambda w: {"street": "Weg 3"},
    ),
    Row("api site delete", "delete", lambda w: f"/api/v1/companies/{w.company.slug}/sites/{w.spare_site.pk}/", MEMBERS),
    Row("api contacts", "get", lambda w: f"/api/v1/companies/{w.company.slug}/contacts/", MEMBERS),
    Row(
        "api contact create",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/contacts/",
        MEMBERS,
        lambda w: {"name": "Herr Öz"},
    ),
    Row(
        "api contact update",
        "patch",
        lambda w: f"/api/v1/companies/{w.company.slug}/contacts/{w.contact.pk}/",
        MEMBERS,
        lambda w: {"phone": "0231 123"},
    ),
    Row(
        "api contact delete",
        "delete",
        lambda w: f"/api/v1/companies/{w.company.slug}/contacts/{w.contact.pk}/",
        MEMBERS,
    ),
    Row("api members", "get", lambda w: f"/api/v1/companies/{w.company.slug}/members/", MEMBERS),
    Row(
        "api member role",
        "patch",
        lambda w: f"/api/v1/companies/{w.company.slug}/members/{w.colleague.pk}/",
        OWNERS,
        lambda w: {"role": "owner"},
    ),
    Row(
        "api member remove", "delete", lambda w: f"/api/v1/companies/{w.company.slug}/members/{w.colleague.pk}/", OWNERS
    ),
    Row("api invitations", "get", lambda w: f"/api/v1/companies/{w.company.slug}/invitations/", OWNERS),
    Row(
        "api invite",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/invitations/",
        OWNERS,
        lambda w: {"email": "neu@example.org", "role": "editor"},
    ),
    Row(
        "api revoke invitation",
        "delete",
        lambda w: f"/api/v1/companies/{w.company.slug}/invitations/{w.invitation.pk}/",
        OWNERS,
    ),
    Row(
        "api accept invitation",
        "post",
        lambda w: "/api/v1/invitations/accept/",
        {"other_member"},
        lambda w: {"token": w.invitation_token},
    ),
    Row("api audit", "get", lambda w: f"/api/v1/companies/{w.company.slug}/audit/", OWNERS | STAFF),
    Row("api placements", "get", lambda w: "/api/v1/placements/", EVERYONE),
    Row("api placement", "get", lambda w: f"/api/v1/placements/{w.published.pk}/", EVERYONE),
    Row("api draft placement", "get", lambda w: f"/api/v1/placements/{w.draft.pk}/", MEMBERS | STAFF),
    Row(
        "api placement update",
        "patch",
        lambda w: f"/api/v1/placements/{w.published.pk}/",
        MEMBERS,
        lambda w: {"title": "Neu"},
    ),
    Row("api company placements", "get", lambda w: f"/api/v1/companies/{w.company.slug}/placements/", MEMBERS),
    Row(
        "api placement create",
        "post",
        lambda w: f"/api/v1/companies/{w.company.slug}/placements/",
        MEMBERS,
        lambda w: {k: str(v) for k, v in _placement_form(w).items()},
    ),
    Row("api publish", "post", lambda w: f"/api/v1/placements/{w.draft.pk}/publish/", MEMBERS),
    Row("api close", "post", lambda w: f"/api/v1/placements/{w.published.pk}/close/", MEMBERS),
    Row("api reopen", "post", lambda w: f"/api/v1/placements/{w.closed.pk}/reopen/", MEMBERS),
    Row("api archive", "post", lambda w: f"/api/v1/placements/{w.draft.pk}/archive/", MEMBERS),
    Row("api copy", "post", lambda w: f"/api/v1/placements/{w.published.pk}/copy/", MEMBERS),
    Row("api staff queue", "get", lambda w: "/api/v1/staff/companies/", STAFF),
    Row("api staff verify", "post", lambda w: f"/api/v1/staff/companies/{w.pending.slug}/verify/", STAFF),
    Row(
        "api staff unverify",
        "post",
        lambda w: f"/api/v1/staff/companies/{w.company.slug}/unverify/",
        STAFF,
        lambda w: {"reason": "Neu prüfen"},
    ),
    Row(
        "api staff hide",
        "post",
        lambda w: f"/api/v1/staff/companies/{w.company.slug}/hide/",
        STAFF,
        lambda w: {"reason": "Beschwerde"},
    ),
    Row("api staff unhide", "post", lambda w: f"/api/v1/staff/companies/{w.company.slug}/unhide/", STAFF),
    Row(
        "api staff hide placement",
        "post",
        lambda w: f"/api/v1/staff/placements/{w.published.pk}/hide/",
        STAFF,
        lambda w: {"reason": "Beschwerde"},
    ),
    Row("api staff unhide placement", "post", lambda w: f"/api/v1/staff/placements/{w.published.pk}/unhide/", STAFF),
]


def _cases(rows):
    return [pytest.param(row, role, id=f"{row.name}-{role}") for row in rows for role in ROLES]


def _call(client, row, w, *, api):
    data = row.data(w) if row.data else {}
    url = row.url(w)
    method = getattr(client, row.method)
    if api:
        return method(url, data, format="multipart" if row.multipart else "json")
    if row.method == "get":
        return method(url, data)
    return method(url, data)


@pytest.mark.parametrize("row,role", _cases(PAGES))
def test_pages(client, world, row, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    r = _call(client, row, world, api=False)
    if role in row.allowed:
        assert r.status_code < 400, f"{row.name} refused {role}: {r.status_code}"
        if r.status_code == 302:
            assert reverse("accounts:login") not in r["Location"], f"{row.name} sent {role} to log in"
    elif role == "anonymous" and row.anonymous_gets:
        assert r.status_code == row.anonymous_gets
    elif role == "anonymous" and r.status_code == 302:
        assert r["Location"].startswith(reverse("accounts:login") + "?next=")  # the login page, then back
    else:
        assert r.status_code in (403, 404), f"{row.name} allowed {role}: {r.status_code}"


@pytest.mark.parametrize("row,role", _cases(API))
def test_api(api_client, world, row, role):
    user = world.users[role]
    if user:
        api_client.force_authenticate(user)
    r = _call(api_client, row, world, api=True)
    if role in row.allowed:
        assert r.status_code < 400, f"{row.name} refused {role}: {r.status_code} {getattr(r, 'data', '')}"
    else:
        assert r.status_code in (401, 403, 404), f"{row.name} allowed {role}: {r.status_code}"
        assert "error" in r.json()
