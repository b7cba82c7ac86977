"""Read-only reference data for forms and API clients: Berufsfelder, occupations, districts, postal codes, schools."""

from django.db.models import Q
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .models import Berufsfeld, District, Occupation, PostalCode, School


class BerufsfeldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Berufsfeld
        fields = ["id", "code", "name", "slug"]


class OccupationSerializer(serializers.ModelSerializer):
    # many=True: DRF builds a ManyRelatedField of these; the stubs type the call as the field itself
    berufsfelder: "serializers.SlugRelatedField[Berufsfeld]" = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Occupation
        fields = ["id", "slug", "name", "duration_months", "legal_basis", "berufsfelder"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "slug", "latitude", "longitude"]


class PostalCodeSerializer(serializers.ModelSerializer):
    district: "serializers.SlugRelatedField[District]" = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = PostalCode
        fields = ["code", "place", "state_code", "latitude", "longitude", "district"]


class SchoolSerializer(serializers.ModelSerializer):
    postal_code = serializers.CharField(source="postal_code_id")

    class Meta:
        model = School
        fields = ["id", "number", "name", "school_form", "street", "postal_code"]


class _ReadOnlyList(generics.ListAPIView):
    permission_classes = [AllowAny]
    search_fields: tuple[str, ...] = ()

    def get_queryset(self):
        qs = super().get_queryset()
        q = self.request.query_params.get("q", "").strip()[:100]
        if q and self.search_fields:
            cond = Q()
            for field in self.search_fields:
                cond |= Q(**{f"{field}__icontains": q})
            qs = qs.filter(cond)
        return qs


class BerufsfeldList(_ReadOnlyList):
    queryset = Berufsfeld.objects.all()
    serializer_class = BerufsfeldSerializer
    pagination_class = None


class OccupationList(_ReadOnlyList):
    """?q= searches the name; ?berufsfeld=ITC narrows to a field."""

    queryset = Occupation.objects.prefetch_related("berufsfelder")
    serializer_class = OccupationSerializer
    search_fields = ("name",)

    def get_queryset(self):
        qs = super().get_queryset()
        code = self.request.query_params.get("berufsfeld", "").strip()[:8]
        return qs.filter(berufsfelder__code=code) if code else qs


class DistrictList(_ReadOnlyList):
    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    pagination_class = None


class PostalCodeDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    queryset = PostalCode.objects.select_related("district")
    serializer_class = PostalCodeSerializer
    lookup_field = "code"


class SchoolList(_ReadOnlyList):
    queryset = School.objects.all()
    serializer_class = SchoolSerializer
    search_fields = ("name", "postal_code__code")
