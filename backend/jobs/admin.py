from django.contrib import admin

from .models import PeriodicSchedule


@admin.register(PeriodicSchedule)
class PeriodicScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "last_enqueued_at")
    readonly_fields = ("name", "last_enqueued_at")
