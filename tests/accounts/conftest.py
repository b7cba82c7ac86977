import re

import pytest
from django.core import mail


def code_from_outbox(index: int = -1) -> str:
    """The 6-digit code of the (last) verification email."""
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[index].body))
    assert match, f"no 6-digit code in: {mail.outbox[index].body}"
    return match.group(1)


@pytest.fixture
def strong_password():
    return "Lindenhorst-Zeche-2026"


@pytest.fixture(autouse=True)
def on_commit_runs_immediately(monkeypatch):
    """Tests run inside a transaction that never commits; run on_commit callbacks (email sending) at once,
    as they would run in autocommit mode. tests/mail checks the real after-commit behaviour."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
