"""After the day: the company confirms who came, with feedback."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.permissions import is_member

from .. import services
from ..models import Assignment
from .shared import AssignmentOut, _valid


class AttendanceIn(serializers.Serializer):
    came = serializers.BooleanField()
    feedback = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AttendanceApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AttendanceIn, responses=AssignmentOut, summary="Anwesenheit und Rückmeldung (Unternehmen)")
    def post(self, request, pk):
        a = get_object_or_404(Assignment.objects.select_related("offer__company", "student__user"), pk=pk)
        if not is_member(request.user, a.offer.company):
            raise Http404
        data = _valid(AttendanceIn, request)
        a = services.attendance_confirm(
            actor=request.user, assignment=a, came=data["came"], feedback=data.get("feedback", "")
        )
        return Response(AssignmentOut(a).data)
