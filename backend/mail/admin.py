from django.contrib import admin, messages

from .models import OutgoingEmail
from .services import email_deliver


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Codes and reset links (sensitive emails) are never shown here, not even to superusers: subject and
    bodies of those read "verborgen". City staff have no access at all (backend/accounts/staff.py)."""

    list_display = ["shown_subject", "recipients", "template", "created_at", "sent_at", "attempts"]
    list_filter = ["template", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "template"]  # not the subject: a search must not confirm a code
    readonly_fields = (
        *[f.name for f in OutgoingEmail._meta.fields if f.name not in ("subject", "body_text", "body_html")],
        "shown_subject",
        "shown_body_text",
        "shown_body_html",
    )
    fields = readonly_fields
    actions = ["resend"]

    def _shown(self, obj, field):
        if obj.sensitive:
            return "– verborgen (enthält einen Code oder Link) –"
        return getattr(obj, field)

    @admin.display(description="Betreff")
    def shown_subject(self, obj):
        return self._shown(obj, "subject")

    @admin.display(description="Text")
    def shown_body_text(self, obj):
        return self._shown(obj, "body_text")

    @admin.display(description="HTML")
    def shown_body_html(self, obj):
        return self._shown(obj, "body_html")

    @admin.display(description="Empfänger")
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    @admin.action(description="Jetzt (erneut) senden")
    def resend(self, request, queryset):
        sent = sum(1 for e in queryset.filter(sent_at__isnull=True) if email_deliver(email=e).sent_at)
        self.message_user(request, f"{sent} E-Mail(s) gesendet.", messages.SUCCESS)
