"""Background work of the Entdeckertage (django-tasks). Periodic ones are idempotent (settings.PERIODIC_TASKS)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from . import notifications, services
from .models import AllocationRun, Assignment, Attendance, Participation, Phase, Season


@task()
def run_allocation(run_id: int) -> None:
    """Compute one allocation run (progress and figures are stored on the run)."""
    run = AllocationRun.objects.filter(pk=run_id).select_related("season").first()
    if run is not None:
        services.allocation_run_execute(run)


@task()
def send_allocation_mails(season_id: int) -> int:
    season = Season.objects.filter(pk=season_id).first()
    return notifications.send_results(season) if season else 0


@task()
def send_day_reminders() -> int:
    """The reminder the day before (pupil and linked parents). Claims each row with a conditional UPDATE, so two
    runs at once send each reminder once."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sent = 0
    for a in Assignment.objects.filter(date=tomorrow, reminded_at__isnull=True).select_related(
        "offer__company", "offer__site", "student__user"
    ):
        with transaction.atomic():
            if Assignment.objects.filter(pk=a.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                notifications.reminder(a)
                sent += 1
    return sent


@task()
def send_certificate_mails() -> int:
    """ "Your certificate is ready" once the certificates phase began and a company confirmed a day; once per
    pupil and season (Participation.certificate_mailed_at claims it)."""
    today = timezone.localdate()
    sent = 0
    for season in Season.objects.filter(certificates_from__lte=today):
        if season.phase_on(today) != Phase.CERTIFICATES:
            continue
        students = (
            Assignment.objects.filter(season=season, attendance=Attendance.CAME)
            .values_list("student_id", flat=True)
            .distinct()
        )
        for sid in students:
            p, _c = Participation.objects.get_or_create(season=season, student_id=sid)
            with transaction.atomic():
                if Participation.objects.filter(pk=p.pk, certificate_mailed_at__isnull=True).update(
                    certificate_mailed_at=timezone.now()
                ):
                    notifications.certificate_ready(
                        student=p.student,
                        season=season,
                        url=reverse("api-edt:certificate", kwargs={"season_id": season.pk, "student_id": sid}),
                    )
                    sent += 1
    return sent
