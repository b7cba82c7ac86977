from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """Every email the product sends, stored before sending so a provider outage loses nothing:
    `send_queued_email` retries rows that have no sent_at yet."""

    to = models.JSONField(_("Empfänger"), default=list)
    subject = models.CharField(_("Betreff"), max_length=255)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("Vorlage"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sensitive = models.BooleanField(
        default=False, help_text="Enthält einen Code oder Link: Inhalt wird nach dem Versand gelöscht."
    )

    class Meta:
        verbose_name = _("Ausgehende E-Mail")
        verbose_name_plural = _("Ausgehende E-Mails")
        ordering = ["-created_at"]

    def __str__(self):
        subject = "(Code oder Link)" if self.sensitive else self.subject  # never shows a code (e.g. in the admin)
        return f"{subject} → {', '.join(self.to)}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
