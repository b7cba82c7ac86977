"""Limits hold across processes: two OS processes (like two gunicorn workers) share one file database and the
database cache that `migrate` creates; the login lock, a throttle and a password reset count across both."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "zwei.prozesse@example.org"
PASSWORD = "Richtiges-Passwort-2026"
NEW_PASSWORD = "Neues-Passwort-nach-Reset-7"


class Worker:
    def __init__(self, env):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.accounts.limits_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, op, **kwargs):
        self.proc.stdin.write(json.dumps({"op": op, **kwargs}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"worker {self.proc.pid} died"
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def workers(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.accounts.shared_limits_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    # Only `migrate`: the cache table must come with it (no createcachetable step).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    a, b = Worker(env), Worker(env)
    assert a.proc.pid != b.proc.pid
    yield a, b
    a.close()
    b.close()


def test_login_lock_throttle_and_reset_count_across_two_processes(workers):
    a, b = workers
    a("create_user", email=EMAIL, password=PASSWORD)

    # 9 wrong passwords spread over both processes, then the 10th is still checked (and wrong) ...
    for i in range(9):
        assert (a if i % 2 else b)("login", email=EMAIL, password=f"falsch-{i}")["locked"] is False
    tenth = a("login", email=EMAIL, password="falsch-10")
    assert tenth["locked"] is False and tenth["logged_in"] is False
    # ... and after exactly 10 the right password is refused in both processes.
    for worker in (b, a):
        answer = worker("login", email=EMAIL, password=PASSWORD)
        assert answer["locked"] is True and answer["logged_in"] is False

    # A password reset in one process lifts the lock in the other.
    assert b("reset", email=EMAIL, password=NEW_PASSWORD)["status"] == 302
    answer = a("login", email=EMAIL, password=NEW_PASSWORD)
    assert answer["logged_in"] is True and answer["locked"] is False

    # The token API's "auth" throttle (10/minute per client) counts across both processes as well. A different
    # email each time, so the login lock is not what answers.
    statuses = [
        (a if i % 2 else b)("token", email=f"t{i}@example.org", password="x", ip="10.9.9.9")["status"]
        for i in range(11)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
