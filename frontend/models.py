from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityFeedback(models.Model):
    """A barrier someone reported through the accessibility statement's form (BITV NRW: the feedback mechanism).
    Stored so nothing is lost if the mail to the city fails, and forwarded to the city through the mail queue."""

    message = models.TextField(_("Was funktioniert nicht?"), max_length=5000)
    page_url = models.CharField(_("Auf welcher Seite?"), max_length=500, blank=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail-Adresse für eine Antwort"), blank=True)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    forwarded_email = models.ForeignKey("mail.OutgoingEmail", null=True, blank=True, on_delete=models.SET_NULL)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.message[:60]}"
