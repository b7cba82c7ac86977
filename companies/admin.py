"""Django admin for support staff: read-mostly; moderation goes through the staff pages (audit trail)."""

from django.contrib import admin

from .models import AuditEntry, Company, CompanyPhoto, ContactPerson, Invitation, Membership, Placement, Site


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    raw_id_fields = ["postal_code"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_verified", "is_hidden", "created_at"]
    list_filter = ["is_verified", "is_hidden", "size_band"]
    search_fields = ["name", "legal_name", "slug"]
    readonly_fields = ["verified_at", "verified_by", "logo_sizes", "created_at", "updated_at"]
    inlines = [MembershipInline, SiteInline]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "kind", "status", "start_date", "seats", "is_hidden", "view_count"]
    list_filter = ["kind", "status", "is_hidden"]
    search_fields = ["title", "company__name"]
    raw_id_fields = ["company", "site", "occupation", "contact"]
    readonly_fields = ["view_count", "published_at", "created_at", "updated_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "company", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["company__name", "actor__email", "target_repr"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register([CompanyPhoto, ContactPerson, Invitation, Site])
