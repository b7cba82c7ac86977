"""Index sync after commit through the outbox: a down Elasticsearch never fails a write or loses it.

The push after commit is enqueued once per transaction: wrap the whole write (factories included) in
django_capture_on_commit_callbacks(execute=True), or call indexing.push()."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from matching import indexing
from matching.models import IndexOutbox
from matching.search import SearchQuery, get_backend, reset_backends

CLOSED_PORT = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused at once


@pytest.fixture
def es_down(settings):
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "matching.search.backends.elasticsearch",
            "URL": CLOSED_PORT,
            "INDEX": "matching_never",
            "TIMEOUT": 1,
        }
    }
    reset_backends()
    yield
    reset_backends()


def change(placement):
    with transaction.atomic():
        placement.title = placement.title + " (neu)"
        placement.save(update_fields=["title"])
        indexing.placement_changed(placement.pk)


def test_a_process_on_the_database_backend_records_too_and_leaves_the_entries(
    db_backend, make_placement, django_capture_on_commit_callbacks
):
    """A cron job or shell without ELASTICSEARCH_URL: the change waits for a process that has Elasticsearch."""
    with django_capture_on_commit_callbacks(execute=True):
        p = make_placement()
    IndexOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change(p)
    assert len(callbacks) == 1  # one push task per transaction, however many changes it recorded
    assert set(IndexOutbox.objects.values_list("placement_id", flat=True)) == {p.pk}
    assert indexing.pending_count() == 1  # the push on the database backend kept it
    out = io.StringIO()
    call_command("sync_search_index", stdout=out)  # no error: there is no index here to be down
    assert "1 Änderungen bleiben vorgemerkt" in out.getvalue() and indexing.pending_count() == 1


def test_write_succeeds_and_change_is_kept_while_search_is_down(
    es_down, make_placement, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        p = make_placement()
        change(p)
    p.refresh_from_db()
    assert p.title.endswith("(neu)")
    rows = list(IndexOutbox.objects.all())
    assert {r.placement_id for r in rows} == {p.pk}
    assert all(r.attempts == 1 and r.last_error and r.pushed_at is None for r in rows)
    assert "Suchindex nicht erreichbar" in caplog.text
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("sync_search_index")
    assert IndexOutbox.objects.filter(placement_id=p.pk).exists()


def test_rolled_back_change_leaves_no_trace(es_down, make_placement):
    p = make_placement()
    before = IndexOutbox.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        change(p)
        raise RuntimeError("boom")
    assert IndexOutbox.objects.count() == before


@pytest.mark.elasticsearch
def test_catches_up_when_search_is_back(es_backend, settings, make_placement, django_capture_on_commit_callbacks):
    es_backend.ensure_index()
    good = dict(settings.SEARCH_BACKENDS)
    with django_capture_on_commit_callbacks(execute=True):
        first = make_placement(title="Tischlerei Erstes")
    assert indexing.pending_count() == 0

    # Elasticsearch goes away: two more changes, one of them deletes a placement
    settings.SEARCH_BACKENDS = {"default": {**good["default"], "URL": CLOSED_PORT, "TIMEOUT": 1}}
    reset_backends()
    with django_capture_on_commit_callbacks(execute=True):
        second = make_placement(title="Tischlerei Zweites")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first.delete()  # the signal records it: no explicit call
    assert indexing.pending_count() == 2

    # back again: the command catches up, nothing lost
    settings.SEARCH_BACKENDS = good
    reset_backends()
    call_command("sync_search_index")
    assert indexing.pending_count() == 0
    backend = get_backend()
    backend.refresh()
    assert [h.id for h in backend.search(SearchQuery(text="Tischlerei")).hits] == [second.pk]


@pytest.mark.elasticsearch
def test_next_change_retries_what_was_left(es_backend, settings, make_placement, django_capture_on_commit_callbacks):
    es_backend.ensure_index()
    good = dict(settings.SEARCH_BACKENDS)
    settings.SEARCH_BACKENDS = {"default": {**good["default"], "URL": CLOSED_PORT, "TIMEOUT": 1}}
    reset_backends()
    with django_capture_on_commit_callbacks(execute=True):
        left = make_placement(title="Bäckerei Liegengeblieben")
    settings.SEARCH_BACKENDS = good
    reset_backends()
    with django_capture_on_commit_callbacks(execute=True):
        later = make_placement(title="Bäckerei Später")
    backend = get_backend()
    backend.refresh()
    assert sorted(h.id for h in backend.search(SearchQuery(text="Bäckerei")).hits) == [left.pk, later.pk]


@pytest.mark.elasticsearch
def test_rebuild_switches_the_alias_and_keeps_search_working(es_backend, make_placement):
    a = make_placement(title="Gärtnerei Alt")
    es_backend.rebuild()
    old = es_backend._concrete_indices()
    b = make_placement(title="Gärtnerei Neu")
    call_command("rebuild_search_index", chunk_size=1)
    new = es_backend._concrete_indices()
    assert len(new) == 1 and new != old
    assert es_backend.client.indices.exists_alias(name=es_backend.index, index=new[0])
    assert sorted(h.id for h in es_backend.search(SearchQuery(text="Gärtnerei")).hits) == [a.pk, b.pk]


def test_search_answers_503_in_german_while_elasticsearch_is_down(es_down, api_client, client, db):
    r = api_client.get("/api/v1/search/")
    assert r.status_code == 503
    assert "Die Suche ist gerade nicht erreichbar" in r.json()["error"]["message"]
    page = client.get("/suche/")
    assert page.status_code == 200 and "Die Suche ist gerade nicht erreichbar" in page.content.decode()


@pytest.mark.elasticsearch
def test_text_uses_german_analysis_only_where_the_cluster_has_it(es_backend):
    es_backend.ensure_index()
    try:
        es_backend.client.indices.analyze(analyzer="german", text="Häuser")
        expected = "german"
    except Exception:
        expected = "standard"
    assert es_backend.text_analyzer() == expected
    name = es_backend._concrete_indices()[0]
    analysis = es_backend.client.indices.get_settings(index=name)[name]["settings"]["index"]["analysis"]
    assert analysis["analyzer"]["default"]["type"] == expected


def test_admin_lists_the_drift_checks(client, db):
    from django.urls import reverse

    from backend.accounts.models import User
    from matching.models import IndexCheck

    IndexCheck.objects.create(in_database=339, in_index=338, missing=34, extra=33, differing=33, repaired=100)
    client.force_login(User.objects.create_superuser("stadt-admin@example.org", "Admin-Passwort-Dortmund"))
    html = client.get(reverse("admin:matching_indexcheck_changelist")).content.decode()
    assert "Suchindex-Prüfungen" in html
    for figure in ("339", "338", "34", "33", "100"):
        assert f">{figure}<" in html
