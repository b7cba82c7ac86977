"""Read-mostly admin for city staff: seasons and runs are changed through the services (pages and API)."""

from django.contrib import admin

from .models import AllocationRun, ManualMove, Offer, Season


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "grade", "offers_from", "days_from", "published_run"]
    readonly_fields = ["published_run", "created_by"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "date", "berufsfeld", "seats", "status"]
    list_filter = ["season", "status", "berufsfeld"]
    search_fields = ["title", "company__name"]
    raw_id_fields = ["company", "site", "copied_from", "created_by"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "season", "seed", "status", "progress", "created_at", "published_at"]
    exclude = ["assignments"]
    readonly_fields = ["season", "seed", "inputs_digest", "status", "progress", "figures", "error"]


@admin.register(ManualMove)
class ManualMoveAdmin(admin.ModelAdmin):
    list_display = ["season", "from_offer", "to_offer", "reason", "actor", "created_at"]
    readonly_fields = ["season", "student", "from_offer", "to_offer", "reason", "actor"]
