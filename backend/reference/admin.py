from django.contrib import admin

from .models import Berufsfeld, District, Occupation, PostalCode, School


@admin.register(Berufsfeld)
class BerufsfeldAdmin(admin.ModelAdmin):
    list_display = ["id", "code", "name"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_months", "legal_basis"]
    list_filter = ["berufsfelder", "legal_basis"]
    search_fields = ["name"]
    filter_horizontal = ["berufsfelder"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "latitude", "longitude"]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "place", "state_code", "district"]
    list_filter = ["state_code", "district"]
    search_fields = ["code", "place"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "school_form", "postal_code"]
    list_filter = ["school_form"]
    search_fields = ["name", "number"]
