"""One list shape for the whole API: every list that grows with the data is a page
{"count", "next", "previous", "results"} (page / page_size parameters); fixed reference catalogues
(Berufsfelder, districts, the sign-up endpoints) are plain arrays. Generic list views get this from
DEFAULT_PAGINATION_CLASS; plain APIViews call `paginated()` and document `page_of(Serializer)`."""

from functools import cache

from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination, serializers


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, required=False, description="Seite (ab 1)"),
    OpenApiParameter("page_size", int, required=False, description="Einträge je Seite (höchstens 100)"),
]


def paginated(request, view, items, to_json):
    """A page of `items` (queryset or list) as the paginated response; `to_json(page_items) -> list`."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(to_json(page))


@cache
def page_of(serializer_class) -> type[serializers.Serializer]:
    """The schema of one page of `serializer_class` rows (component Paginated<Name>List)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(
        f"Paginated{name}ListSerializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
