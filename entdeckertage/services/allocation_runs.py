"""The city-wide allocation: start a run, execute it (OR-Tools, entdeckertage.allocation), publish it, and move
a pupil by hand afterwards."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.api.exceptions import DomainError
from seekers.models import StudentProfile

from .. import notifications, selectors, tasks
from ..allocation import allocate
from ..inputs import load_problem
from ..models import (
    AllocationRun,
    Assignment,
    AssignmentSource,
    ManualMove,
    Offer,
    OfferStatus,
    Phase,
    RunStatus,
    Season,
)
from ..permissions import require_staff
from .bookings import _check_day_rules
from .shared import _d, _today


def allocation_run_start(
    *, actor, season: Season, seed: int | None = None, time_limit_s: int = 60, today=None
) -> AllocationRun:
    """Queue an allocation run (a background task). Repeatable until a run is published."""
    require_staff(actor)
    if season.published_run_id:
        raise DomainError(
            _("Die Verteilung ist schon veröffentlicht und kann nicht neu berechnet werden."), code="published"
        )
    if season.phase_on(_today(today)) not in (Phase.WISH, Phase.ALLOCATE):
        raise DomainError(
            _("Die Verteilung läuft in der Wunsch- oder Verteilungsphase (ab %(d)s).") % {"d": _d(season.wishes_from)},
            code="wrong_phase",
        )
    if not 5 <= int(time_limit_s) <= 600:
        raise ValidationError({"time_limit_s": _("Bitte wähle eine Rechenzeit zwischen 5 und 600 Sekunden.")})
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    with transaction.atomic():
        run = AllocationRun.objects.create(
            season=season, seed=int(seed), created_by=actor, time_limit_s=int(time_limit_s)
        )
        transaction.on_commit(lambda: tasks.run_allocation.enqueue(run.pk))
    return run


def allocation_run_execute(run: AllocationRun) -> AllocationRun:
    """Compute a run (called by the task): load the season, solve, store figures and assignments."""
    if run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        return run
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.progress = 1
    run.save(update_fields=["status", "started_at", "progress"])

    def progress(pct: int, note: str = ""):
        AllocationRun.objects.filter(pk=run.pk).update(progress=max(1, min(99, int(pct))), progress_note=note[:255])

    try:
        problem = load_problem(run.season)
        result = allocate(problem, seed=run.seed, time_limit_s=run.time_limit_s, progress=progress)
    except Exception as exc:  # stored on the run for city staff; the task itself does not crash the worker
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:4000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.inputs_digest = problem.digest()
    run.figures = result.figures
    run.assignments = [[p, o, r] for p, o, r in result.assignments]
    run.status = RunStatus.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run


def allocation_publish(*, actor, run: AllocationRun, today=None, notify: bool = True) -> int:
    """Turn a finished run into the pupils' days; mails go out. Refused when the inputs changed since."""
    require_staff(actor)
    season = run.season
    if run.status != RunStatus.DONE:
        raise DomainError(_("Nur eine fertig berechnete Verteilung kann veröffentlicht werden."), code="not_done")
    if season.published_run_id:
        raise DomainError(_("Für diese Saison ist schon eine Verteilung veröffentlicht."), code="published")
    if load_problem(season).digest() != run.inputs_digest:
        raise DomainError(
            _(
                "Seit dieser Berechnung haben sich Wünsche, Angebote oder Klassen geändert. Bitte starte die "
                "Verteilung neu und veröffentliche dann die neue Berechnung."
            ),
            code="stale",
        )
    with transaction.atomic():
        locked = Season.objects.select_for_update().get(pk=season.pk)
        if locked.published_run_id:
            raise DomainError(_("Für diese Saison ist schon eine Verteilung veröffentlicht."), code="published")
        offers = Offer.objects.in_bulk({o for _p, o, _r in run.assignments})
        Assignment.objects.bulk_create(
            Assignment(
                season=season,
                student_id=p,
                offer_id=o,
                date=offers[o].date,
                berufsfeld_id=offers[o].berufsfeld_id,
                source=AssignmentSource.ALLOCATION,
                run=run,
                wish_rank=r or None,
            )
            for p, o, r in run.assignments
        )
        run.status = RunStatus.PUBLISHED
        run.published_at = timezone.now()
        run.published_by = actor
        run.save(update_fields=["status", "published_at", "published_by"])
        locked.published_run = run
        locked.save(update_fields=["published_run"])
        if notify:  # the demo builds a published season without mail
            notifications.allocation_published(season=locked, run=run)
    return len(run.assignments)


def assignment_move(
    *,
    actor,
    season: Season,
    student: StudentProfile,
    reason: str,
    from_assignment: Assignment | None = None,
    to_offer: Offer | None = None,
) -> ManualMove:
    """City staff move a pupil by hand (remove a day, add one, or both), within the rules, with a logged reason."""
    require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte gib einen Grund an; er wird protokolliert.")})
    if from_assignment is None and to_offer is None:
        raise ValidationError({"to_offer": _("Bitte wähle einen Tag zum Entfernen oder ein neues Angebot.")})
    if from_assignment is not None and (
        from_assignment.student_id != student.id or from_assignment.season_id != season.id
    ):
        raise ValidationError({"from_assignment": _("Dieser Tag gehört nicht zu dieser Person.")})
    with transaction.atomic():
        if to_offer is not None:
            locked = Offer.objects.select_for_update().select_related("company", "berufsfeld").get(pk=to_offer.pk)
            if locked.season_id != season.id or locked.status != OfferStatus.ACTIVE:
                raise ValidationError({"to_offer": _("Dieses Angebot ist in dieser Saison nicht verfügbar.")})
            block = selectors.student_block(season, student)
            if block is None or locked.block_id != block.id:
                raise DomainError(_("Das Angebot liegt nicht im Block der Klasse dieser Person."), code="outside_block")
            _check_day_rules(season, student, locked, ignore=from_assignment)
            if locked.assignments.count() >= locked.seats:
                raise DomainError(
                    _(
                        "Dieser Tag ist ausgebucht. Erhöhe mit dem Unternehmen die Plätze oder wähle "
                        "ein anderes Angebot."
                    ),
                    code="full",
                )
        if from_assignment is not None:
            from_offer = from_assignment.offer
            from_assignment.delete()
        else:
            from_offer = None
        if to_offer is not None:
            try:
                with transaction.atomic():
                    Assignment.objects.create(
                        season=season,
                        student=student,
                        offer=locked,
                        date=locked.date,
                        berufsfeld=locked.berufsfeld,
                        source=AssignmentSource.MANUAL,
                    )
            except IntegrityError:
                raise DomainError(
                    _("Diese Person hat an dem Datum oder im Berufsfeld schon einen Tag."), code="conflict"
                ) from None
        return ManualMove.objects.create(
            season=season, student=student, from_offer=from_offer, to_offer=to_offer, reason=reason[:255], actor=actor
        )
