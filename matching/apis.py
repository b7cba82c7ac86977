"""Search and matches API: thin views over the filters, the selectors and the configured backend."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.exceptions import DomainError
from matching import selectors
from matching.filters import PAGE_SIZE, SearchFilter, build_query
from matching.serializers import MatchPageSerializer, SearchPageSerializer
from seekers.access import can_view_student
from seekers.errors import ErrorCode
from seekers.models import StudentProfile

FILTER_PARAMS = [OpenApiParameter(name, str, required=False) for name in SearchFilter.base_filters]


def _page_response(request, query, result, matches, catalogues, *, with_score):
    page = query.offset // PAGE_SIZE + 1
    last = max(1, -(-result.total // PAGE_SIZE))

    def link(n):
        if n < 1 or n > last:
            return None
        params = request.query_params.copy()
        params["page"] = n
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return Response(
        {
            "count": result.total,
            "page": page,
            "page_size": PAGE_SIZE,
            "next": link(page + 1),
            "previous": link(page - 1),
            "results": [selectors.match_as_dict(m, with_score=with_score) for m in matches],
            "facets": selectors.facet_options(result.facets, catalogues),
        }
    )


class SearchApi(APIView):
    """Public search: free text and filters, with facet counts; sort by distance (with plz) or date."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=FILTER_PARAMS, responses=SearchPageSerializer)
    def get(self, request):
        query = build_query(SearchFilter(request.query_params))
        catalogues = selectors.catalogues()
        result, matches = selectors.search(query, catalogues=catalogues)
        return _page_response(request, query, result, matches, catalogues, with_score=False)


class MatchesQuery(serializers.Serializer):
    student = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Für verknüpfte Eltern und Lehrkräfte: die Nummer der Schülerin oder des Schülers",
        error_messages={"invalid": _("Gib die Nummer einer Schülerin oder eines Schülers an (eine Zahl).")},
    )


class MatchesApi(APIView):
    """A student's matches with score parts and reasons. `?student=<id>` for a linked parent or teacher."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[*FILTER_PARAMS, MatchesQuery], responses=MatchPageSerializer)
    def get(self, request):
        params = MatchesQuery(data=request.query_params)
        params.is_valid(raise_exception=True)
        student_id = params.validated_data.get("student")
        if student_id:
            student = StudentProfile.objects.select_related("postal_code").filter(pk=student_id).first()
            if student is None or not can_view_student(request.user, student):
                raise Http404
        else:
            student = StudentProfile.objects.select_related("postal_code").filter(user=request.user).first()
            if student is None:
                raise DomainError(
                    _("Matches gibt es für Schüler*innen mit Profil. Lege zuerst dein Profil an."),
                    code=ErrorCode.NO_STUDENT_PROFILE,
                )
        facts = selectors.student_facts(student)
        query = build_query(SearchFilter(request.query_params, student_mode=True), student=facts)
        catalogues = selectors.catalogues()
        result, matches = selectors.search(query, catalogues=catalogues)
        return _page_response(request, query, result, matches, catalogues, with_score=True)
