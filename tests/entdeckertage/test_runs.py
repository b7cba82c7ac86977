"""Allocation runs through the services: queued as a task, stored, repeatable, published into days."""

import pytest

from backend.api.exceptions import DomainError
from entdeckertage import services
from entdeckertage.models import AllocationRun, Assignment, AssignmentSource, Phase, RunStatus

from .conftest import BLOCKS, ON


@pytest.fixture
def world(make_offer, make_pupil):
    d1, d2, d3 = BLOCKS[0]
    offers = [
        make_offer(date=d1, field="ITC", seats=2),
        make_offer(date=d2, field="EL", seats=3),
        make_offer(date=d3, field="G", seats=3),
        make_offer(date=d1, field="M", seats=1),
    ]
    pupils = [make_pupil() for _ in range(3)]
    for p in pupils:
        services.wishes_set(
            actor=p.user, student=p, season=offers[0].season, offer_ids=[o.id for o in offers], today=ON[Phase.WISH]
        )
    return offers, pupils


def test_run_publish_and_stale_inputs(world, staff, mailoutbox, django_capture_on_commit_callbacks):
    offers, pupils = world
    season = offers[0].season
    with django_capture_on_commit_callbacks(execute=True):
        run = services.allocation_run_start(
            actor=staff, season=season, seed=5, time_limit_s=5, today=ON[Phase.ALLOCATE]
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    f = run.figures
    assert f["three_days"] == 3 and f["pupils"] == 3 and f["bound"] == 9
    assert len(run.inputs_digest) == 64 and len(run.assignments) == 9

    # repeatable with the same seed: same assignments
    with django_capture_on_commit_callbacks(execute=True):
        again = services.allocation_run_start(
            actor=staff, season=season, seed=5, time_limit_s=5, today=ON[Phase.ALLOCATE]
        )
    again.refresh_from_db()
    assert again.assignments == run.assignments and again.inputs_digest == run.inputs_digest

    # inputs change after the run: publishing is refused with a German message
    services.offer_update(
        actor=offers[3].company.memberships.first().user, offer=offers[3], seats=2, today=ON[Phase.ALLOCATE]
    )
    with pytest.raises(DomainError) as e:
        services.allocation_publish(actor=staff, run=run)
    assert e.value.code == "stale"
    services.offer_update(
        actor=offers[3].company.memberships.first().user, offer=offers[3], seats=1, today=ON[Phase.ALLOCATE]
    )

    with django_capture_on_commit_callbacks(execute=True):
        n = services.allocation_publish(actor=staff, run=run)
    assert n == 9
    assert Assignment.objects.filter(source=AssignmentSource.ALLOCATION).count() == 9
    season.refresh_from_db()
    assert season.published_run == run
    with pytest.raises(DomainError) as e:
        services.allocation_run_start(actor=staff, season=season, today=ON[Phase.ALLOCATE])
    assert e.value.code == "published"
    subjects = [m.subject for m in mailoutbox]
    assert sum("Deine Entdeckertage" in s for s in subjects) == 3
    assert any("Verteilung für die Klasse" in s for s in subjects)
    assert any("wer zu euch kommt" in s for s in subjects)


def test_only_staff_run(world, make_pupil):
    offers, pupils = world
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.allocation_run_start(actor=pupils[0].user, season=offers[0].season, today=ON[Phase.ALLOCATE])
    assert not AllocationRun.objects.exists()
