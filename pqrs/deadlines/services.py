"""Writes to the calendar configuration. Each bumps the version so cached calendars reload."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from .models import CalendarSettings, NonWorkingDay
from .selectors import calendar_settings


@transaction.atomic
def calendar_bump_version() -> None:
    calendar_settings()
    CalendarSettings.objects.filter(pk=1).update(version=F("version") + 1)


@transaction.atomic
def non_working_day_declare(*, date: dt.date, reason: str) -> NonWorkingDay:
    day, _created = NonWorkingDay.objects.update_or_create(date=date, defaults={"reason": reason})
    calendar_bump_version()
    return day
