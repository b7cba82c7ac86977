from django.contrib import admin, messages

from .models import OutgoingEmail
from .services import email_deliver


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "template", "created_at", "sent_at", "attempts"]
    list_filter = ["template", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "to", "template"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["resend"]

    @admin.display(description="Empfänger")
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    @admin.action(description="Jetzt (erneut) senden")
    def resend(self, request, queryset):
        sent = sum(1 for e in queryset.filter(sent_at__isnull=True) if email_deliver(email=e).sent_at)
        self.message_user(request, f"{sent} E-Mail(s) gesendet.", messages.SUCCESS)
