from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Company


class ResponseFigures(models.Model):
    """How a company answers applications, over the last FIGURES_MONTHS (clearing.services.figures_refresh).
    Shown on the Steckbrief and placement pages; `answer_rate` is part of the match score (matching.scoring)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="response_figures")
    applications = models.PositiveIntegerField(_("Bewerbungen mit Frist"), default=0)  # deadline passed or answered
    answered_in_time = models.PositiveIntegerField(_("rechtzeitig beantwortet"), default=0)
    median_days = models.FloatField(_("Median Tage bis zur Antwort"), null=True, blank=True)
    in_time_share = models.FloatField(_("Anteil rechtzeitig beantwortet"), null=True, blank=True)
    answer_rate = models.FloatField(default=0.8)  # in_time_share pulled towards the prior (clearing.policy)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Antwortzahlen")
        verbose_name_plural = _("Antwortzahlen")

    def __str__(self):
        return f"{self.company_id}: {self.answered_in_time}/{self.applications}"
