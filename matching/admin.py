from django.contrib import admin

from .models import IndexOutbox


@admin.register(IndexOutbox)
class IndexOutboxAdmin(admin.ModelAdmin):
    """Changes waiting for the search index; `manage.py sync_search_index` pushes them."""

    list_display = ("placement_id", "created_at", "attempts", "last_error")
    ordering = ("id",)
    readonly_fields = ("placement_id", "created_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False
