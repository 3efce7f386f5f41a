"""Satisfaction with an answered case: CSAT (1-5), NPS (0-10) and a comment, once per case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyResponse(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="survey_response"
    )
    csat = models.PositiveSmallIntegerField(_("satisfaction (1-5)"))
    nps = models.PositiveSmallIntegerField(_("likelihood to recommend (0-10)"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(csat__gte=1, csat__lte=5), name="survey_csat_range"
            ),
            models.CheckConstraint(condition=models.Q(nps__lte=10), name="survey_nps_range"),
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.csat}/{self.nps}"
