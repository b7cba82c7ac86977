"""Open data: ``GET /api/v1/stats/`` — the public page's figures as JSON, under the same publishing rule."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .exports import LICENCE
from .forms import FilterForm
from .tables import COLUMN_KINDS


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field; DRF's metaclass removes it from the class
    kind = serializers.ChoiceField(
        COLUMN_KINDS,
        help_text="count: not about people; people: a count of people (null = fewer than 5, hidden); "
        "share: 0..1 (null = hidden); median: a median over at least 5 people (null = hidden)",
    )
    unit = serializers.CharField(allow_blank=True)


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field; DRF's metaclass removes it from the class
    values = serializers.DictField(child=serializers.FloatField(allow_null=True), help_text="column key → value")


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    dimension = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    chart = serializers.CharField(allow_blank=True)
    chart_columns = serializers.ListField(child=serializers.CharField())
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = serializers.DictField(child=serializers.FloatField(allow_null=True), allow_null=True)


class TrendsSerializer(serializers.Serializer):
    figures = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    years = serializers.DictField(
        child=serializers.ListField(child=serializers.DictField()),
        help_text="school year → daily points {date, figure: value}",
    )
    filtered = serializers.BooleanField(help_text="trends cover the whole city and are not filtered")


class StatsSerializer(serializers.Serializer):
    licence = serializers.CharField()
    rule = serializers.CharField()
    school_year = serializers.CharField()
    filters = serializers.DictField()
    generated_at = serializers.DateTimeField()
    headline = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    tables = TableSerializer(many=True)
    trends = TrendsSerializer()


class StatsApi(APIView):
    """Supply and demand of placements in Dortmund, aggregated (no personal data). Figures about fewer than 5
    people are null. Licence: dl-de/by-2.0 (name the source: Stadt Dortmund, Dortmund at Work)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("school_year", str, description="e.g. 2026/27 (default: the current one)"),
            OpenApiParameter("kind", str, description="career_day, school_internship, holiday_internship, …"),
            OpenApiParameter("berufsfeld", int, description="id of a Berufsfeld (/api/v1/reference/berufsfelder/)"),
        ],
        responses={200: StatsSerializer},
    )
    def get(self, request):
        form = FilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        filters = form.filters()
        data = selectors.dashboard(filters, public=True, figures=services.figures(filters))
        data = {
            "licence": LICENCE,
            "rule": _("Zahlen über weniger als 5 Personen sind null (ausgeblendet); Summen bleiben stimmig."),
            **data,
        }
        return Response(data)
