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


class DashboardFigures(models.Model):
    """The dashboard's figures for one filter (school year, kind, Berufsfeld), already published under the rule.

    Counting 100,000 applications several ways takes seconds, longer than a page may take; so the figures are
    computed by a background task (monitoring.tasks.refresh_dashboard_figures, every few minutes, for every
    filter someone asked for in the last day) and the page shows them with their time ("Stand"). A filter nobody asked for yet,
    or figures older than settings.MONITORING_FIGURES_MAX_AGE, are computed when asked (monitoring.services)."""

    key = models.CharField(max_length=60)  # Filters.key: "2026/27|apprenticeship|7"
    language = models.CharField(
        max_length=8, default="de"
    )  # titles and labels are words: kept per language they were asked in
    school_year = models.CharField(max_length=7)
    kind = models.CharField(max_length=30, blank=True)
    berufsfeld = models.ForeignKey("reference.Berufsfeld", null=True, blank=True, on_delete=models.CASCADE)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long computing took
    asked_at = models.DateTimeField(null=True, blank=True)  # last shown (to the minute): the task renews these

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="dashboardfigures_key_language")]
        verbose_name = _("Monitoring-Zahlen")
        verbose_name_plural = _("Monitoring-Zahlen")

    def __str__(self):
        return f"{self.key} ({self.language})"
