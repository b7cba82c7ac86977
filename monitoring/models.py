"""Daily snapshots of the city's headline figures, so each figure shows its course over the school year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySnapshot(models.Model):
    """The headline figures of one day for the whole city (raw counts; the rule applies when they are shown).

    Written by monitoring.services.take_snapshot (a periodic background task): one row per day, rewritten while
    the day lasts, so running it twice or every hour is harmless."""

    day = models.DateField(_("Tag"), unique=True)
    figures = models.JSONField(default=dict)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("Tagesstand")
        verbose_name_plural = _("Tagesstände")

    def __str__(self):
        return self.day.isoformat()
