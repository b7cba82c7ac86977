"""The city-wide allocation (city staff): runs with progress and figures, publishing, finding a pupil and moving
them by hand."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.pagination import PAGE_PARAMETERS, page_of, paginated
from companies.permissions import is_city_staff
from seekers.models import StudentProfile

from .. import selectors, services
from ..models import AllocationRun, Assignment, Offer
from ..schemas import MoveOut
from .shared import _season, _valid


class RunIn(serializers.Serializer):
    seed = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    time_limit_s = serializers.IntegerField(required=False, default=60)


class RunOut(serializers.ModelSerializer):
    assignment_count = serializers.SerializerMethodField()

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "season",
            "seed",
            "time_limit_s",
            "inputs_digest",
            "status",
            "progress",
            "progress_note",
            "figures",
            "assignment_count",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]

    def get_assignment_count(self, obj) -> int:
        return len(obj.assignments or [])


class MoveIn(serializers.Serializer):
    student = serializers.IntegerField()
    reason = serializers.CharField(max_length=255)
    from_assignment = serializers.IntegerField(required=False, allow_null=True)
    to_offer = serializers.IntegerField(required=False, allow_null=True)


class RunsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RunOut(many=True), summary="Verteilungsläufe (Stadt)")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(RunOut(_season(pk).runs.all(), many=True).data)

    @extend_schema(request=RunIn, responses={202: RunOut}, summary="Verteilung starten (Hintergrundauftrag)")
    def post(self, request, pk):
        data = _valid(RunIn, request)
        run = services.allocation_run_start(
            actor=request.user, season=_season(pk), seed=data.get("seed"), time_limit_s=data["time_limit_s"]
        )
        run.refresh_from_db()
        return Response(RunOut(run).data, status=status.HTTP_202_ACCEPTED)


class RunApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RunOut, summary="Lauf mit Fortschritt und Kennzahlen")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(RunOut(get_object_or_404(AllocationRun, pk=pk)).data)


class RunPublishApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=RunOut, summary="Verteilung veröffentlichen (Stadt)")
    def post(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        run = get_object_or_404(AllocationRun, pk=pk)
        services.allocation_publish(actor=request.user, run=run)
        run.refresh_from_db()
        return Response(RunOut(run).data)


class SeasonPupilOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school = serializers.CharField(allow_null=True)


class SeasonPupilsApi(APIView):
    serializer_class = SeasonPupilOut
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=False, description="Name (Vor- oder Nachname)"),
            *PAGE_PARAMETERS,
        ],
        responses=page_of(SeasonPupilOut),
        summary="Schüler*innen der Saison suchen, um sie umzusetzen (Stadt)",
    )
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        pupils = selectors.season_pupils(_season(pk), request.query_params.get("q", "")[:80])
        return paginated(
            request,
            self,
            pupils,
            lambda rows: [
                {
                    "id": p.id,
                    "name": f"{p.user.first_name} {p.user.last_name}".strip(),
                    "school": p.school.name if p.school else None,
                }
                for p in rows
            ],
        )


class MovesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=MoveIn, responses={201: MoveOut}, summary="Schüler*in von Hand umsetzen, mit Grund (Stadt)")
    def post(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        season = _season(pk)
        data = _valid(MoveIn, request)
        student = get_object_or_404(StudentProfile, pk=data["student"])
        fa = (
            get_object_or_404(Assignment, pk=data["from_assignment"], season=season)
            if data.get("from_assignment")
            else None
        )
        to = get_object_or_404(Offer, pk=data["to_offer"], season=season) if data.get("to_offer") else None
        move = services.assignment_move(
            actor=request.user, season=season, student=student, reason=data["reason"], from_assignment=fa, to_offer=to
        )
        return Response(
            {"id": move.id, "from_offer": move.from_offer_id, "to_offer": move.to_offer_id, "reason": move.reason},
            status=status.HTTP_201_CREATED,
        )
