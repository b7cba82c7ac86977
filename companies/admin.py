"""Django admin for support staff: read-mostly; moderation goes through the staff pages (audit trail).

What the admin does change is audited like a service write (AuditedAdmin: who, what, old and new values),
and reaches the search index through the model signals (matching/signals.py), in the admin's transaction.
"""

from django.contrib import admin
from django.utils import timezone

from .models import AuditEntry, Company, CompanyPhoto, ContactPerson, Invitation, Membership, Placement, Site
from .services.shared import _audit, _jsonable


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    raw_id_fields = ["postal_code"]


class AuditedAdmin(admin.ModelAdmin):
    """Writes an AuditEntry for every save and delete made through the admin."""

    audit_name = ""  # e.g. "company": actions "company.admin_update", "company.admin_delete", ...

    def audit_company(self, obj):
        return obj.company

    def audit_action(self, obj, changes: dict, change: bool) -> str:
        return f"{self.audit_name}.admin_{'update' if change else 'create'}"

    def save_model(self, request, obj, form, change):
        changes = {}
        if change:
            for name in form.changed_data:
                if name in form.initial or hasattr(obj, name):
                    changes[name] = (_jsonable(form.initial.get(name)), _jsonable(form.cleaned_data.get(name)))
        super().save_model(request, obj, form, change)
        request._audit_pending = (obj, changes, change)  # per request: the admin instance is shared

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, changes, change = request._audit_pending
        for formset in formsets:
            if formset.has_changed():
                changes[formset.prefix] = (None, "geändert")
        if changes or not change:
            _audit(
                company=self.audit_company(obj),
                actor=request.user,
                action=self.audit_action(obj, changes, change),
                target=obj,
                changes=changes,
            )

    def delete_model(self, request, obj):
        self._audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_delete(self, request, obj):
        company = self.audit_company(obj)
        _audit(
            company=company if company is not None and company is not obj else None,
            actor=request.user,
            action=f"{self.audit_name}.admin_delete",
            target=obj,
        )


class CityStaffModerationMixin:
    """City staff (not superusers, backend/accounts/staff.py) change only the moderation fields here; the
    company's content stays read-only for them (their pages and this admin both write the audit trail)."""

    moderation_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        content = [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "editable", False)
            and (f.concrete or f.many_to_many)
            and not f.auto_created
            and f.name not in self.moderation_fields
        ]
        return list(dict.fromkeys([*readonly, *content]))


@admin.register(Company)
class CompanyAdmin(CityStaffModerationMixin, AuditedAdmin):
    audit_name = "company"
    moderation_fields = ("is_verified", "is_hidden", "hidden_reason")

    list_display = ["name", "slug", "is_verified", "is_hidden", "created_at"]
    list_filter = ["is_verified", "is_hidden", "size_band"]
    search_fields = ["name", "legal_name", "slug"]
    readonly_fields = ["verified_at", "verified_by", "logo_sizes", "created_at", "updated_at"]
    inlines = [MembershipInline, SiteInline]

    def audit_company(self, obj):
        return obj

    def audit_action(self, obj, changes, change):
        # the city's moderation words, as the staff pages write them
        if "is_verified" in changes:
            return "company.verify" if obj.is_verified else "company.unverify"
        if "is_hidden" in changes:
            return "company.hide" if obj.is_hidden else "company.unhide"
        return super().audit_action(obj, changes, change)

    def save_model(self, request, obj, form, change):
        if "is_verified" in form.changed_data:
            obj.verified_at, obj.verified_by = (timezone.now(), request.user) if obj.is_verified else (None, None)
        super().save_model(request, obj, form, change)


@admin.register(Placement)
class PlacementAdmin(CityStaffModerationMixin, AuditedAdmin):
    audit_name = "placement"
    moderation_fields = ("is_hidden", "hidden_reason")

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


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    audit_name = "site"
    raw_id_fields = ["company", "postal_code"]


admin.site.register([CompanyPhoto, ContactPerson, Invitation])
