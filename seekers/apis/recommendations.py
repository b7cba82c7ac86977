"""A teacher recommends a placement to a student of their class or to the whole class."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.accounts.models import Role

from .. import services
from ..serializers import RecommendationOutSerializer
from .classes import _own_class
from .shared import Base, _placement, _valid, role


class RecommendationIn(serializers.Serializer):
    placement = serializers.IntegerField()
    student = serializers.IntegerField(required=False, allow_null=True, help_text="leer: die ganze Klasse")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RecommendationApi(Base):
    permission_classes = [role(Role.TEACHER)]

    @extend_schema(
        operation_id="seekers_recommendation_create",
        request=RecommendationIn,
        responses={201: RecommendationOutSerializer},
    )
    def post(self, request, pk):
        c = _own_class(request, pk)
        d = _valid(RecommendationIn, request.data)
        student = None
        if d.get("student") is not None:
            student = c.students.filter(pk=d["student"]).first()
            if student is None:
                raise serializers.ValidationError({"student": [_("Diese Person ist nicht in der Klasse.")]})
        rec = services.recommendation_create(
            teacher=request.user,
            placement=_placement(d["placement"]),
            school_class=c,
            student=student,
            note=d.get("note", ""),
        )
        return Response(
            {
                "id": rec.pk,
                "placement": rec.placement_id,
                "student": rec.student_id,
                "school_class": rec.school_class_id,
            },
            status=status.HTTP_201_CREATED,
        )
