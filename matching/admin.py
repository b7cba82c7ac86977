from django.contrib import admin

from .models import IndexCheck, IndexOutbox


@admin.register(IndexOutbox)
class IndexOutboxAdmin(admin.ModelAdmin):
    """Changes recorded for the search index; the worker pushes them (`manage.py sync_search_index` too)."""

    list_display = ("placement_id", "created_at", "pushed_at", "attempts", "last_error")
    list_filter = (("pushed_at", admin.EmptyFieldListFilter),)
    ordering = ("-id",)
    readonly_fields = ("placement_id", "created_at", "pushed_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndexCheck)
class IndexCheckAdmin(admin.ModelAdmin):
    """The consistency checks of the search index (`manage.py check_search_index`, hourly in the worker)."""

    list_display = (
        "started_at",
        "finished_at",
        "in_database",
        "in_index",
        "missing",
        "extra",
        "differing",
        "repaired",
        "remaining",
        "error",
    )
    readonly_fields = [f.name for f in IndexCheck._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
