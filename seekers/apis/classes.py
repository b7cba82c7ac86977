"""School classes: a student joins with the class code or leaves; a teacher creates classes and sees a class's
overview."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated
from backend.api.throttling import AuthThrottledMixin

from .. import selectors, services
from ..access import is_class_teacher
from ..models import SchoolClass
from ..serializers import ClassBriefSerializer, ClassOverviewSerializer, SchoolClassSerializer
from .shared import Base, _student, _valid, role


class JoinCodeIn(serializers.Serializer):
    join_code = serializers.CharField(max_length=12)


class ClassJoinApi(AuthThrottledMixin, Base):  # checks a class code
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_class_join", request=JoinCodeIn, responses={201: ClassBriefSerializer})
    def post(self, request):
        code = _valid(JoinCodeIn, request.data)["join_code"]
        membership = services.class_join(student=_student(request), join_code=code)
        c = membership.school_class
        return Response({"id": c.pk, "name": c.name, "school_year": c.school_year}, status=status.HTTP_201_CREATED)


class ClassLeaveApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_class_leave", request=None, responses={204: None})
    def delete(self, request, pk):
        student = _student(request)
        school_class = get_object_or_404(student.classes, pk=pk)
        services.class_leave(student=student, school_class=school_class)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchoolClassIn(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    school_year = serializers.CharField(max_length=9)
    grade = serializers.IntegerField(min_value=5, max_value=13)
    internship_start = serializers.DateField(required=False, allow_null=True, default=None)
    internship_end = serializers.DateField(required=False, allow_null=True, default=None)


def class_out(c: SchoolClass) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "school_year": c.school_year,
        "grade": c.grade,
        "internship_start": c.internship_start,
        "internship_end": c.internship_end,
        "join_code": c.join_code,
        "join_qr_svg": f"/klassen/{c.pk}/qr.svg",
    }


class ClassesApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(
        operation_id="seekers_classes_list",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(SchoolClassSerializer)},
    )
    def get(self, request):
        classes = selectors.class_list_for_teacher(teacher=request.user)
        return paginated(request, self, classes, lambda rows: [class_out(c) for c in rows])

    @extend_schema(operation_id="seekers_class_create", request=SchoolClassIn, responses={201: SchoolClassSerializer})
    def post(self, request):
        c = services.school_class_create(teacher=request.user, **_valid(SchoolClassIn, request.data))
        return Response(class_out(c), status=status.HTTP_201_CREATED)


def _own_class(request, pk) -> SchoolClass:
    c = get_object_or_404(SchoolClass, pk=pk)
    if not is_class_teacher(request.user, c):
        raise Http404
    return c


class ClassApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(operation_id="seekers_class_overview", request=None, responses={200: ClassOverviewSerializer})
    def get(self, request, pk):
        c = _own_class(request, pk)
        rows = selectors.class_overview(school_class=c)
        return Response(
            {
                **class_out(c),
                "students": [
                    {
                        "id": r["student"].pk,
                        "first_name": r["student"].user.first_name,
                        "last_name": r["student"].user.last_name,
                        "shortlist": r["shortlist"],
                        "applications": r["application_count"],
                        "state": r["state"],
                        "pending_approvals": [a.pk for a in r["pending_approvals"]],
                    }
                    for r in rows
                ],
            }
        )
