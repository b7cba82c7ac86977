"""A request never waits on Elasticsearch: the push is a task enqueued on commit; the worker talks to ES.

Elasticsearch here is a socket that accepts connections and never answers (a hung cluster). The admin's
placement save completes, with the change committed and recorded, while the push task, once a worker runs
it, hangs on that socket: the request and the push are separate."""

import socket
import threading

import pytest
from django.db import connections
from django.urls import reverse

from backend.accounts.models import User
from matching import indexing
from matching.models import IndexOutbox
from matching.search import reset_backends
from matching.tasks import push_search_index
from tests.matching.test_write_paths import admin_post

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: on_commit runs as in production


class SilentServer:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.accepted = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        self.sock.settimeout(0.1)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(conn)  # read nothing, answer nothing
            self.accepted.set()

    def hang_up(self):
        for conn in self.connections:
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join()
        self.hang_up()
        self.sock.close()


@pytest.fixture
def silent_es(settings):
    server = SilentServer()
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "matching.search.backends.elasticsearch",
            "URL": f"http://127.0.0.1:{server.port}",
            "INDEX": "index_silent",
            "TIMEOUT": 600,  # the client would wait for ever; only hang_up() ends the push
        }
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }  # a worker that has not run yet
    reset_backends()
    yield server
    server.close()
    reset_backends()


def test_placement_save_returns_while_the_push_hangs_on_elasticsearch(silent_es, client, make_placement):
    from django_tasks import default_task_backend

    p = make_placement(title="Mechatroniker*in")
    default_task_backend.clear()
    IndexOutbox.objects.all().delete()
    client.force_login(User.objects.create_superuser("stadt-admin@example.org", "Admin-Passwort-Dortmund"))

    admin_post(client, reverse("admin:companies_placement_change", args=[p.pk]), title="Mechatroniker*in (m/w/d)")

    # the request is done: the change is committed and recorded, one push task waits for the worker,
    # and nothing in the request even connected to Elasticsearch
    p.refresh_from_db()
    assert p.title == "Mechatroniker*in (m/w/d)"
    assert indexing.pending_count() == 1
    queued = [r for r in default_task_backend.results if r.task.name == push_search_index.name]
    assert len(queued) == 1
    assert silent_es.connections == []

    # the worker runs the push: it hangs on the silent cluster while the change stays pending
    outcome = {}

    def worker():
        try:
            outcome["result"] = push_search_index.call()
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    assert silent_es.accepted.wait(60), "the push never reached the (silent) Elasticsearch"
    assert thread.is_alive() and indexing.pending_count() == 1
    # the cluster hangs up: the push gives up without losing the change
    silent_es.hang_up()
    thread.join(60)
    assert not thread.is_alive()
    assert outcome["result"] == {"synced": 0, "pending": 1}
    assert IndexOutbox.objects.get(placement_id=p.pk).attempts == 1
