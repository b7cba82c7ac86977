from django.contrib import admin

from .models import DailySnapshot


@admin.register(DailySnapshot)
class DailySnapshotAdmin(admin.ModelAdmin):
    list_display = ("day", "taken_at")
    readonly_fields = ("day", "figures", "taken_at")
