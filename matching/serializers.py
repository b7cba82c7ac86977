"""Response shapes of the search and matches API, for the OpenAPI schema (the views build plain dicts:
selectors.match_as_dict and selectors.facet_options). Loose where other parts evolve (score parts, reasons)."""

from rest_framework import serializers


class _NamedSlug(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class _Site(serializers.Serializer):
    postal_code = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_blank=True)
    district = serializers.CharField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    url = serializers.CharField()
    company = _NamedSlug()
    site = _Site()
    occupation = serializers.CharField(allow_null=True)
    berufsfelder = serializers.ListField(child=serializers.CharField())
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True)
    is_accessible = serializers.BooleanField()
    distance_km = serializers.FloatField(allow_null=True)


class ScoredMatchSerializer(MatchSerializer):
    score = serializers.FloatField(required=False, help_text="0–1; fehlt ohne Bewertung")
    score_parts = serializers.DictField(child=serializers.FloatField(), required=False)
    reasons = serializers.JSONField(required=False, help_text="Gründe für den Treffer, in Deutsch")


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    # The metaclass pops declared fields from the class body, so Field.label (the serializer's own) stays intact.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    kind = FacetOptionSerializer(many=True)
    berufsfelder = FacetOptionSerializer(many=True)
    district = FacetOptionSerializer(many=True)


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MatchSerializer(many=True)
    facets = FacetsSerializer()


class MatchPageSerializer(SearchPageSerializer):
    results = ScoredMatchSerializer(many=True)
