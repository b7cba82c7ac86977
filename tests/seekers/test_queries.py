"""Lists cost the same number of queries for 1 or 10 rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, FavouriteFactory, PlacementFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_rows(world, n):
    for _ in range(n):
        student = StudentProfileFactory()
        student.classes.add(world.school_class)
        app = ApplicationFactory(student=student, placement=PlacementFactory(company=world.company))
        app.events.create(status="submitted")
        app.messages.create(body="Hallo")
        FavouriteFactory(student=student, placement=app.placement)


@pytest.mark.parametrize(
    "who, url",
    [
        ("member", lambda w: reverse("seekers:company_inbox")),
        ("member", lambda w: reverse("seekers-api:company_inbox")),
        ("teacher", lambda w: reverse("seekers:teacher_class", args=[w.school_class.pk])),
        ("teacher", lambda w: reverse("seekers-api:class", args=[w.school_class.pk])),
        ("teacher", lambda w: reverse("seekers:class_export", args=[w.school_class.pk])),
    ],
)
def test_lists_do_not_grow_queries_with_rows(client, world, who, url):
    client.force_login(getattr(world, who) if who == "teacher" else world.member.user)
    add_rows(world, 1)
    few = count(client, url(world))
    add_rows(world, 9)
    many = count(client, url(world))
    print(f"{url(world)}: {few} queries with 1 row, {many} with 10")
    assert many == few, (few, many)
