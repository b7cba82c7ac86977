"""Every write path records its placements for the search index in the writing transaction, whatever backend
the writing process uses, and (with Elasticsearch) the change reaches the index: services, the admin's real
POSTs (with an audit entry), management commands, deletes and bulk deletes."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from backend.accounts.models import User
from backend.reference.models import Berufsfeld, Occupation
from companies import services
from companies.models import AuditEntry, Company, Placement
from matching import indexing
from matching.models import IndexOutbox
from matching.search import SearchQuery, get_backend
from tests.factories import ApplicationFactory, CompanyFactory, SiteFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would submit from the admin's change form (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image"):
                self.data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def admin_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {k: (v if len(v) > 1 else v[0]) for k, v in reader.data.items() if v}  # nothing selected: not sent
    description = data.get("description", "")
    if isinstance(description, str) and description.startswith("\n"):  # the browser drops a textarea's first newline
        data["description"] = description[1:]
    return data


def admin_post(client, url, **changes):
    """GET the admin form, change fields like a person would (None unticks a checkbox), POST it back."""
    data = admin_form(client, url)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    response = client.post(url, data)
    if response.status_code != 302:
        ctx = response.context
        errors = [ctx["adminform"].form.errors] + [f.formset.errors for f in ctx.get("inline_admin_formsets", [])]
        errors += [f.formset.non_form_errors() for f in ctx.get("inline_admin_formsets", [])]
        raise AssertionError(f"admin form not saved: {errors}")
    return response


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("stadt-admin@example.org", "Admin-Passwort-Dortmund")


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def company_with_placements(make_placement):
    company = CompanyFactory(name="Stahlbau Hörde", is_verified=True)
    placements = [make_placement(company=company, title=f"Metallbauer*in {i}") for i in range(3)]
    IndexOutbox.objects.all().delete()
    return company, placements


def recorded() -> set[int]:
    return set(IndexOutbox.objects.values_list("placement_id", flat=True))


# --- recorded in the writing transaction, on the database backend (a process without ELASTICSEARCH_URL) --------
def test_service_write_is_recorded_without_elasticsearch(db_backend, company_with_placements, staff):
    company, placements = company_with_placements
    services.company_unverify(company=company, by=staff, reason="Adresse unklar")
    assert recorded() == {p.pk for p in placements}


@pytest.mark.parametrize(
    "changes, action",
    [({"is_verified": None}, "company.unverify"), ({"is_hidden": "on", "hidden_reason": "Beschwerde"}, "company.hide")],
)
def test_admin_company_change_is_recorded_and_audited(
    db_backend, admin_client, company_with_placements, staff, changes, action
):
    company, placements = company_with_placements
    admin_post(admin_client, reverse("admin:companies_company_change", args=[company.pk]), **changes)
    company.refresh_from_db()
    assert (not company.is_verified) if action == "company.unverify" else company.is_hidden
    assert recorded() == {p.pk for p in placements}
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor == staff and entry.target_id == company.pk


def test_admin_verify_sets_who_and_when(db_backend, admin_client, make_placement, staff):
    company = CompanyFactory(is_verified=False)
    p = make_placement(company=company)
    IndexOutbox.objects.all().delete()
    admin_post(admin_client, reverse("admin:companies_company_change", args=[company.pk]), is_verified="on")
    company.refresh_from_db()
    assert company.is_verified and company.verified_by == staff and company.verified_at
    assert recorded() == {p.pk}
    assert AuditEntry.objects.filter(action="company.verify", actor=staff).count() == 1


def test_admin_placement_edit_and_delete_are_recorded_and_audited(db_backend, admin_client, make_placement, staff):
    p = make_placement(title="Elektroniker*in")
    IndexOutbox.objects.all().delete()
    url = reverse("admin:companies_placement_change", args=[p.pk])
    admin_post(admin_client, url, title="Elektroniker*in für Betriebstechnik")
    assert recorded() == {p.pk}
    assert AuditEntry.objects.get(action="placement.admin_update").changes["title"][1].endswith("Betriebstechnik")
    IndexOutbox.objects.all().delete()
    response = admin_client.post(reverse("admin:companies_placement_delete", args=[p.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Placement.objects.filter(pk=p.pk).exists()
    assert recorded() == {p.pk}
    assert AuditEntry.objects.filter(action="placement.admin_delete", target_id=p.pk, actor=staff).exists()


def test_admin_bulk_delete_then_company_delete_are_recorded_and_audited(
    db_backend, admin_client, company_with_placements
):
    company, placements = company_with_placements
    # a company with placements cannot be deleted (Placement.site is PROTECT): the admin deletes them first,
    # with the changelist's bulk action (queryset delete)
    refused = admin_client.post(reverse("admin:companies_company_delete", args=[company.pk]), {"post": "yes"})
    assert refused.status_code == 200 and Company.objects.filter(pk=company.pk).exists()
    response = admin_client.post(
        reverse("admin:companies_placement_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in placements], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Placement.objects.filter(company=company).exists()
    assert recorded() == {p.pk for p in placements}
    assert AuditEntry.objects.filter(action="placement.admin_delete").count() == len(placements)
    response = admin_client.post(reverse("admin:companies_company_delete", args=[company.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Company.objects.filter(pk=company.pk).exists()
    assert AuditEntry.objects.filter(action="company.admin_delete", target_id=company.pk).exists()


def test_admin_site_move_is_recorded(db_backend, admin_client, make_placement):
    p = make_placement()
    IndexOutbox.objects.all().delete()
    site = p.site
    admin_post(admin_client, reverse("admin:companies_site_change", args=[site.pk]), latitude=str(site.latitude + 0.01))
    assert recorded() == {p.pk}
    assert AuditEntry.objects.filter(action="site.admin_update", target_id=site.pk).exists()


def test_site_delete_without_placements_and_logo_change_record_nothing(db_backend, company_with_placements):
    company, _ = company_with_placements
    SiteFactory(company=company).delete()
    company.website = "https://example.org"
    company.save()
    assert recorded() == set()


def test_bulk_deletes_and_berufsfeld_edits_are_recorded(db_backend, make_placement):
    a, b = make_placement(), make_placement()
    student = StudentProfileFactory()
    app = ApplicationFactory(student=student, placement=b)
    IndexOutbox.objects.all().delete()
    b.berufsfelder.add(Berufsfeld.objects.get(code="EL"))
    assert recorded() == {b.pk}
    IndexOutbox.objects.all().delete()
    student.applications.all().delete()  # as the privacy deletion does
    assert recorded() == {app.placement_id}
    IndexOutbox.objects.all().delete()
    Placement.objects.filter(pk__in=[a.pk, b.pk]).delete()
    assert recorded() == {a.pk, b.pk}


def test_a_rolled_back_admin_write_leaves_no_entry(db_backend, company_with_placements):
    company, _ = company_with_placements
    with pytest.raises(RuntimeError), transaction.atomic():
        company.is_hidden = True
        company.save()
        assert recorded()
        raise RuntimeError("boom")
    assert recorded() == set()


def test_command_write_is_recorded(db_backend, make_placement):
    """`load_reference_data` renames occupations with bulk_update (no signals): it records their placements."""
    occupation = Occupation.objects.order_by("id").first()
    p = make_placement(occupation=occupation)
    other = make_placement()
    Occupation.objects.filter(pk=occupation.pk).update(name="Alter Name")
    IndexOutbox.objects.all().delete()
    call_command("load_reference_data", verbosity=0)
    assert p.pk in recorded() and other.pk not in recorded()


# --- and they reach Elasticsearch ---------------------------------------------------------------------------------
def _found(backend, text):
    backend.refresh()
    return {h.id for h in backend.search(SearchQuery(text=text, limit=50)).hits}


@pytest.mark.elasticsearch
def test_admin_moderation_reaches_elasticsearch(
    es_backend, admin_client, make_placement, django_capture_on_commit_callbacks
):
    es_backend.ensure_index()
    with django_capture_on_commit_callbacks(execute=True):
        company = CompanyFactory(name="Stahlbau Hörde", is_verified=True)
        ids = {make_placement(company=company, title=f"Metallbauer*in {i}").pk for i in range(3)}
        lone = make_placement(title="Metallbauer*in allein").pk
    assert _found(es_backend, "metallbau") == ids | {lone}
    url = reverse("admin:companies_company_change", args=[company.pk])
    steps = [
        ({"is_verified": None}, {lone}),  # unverify
        ({"is_verified": "on"}, ids | {lone}),  # verify
        ({"is_hidden": "on", "hidden_reason": "Beschwerde"}, {lone}),  # hide
    ]
    for changes, expected in steps:
        with django_capture_on_commit_callbacks(execute=True):
            admin_post(admin_client, url, **changes)
        assert _found(es_backend, "metallbau") == expected, changes
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:companies_placement_delete", args=[lone]), {"post": "yes"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:companies_placement_changelist"),
            {"action": "delete_selected", "_selected_action": sorted(ids), "post": "yes"},
        )
    assert response.status_code == 302
    assert indexing.pending_count() == 0
    es_backend.refresh()
    assert es_backend.indexed_digests() == {}


@pytest.mark.elasticsearch
def test_write_from_a_process_without_elasticsearch_reaches_the_index_later(
    es_backend, settings, make_placement, django_capture_on_commit_callbacks, staff
):
    es_backend.ensure_index()
    good = settings.SEARCH_BACKENDS
    with django_capture_on_commit_callbacks(execute=True):
        company = CompanyFactory(is_verified=True)
        p = make_placement(company=company, title="Anlagenmechaniker*in")
    assert _found(es_backend, "anlagenmechan") == {p.pk}
    # a cron job or shell without ELASTICSEARCH_URL hides the company
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "matching.search.backends.database"}}
    from matching.search import reset_backends

    reset_backends()
    with django_capture_on_commit_callbacks(execute=True):
        services.company_hide(company=company, by=staff, reason="Beschwerde")
    assert indexing.pending_count() == 1
    # the worker (with Elasticsearch) catches up
    settings.SEARCH_BACKENDS = good
    reset_backends()
    call_command("sync_search_index")
    assert _found(get_backend(), "anlagenmechan") == set()


# --- bulk writes in code (no signals) must record themselves ------------------------------------------------------
INDEXED_FIELDS = {  # what the search document reads (matching/search/documents.py, matching/signals.py)
    "Placement": {
        "kind",
        "title",
        "description",
        "status",
        "is_hidden",
        "start_date",
        "end_date",
        "application_deadline",
        "seats",
        "min_grade",
        "min_age",
        "required_qualification",
        "is_accessible",
        "occupation",
        "occupation_id",
        "site",
        "site_id",
        "company",
        "company_id",
    },
    "Company": {"name", "is_verified", "is_hidden"},
    "Site": {"latitude", "longitude", "district", "district_id"},
    "Application": {"status", "placement", "placement_id"},
}


# modules whose caller records what they wrote
EXEMPT = {
    f"backend/demo/builder/{step}.py": "load_demo_data records every placement it builds or deletes"
    for step in ("placements", "applications", "dataset")
}


def _bulk_writes_without_index_call(root):
    """(file, line, model) of `Model.objects....update(field=...)` / `bulk_update(..., [fields])` on an indexed
    field in a module that never calls placements_changed/placement_changed."""
    import ast

    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("tests/", ".venv/", "node_modules/")) or "/migrations/" in rel or rel.endswith("bench.py"):
            continue
        source = path.read_text(encoding="utf-8")
        if "placements_changed" in source or "placement_changed" in source or rel in EXEMPT:
            continue
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = ast.unparse(node.func.value)
            for model, fields in INDEXED_FIELDS.items():
                if f"{model}.objects" not in receiver:
                    continue
                if node.func.attr == "update":
                    names = {k.arg for k in node.keywords}
                elif node.func.attr == "bulk_update" and len(node.args) > 1:
                    names = {
                        ast.literal_eval(e) for e in getattr(node.args[1], "elts", []) if isinstance(e, ast.Constant)
                    }
                else:
                    continue
                if names & fields:
                    found.append((rel, node.lineno, model))
    return found


def test_every_bulk_write_of_an_indexed_field_records_it_for_the_index(tmp_path):
    from django.conf import settings

    assert _bulk_writes_without_index_call(settings.BASE_DIR) == []
    # the check itself sees one
    (tmp_path / "offender.py").write_text("Placement.objects.filter(pk=1).update(status='closed')\n")
    (tmp_path / "fine.py").write_text("Placement.objects.filter(pk=1).update(view_count=2)\n")
    assert _bulk_writes_without_index_call(tmp_path) == [("offender.py", 1, "Placement")]
