"""The filters of the company directory and the placement list: one FilterSet each, used by the
JSON API (DjangoFilterBackend) and by the pages, so both accept the same query string.

Values are slugs (berufsfeld=it-computer, district=innenstadt-west, company=<slug>) for clean URLs."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.api.filtersets import FormClassOnce
from backend.reference.models import Berufsfeld, District

from .models import Company, Placement, PlacementKind, PlacementStatus, Site

KIND_HOST_FLAG: dict[str, str] = {
    PlacementKind.CAREER_DAY: "offers_career_days",
    PlacementKind.SCHOOL_INTERNSHIP: "offers_internships",
    PlacementKind.HOLIDAY_INTERNSHIP: "offers_internships",
    PlacementKind.APPRENTICESHIP: "offers_apprenticeships",
    PlacementKind.DUAL_STUDY: "offers_apprenticeships",
}


def _open_placements():
    return Placement.objects.filter(status=PlacementStatus.PUBLISHED, is_hidden=False)


class PlacementFilter(FormClassOnce, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Art"), choices=PlacementKind.choices, empty_label=_("alle Arten"))
    berufsfeld = django_filters.ModelChoiceFilter(
        label=_("Berufsfeld"),
        field_name="berufsfelder",
        to_field_name="slug",
        queryset=Berufsfeld.objects.all(),
        empty_label=_("alle Berufsfelder"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Stadtbezirk"),
        field_name="site__district",
        to_field_name="slug",
        queryset=District.objects.all(),
        empty_label=_("alle Stadtbezirke"),
    )
    company = django_filters.CharFilter(label=_("Unternehmen"), field_name="company__slug")

    class Meta:
        model = Placement
        fields = ["kind", "berufsfeld", "district", "company"]


class CompanyFilter(FormClassOnce, django_filters.FilterSet):
    berufsfeld = django_filters.ModelChoiceFilter(
        label=_("Berufsfeld"),
        to_field_name="slug",
        queryset=Berufsfeld.objects.all(),
        method="filter_berufsfeld",
        empty_label=_("alle Berufsfelder"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Stadtbezirk"),
        to_field_name="slug",
        queryset=District.objects.all(),
        method="filter_district",
        empty_label=_("alle Stadtbezirke"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Angebot"), choices=PlacementKind.choices, method="filter_kind", empty_label=_("alle Angebote")
    )

    class Meta:
        model = Company
        fields = ["berufsfeld", "district", "kind"]

    # Sub-queries instead of joins keep the counts of the directory rows right.
    def filter_berufsfeld(self, queryset, name, value: str):  # the hint documents the slug in OpenAPI
        by_placement = _open_placements().filter(berufsfelder=value).values("company_id")
        return queryset.filter(Q(berufsfelder=value) | Q(pk__in=by_placement)).distinct()

    def filter_district(self, queryset, name, value: str):
        # value is the District (a ModelChoiceFilter); the str hint is the slug drf-spectacular documents
        return queryset.filter(pk__in=Site.objects.filter(district=value).values("company_id"))  # type: ignore[misc]

    def filter_kind(self, queryset, name, value: str):
        by_placement = _open_placements().filter(kind=value).values("company_id")
        return queryset.filter(Q(**{KIND_HOST_FLAG[value]: True}) | Q(pk__in=by_placement))
