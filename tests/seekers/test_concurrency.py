"""Concurrent accepts never exceed the seats: 50 company members' clicks race for 3 seats."""

import threading

import pytest
from django.db import close_old_connections, connection

from backend.api.exceptions import DomainError
from companies.models import PlacementStatus
from seekers import services
from seekers.models import Application, ApplicationStatus
from tests.factories import ApplicationFactory, CompanyMemberFactory, PlacementFactory, StudentProfileFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_accepts_on_three_seats_accept_exactly_three() -> None:
    member = CompanyMemberFactory.create()
    placement = PlacementFactory.create(company=member.company, seats=3)
    ids = [ApplicationFactory.create(placement=placement, student=StudentProfileFactory.create()).pk for _ in range(50)]
    barrier = threading.Barrier(len(ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(pk):
        close_old_connections()  # each thread opens its own connection
        try:
            application = Application.objects.get(pk=pk)
            barrier.wait(timeout=30)
            services.application_accept(application=application, by=member.user)
            result = "accepted"
        except DomainError as exc:
            result = exc.code
        except Exception as exc:
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(set(outcomes)) == ["accepted", "full"], outcomes
    assert outcomes.count("accepted") == 3
    # a company's "yes" is an offer that holds the seat (issue 10)
    assert Application.objects.filter(placement=placement, status=ApplicationStatus.OFFERED).count() == 3
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.CLOSED
