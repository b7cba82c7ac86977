"""JSON API of the clearing: a company's response figures (public), a teacher's class clearing and the nudge."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Role
from backend.api.exceptions import DomainError
from companies.models import Company
from seekers.access import is_class_teacher
from seekers.models import SchoolClass, StudentProfile

from . import selectors, services


class ResponseFiguresOut(serializers.Serializer):
    applications = serializers.IntegerField(
        help_text="Bewerbungen der letzten Monate mit abgelaufener Frist oder Antwort"
    )
    median_days_to_answer = serializers.FloatField(allow_null=True)
    share_answered_in_time = serializers.FloatField(allow_null=True, help_text="0..1, innerhalb der Antwortfrist")
    months = serializers.IntegerField()


class ResponseFiguresApi(APIView):
    """GET: how a company answers applications (median days, share answered in time, last 12 months)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="clearing_response_figures", responses={200: ResponseFiguresOut})
    def get(self, request, slug):
        company = get_object_or_404(Company.objects.public(), slug=slug)
        return Response(ResponseFiguresOut(selectors.response_figures_dict(company)).data)


class MatchOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    company = serializers.CharField()


class UnplacedOut(serializers.Serializer):
    student = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    open_applications = serializers.IntegerField()
    best_free_matches = MatchOut(many=True)


class ClassClearingOut(serializers.Serializer):
    school_class = serializers.IntegerField()
    visible_from = serializers.DateField(allow_null=True)
    is_due = serializers.BooleanField()
    placed = serializers.IntegerField()
    unplaced = UnplacedOut(many=True)


def _teacher(request):
    if not request.user.is_authenticated or request.user.role != Role.TEACHER:
        raise Http404


class ClassClearingApi(APIView):
    """GET (class teacher): from 4 weeks before the class's internship period, who has no placement yet, with each
    one's best free matches."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="clearing_class", responses={200: ClassClearingOut})
    def get(self, request, pk):
        _teacher(request)
        school_class = get_object_or_404(SchoolClass, pk=pk)
        if not is_class_teacher(request.user, school_class):
            raise Http404
        c = selectors.class_clearing(school_class)
        return Response(
            ClassClearingOut(
                {
                    "school_class": school_class.pk,
                    "visible_from": c.visible_from,
                    "is_due": c.is_due,
                    "placed": c.placed,
                    "unplaced": [
                        {
                            "student": u.student.pk,
                            "first_name": u.student.user.first_name,
                            "last_name": u.student.user.last_name,
                            "open_applications": u.open_applications,
                            "best_free_matches": [
                                {"id": m.placement.pk, "title": m.placement.title, "company": m.placement.company.name}
                                for m in u.matches
                            ],
                        }
                        for u in c.unplaced
                    ],
                }
            ).data
        )


class NudgeOut(serializers.Serializer):
    sent = serializers.BooleanField()
    matches = serializers.IntegerField()


class NudgeApi(APIView):
    """POST (class teacher): remind a student without a placement by email, with their best free matches."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="clearing_nudge", request=None, responses={200: NudgeOut})
    def post(self, request, pk):
        _teacher(request)
        student = StudentProfile.objects.filter(pk=pk).first()
        if student is None:
            raise Http404
        try:
            n = services.teacher_nudge(teacher=request.user, student=student)
        except DomainError as exc:
            if exc.code == "forbidden":  # not a student of this teacher: as if there were none
                raise Http404 from exc
            raise
        return Response(NudgeOut({"sent": True, "matches": n}).data)
