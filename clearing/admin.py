from django.contrib import admin

from .models import ResponseFigures


@admin.register(ResponseFigures)
class ResponseFiguresAdmin(admin.ModelAdmin):
    list_display = ("company", "applications", "answered_in_time", "median_days", "in_time_share", "computed_at")
    readonly_fields = [f.name for f in ResponseFigures._meta.fields]
