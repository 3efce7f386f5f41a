"""Load the calendar and clock policy once per change, not once per use."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .calendar import BusinessCalendar
from .clock import ClockPolicy
from .models import CalendarSettings, NonWorkingDay


@dataclass(frozen=True)
class CalendarSnapshot:
    version: int
    calendar: BusinessCalendar
    policy: ClockPolicy


_lock = threading.Lock()
_cached: CalendarSnapshot | None = None


def calendar_settings() -> CalendarSettings:
    settings_row, _created = CalendarSettings.objects.get_or_create(pk=1)
    return settings_row


def calendar_snapshot(version: int | None = None) -> CalendarSnapshot:
    """One indexed read of the version; the holidays and non-working days only when it changed.

    ``version``: the caller read ``CalendarSettings.version`` itself just now, in a query it
    makes anyway (filing does), so it is not read again."""
    global _cached
    if version is None:
        version = CalendarSettings.objects.filter(pk=1).values_list("version", flat=True).first()
    cached = _cached
    if cached is not None and version is not None and cached.version == version:
        return cached
    row = calendar_settings()
    snapshot = CalendarSnapshot(
        version=row.version,
        calendar=BusinessCalendar(
            country=row.country,
            subdivision=row.subdivision or None,
            saturday_is_business_day=row.saturday_is_business_day,
            non_working_days=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
        ),
        policy=ClockPolicy(
            after_hours_counts_next_day=row.after_hours_counts_next_day,
            office_closes_at=row.office_closes_at,
            yellow_days_left=row.yellow_days_left,
            red_days_left=row.red_days_left,
        ),
    )
    with _lock:
        _cached = snapshot
    return snapshot


def calendar_cache_clear() -> None:
    """Forget the cached calendar (tests, and after bulk imports of non-working days)."""
    global _cached
    with _lock:
        _cached = None
