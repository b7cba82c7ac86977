"""Parents and their children: the student issues a link code and sees or removes linked parents; a parent links
with the code; linked parents and class teachers read a student's shortlist and applications."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role
from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated

from .. import selectors, services
from ..access import can_view_student
from ..models import StudentProfile
from ..serializers import (
    LinkedParentSerializer,
    LinkedStudentSerializer,
    ParentCodeSerializer,
    StudentOverviewSerializer,
)
from .applications import application_out
from .favourites import favourite_out
from .shared import Base, _student, _valid, role


class LinkCodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class ParentCodeApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_parent_code_issue", request=None, responses={201: ParentCodeSerializer})
    def post(self, request):
        student = _student(request)
        code = services.parent_link_code_issue(student=student)
        return Response(
            {"code": code, "expires_at": student.parent_link_code_expires_at}, status=status.HTTP_201_CREATED
        )


class ParentLinksOfStudentApi(Base):
    """The student's linked parents (first name only); DELETE /me/parents/<id>/ removes one."""

    permission_classes = [role(Role.STUDENT)]

    @extend_schema(
        operation_id="seekers_my_parents",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(LinkedParentSerializer)},
    )
    def get(self, request):
        links = _student(request).parent_links.select_related("parent").order_by("created_at", "pk")
        return paginated(
            request,
            self,
            links,
            lambda rows: [
                {"id": link.pk, "name": link.parent.display_name, "linked_at": link.created_at} for link in rows
            ],
        )


class ParentLinkRemoveApi(Base):
    permission_classes = [role(Role.STUDENT)]

    @extend_schema(operation_id="seekers_my_parent_remove", request=None, responses={204: None})
    def delete(self, request, pk):
        student = _student(request)
        link = get_object_or_404(student.parent_links, pk=pk)
        services.parent_link_remove(student=student, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParentLinksApi(Base):
    permission_classes = [role(Role.PARENT)]

    @extend_schema(
        operation_id="seekers_parent_students",
        request=None,
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(LinkedStudentSerializer)},
    )
    def get(self, request):
        students = selectors.students_for_parent(parent=request.user)
        return paginated(
            request, self, students, lambda rows: [{"id": s.pk, "first_name": s.user.first_name} for s in rows]
        )

    @extend_schema(
        operation_id="seekers_parent_link_create", request=LinkCodeIn, responses={201: LinkedStudentSerializer}
    )
    def post(self, request):
        code = _valid(LinkCodeIn, request.data)["code"]
        link = services.parent_link_create(parent=request.user, code=code)
        return Response(
            {"id": link.student_id, "first_name": link.student.user.first_name}, status=status.HTTP_201_CREATED
        )


class StudentOverviewApi(Base):
    """A student's shortlist and applications, read-only, for linked parents and class teachers."""

    permission_classes = [role(Role.PARENT, Role.TEACHER)]

    @extend_schema(operation_id="seekers_student_overview", request=None, responses={200: StudentOverviewSerializer})
    def get(self, request, pk):
        student = get_object_or_404(StudentProfile.objects.select_related("user"), pk=pk)
        if not can_view_student(request.user, student):
            raise Http404
        return Response(
            {
                "id": student.pk,
                "first_name": student.user.first_name,
                "grade": student.grade,
                "favourites": [favourite_out(f, for_student=False) for f in selectors.favourite_list(student=student)],
                "applications": [
                    application_out(a, request.user, company_view=False)
                    for a in selectors.application_list_for_student(student=student).prefetch_related("messages")
                ],
            }
        )
