"""Background work of the seekers app (django-tasks; the worker runs it, tests run it at once)."""

from django_tasks import task

from clearing.selectors import best_free_matches, students_to_tell_about_free_seat
from companies.models import Placement

from . import notifications
from .models import Application


@task()
def seat_free_notify(placement_id: int) -> int:
    """A seat freed and nobody is on the waitlist: tell students without a placement whose matches include it."""
    placement = Placement.objects.select_related("company").filter(pk=placement_id).first()
    if placement is None:
        return 0
    students = students_to_tell_about_free_seat(placement)
    for student in students:
        notifications.seat_free(student, placement)
    return len(students)


@task()
def lapsed_notify(application_id: int) -> None:
    """An application lapsed ("keine Antwort"): tell the student, with their best matches that have free seats."""
    application = Application.objects.select_related("student__user", "placement").filter(pk=application_id).first()
    if application is None:
        return
    matches = best_free_matches(application.student, kind=application.placement.kind, limit=3)
    notifications.application_lapsed(application, matches)
