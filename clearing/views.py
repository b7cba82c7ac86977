"""The teacher's page: 4 weeks before the class's internship period, who has no placement, with their best free
matches; nudge (a mail) or recommend a match in one click."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from companies.models import Placement
from seekers import services as seekers_services
from seekers.access import is_class_teacher
from seekers.models import SchoolClass
from seekers.views import role_required

from . import selectors, services


def _own_class(request, pk) -> SchoolClass:
    school_class = get_object_or_404(SchoolClass, pk=pk)
    if not is_class_teacher(request.user, school_class):
        raise Http404
    return school_class


@role_required(Role.TEACHER)
def class_clearing(request, pk):
    school_class = _own_class(request, pk)
    return render(request, "clearing/class_clearing.html", {"c": selectors.class_clearing(school_class)})


@require_POST
@role_required(Role.TEACHER)
def nudge(request, pk, student_id):
    school_class = _own_class(request, pk)
    student = school_class.students.filter(pk=student_id).first()
    if student is None:
        raise Http404
    try:
        services.teacher_nudge(teacher=request.user, student=student)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Erinnerung an %(name)s gesendet.") % {"name": student.user.first_name or student.user.email}
        )
    return redirect("clearing:class_clearing", pk=pk)


@require_POST
@role_required(Role.TEACHER)
def recommend(request, pk, student_id, placement_id):
    school_class = _own_class(request, pk)
    student = school_class.students.filter(pk=student_id).first()
    placement = Placement.objects.public().filter(pk=placement_id).first()
    if student is None or placement is None:
        raise Http404
    try:
        seekers_services.recommendation_create(
            teacher=request.user, placement=placement, school_class=school_class, student=student
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Empfehlung gespeichert; sie steht bei den Matches der Schülerin / des Schülers."))
    return redirect("clearing:class_clearing", pk=pk)
