"""The entity's calendar settings and declared non-working days: data an administrator edits
(Ley 1755 art. 22), read once into a plain ``BusinessCalendar``."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSettings(models.Model):
    """One row (pk=1) for the entity."""

    country = models.CharField(_("country (ISO code)"), max_length=2, default="CO")
    subdivision = models.CharField(_("subdivision"), max_length=10, blank=True)
    saturday_is_business_day = models.BooleanField(_("Saturdays are business days"), default=False)
    after_hours_counts_next_day = models.BooleanField(
        _("filings after office hours count as received the next business day"), default=False
    )
    office_closes_at = models.TimeField(_("office closes at"), default=dt.time(17, 0))
    yellow_days_left = models.PositiveSmallIntegerField(
        _("yellow light at business days left"), default=5
    )
    red_days_left = models.PositiveSmallIntegerField(
        _("red light at business days left"), default=1
    )
    # Bumped by every change to the calendar, so processes know their cached copy is stale.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("calendar settings")
        verbose_name_plural = _("calendar settings")

    def __str__(self) -> str:
        return str(_("Calendar settings"))


class NonWorkingDay(models.Model):
    """A day the entity declared non-working, e.g. an act suspending terms."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason (act that declares it)"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"
