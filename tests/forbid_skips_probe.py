"""Not collected by a normal run (no test_ prefix): tests/test_house.py runs it to check the test tooling."""

import pytest


def test_passes():
    assert True


def test_skips():
    pytest.skip("probe: service not configured")


@pytest.mark.elasticsearch
def test_needs_elasticsearch():
    assert True


@pytest.mark.postgres
def test_needs_postgres():
    assert True
