from django.contrib import admin

from .models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "message", "answered_at"]
    list_filter = ["answered_at"]
    readonly_fields = ["created_at", "forwarded_email", "language"]
