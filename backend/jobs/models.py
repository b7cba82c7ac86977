"""When each periodic task was last put on the queue (one row per schedule entry)."""

from django.db import models


class PeriodicSchedule(models.Model):
    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Zeitplan-Eintrag"
        verbose_name_plural = "Zeitplan"

    def __str__(self) -> str:
        return self.name
