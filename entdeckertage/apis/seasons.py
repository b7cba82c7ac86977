"""Seasons: list and read them; city staff create one, move its phases and see its coverage."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.permissions import is_city_staff

from .. import selectors, services
from ..models import Season
from ..schemas import CoverageOut
from .shared import BlockOut, _season, _valid


class SeasonOut(serializers.ModelSerializer):
    blocks = BlockOut(many=True, read_only=True)
    phase = serializers.SerializerMethodField()

    class Meta:
        model = Season
        fields = ["id", "name", "school_year", "grade", "phase", *services.PHASE_FIELDS, "blocks", "published_run"]

    def get_phase(self, obj) -> str:
        return obj.phase_on(selectors.today())


class SeasonIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    school_year = serializers.RegexField(r"^\d{4}/\d{2}$", help_text="z. B. 2025/26")
    grade = serializers.IntegerField(min_value=5, max_value=13, default=8)
    blocks = serializers.ListField(
        child=serializers.ListField(child=serializers.DateField(), max_length=10),
        max_length=12,
        help_text="je Block die Liste seiner Tage",
    )
    offers_from = serializers.DateField()
    wishes_from = serializers.DateField()
    allocation_from = serializers.DateField()
    booking_from = serializers.DateField()
    days_from = serializers.DateField()
    certificates_from = serializers.DateField()


class PhasesIn(serializers.Serializer):
    offers_from = serializers.DateField(required=False)
    wishes_from = serializers.DateField(required=False)
    allocation_from = serializers.DateField(required=False)
    booking_from = serializers.DateField(required=False)
    days_from = serializers.DateField(required=False)
    certificates_from = serializers.DateField(required=False)


class SeasonsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=SeasonOut(many=True), summary="Entdeckertage-Saisons")
    def get(self, request):
        return Response(SeasonOut(Season.objects.prefetch_related("blocks"), many=True).data)

    @extend_schema(request=SeasonIn, responses={201: SeasonOut}, summary="Saison anlegen (Stadt)")
    def post(self, request):
        data = _valid(SeasonIn, request)
        season = services.season_create(actor=request.user, **data)
        return Response(SeasonOut(season).data, status=status.HTTP_201_CREATED)


class SeasonApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=SeasonOut)
    def get(self, request, pk):
        return Response(SeasonOut(_season(pk)).data)

    @extend_schema(request=PhasesIn, responses=SeasonOut, summary="Phasen ändern (Stadt)")
    def patch(self, request, pk):
        season = services.season_update_phases(actor=request.user, season=_season(pk), **_valid(PhasesIn, request))
        return Response(SeasonOut(season).data)


class CoverageApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CoverageOut, summary="Abdeckung: Schüler*innen mit 3/2/1/0 Tagen, Plätze")
    def get(self, request, pk):
        if not is_city_staff(request.user):
            raise Http404
        return Response(selectors.coverage(_season(pk)))
