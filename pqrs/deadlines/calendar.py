"""The business calendar: which days count for legal terms.

Plain Python over sets loaded once (holidays from the ``holidays`` package plus the entity's
declared non-working days). It must never query the database: callers load one calendar and
pass it around, so counting thirty days costs thirty set look-ups, not thirty queries.

Rules (see shared/legal-rules.md §0 and §8):
- terms in days are business days: no weekends, holidays or declared non-working days
  (Ley 4 de 1913 art. 62);
- Saturday is not a business day unless the entity works on Saturdays (configurable);
- holidays follow Ley 51 de 1983 (moved to Monday) and Ley 2578 de 2026 (Chiquinquirá); the
  ``holidays`` package (>= 0.99) already drops the original date of a moved holiday.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays as holidays_lib

SATURDAY = 5
SUNDAY = 6


@dataclass(frozen=True)
class Suspension:
    """Days ``d`` with ``start < d <= end`` do not count; ``end=None`` means still suspended.

    The day the petitioner is asked for information still counts (the officer worked it); the
    day of the reply does not: like a new reception, counting resumes the day after it.
    """

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class BusinessCalendar:
    country: str = "CO"
    subdivision: str | None = None
    saturday_is_business_day: bool = False
    non_working_days: frozenset[dt.date] = frozenset()
    _holidays: holidays_lib.HolidayBase = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        this_year = dt.date.today().year  # noqa: DTZ011 - only a hint of which years to preload
        table = holidays_lib.country_holidays(
            self.country,
            subdiv=self.subdivision or None,
            years=range(this_year - 6, this_year + 6),
        )
        object.__setattr__(self, "_holidays", table)

    # --- single days -----------------------------------------------------------------------
    def is_holiday(self, day: dt.date) -> bool:
        return day in self._holidays

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def is_business_day(self, day: dt.date) -> bool:
        weekday = day.weekday()
        if weekday == SUNDAY or (weekday == SATURDAY and not self.saturday_is_business_day):
            return False
        return day not in self.non_working_days and day not in self._holidays

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a business day, else the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    # --- counting --------------------------------------------------------------------------
    def counts(self, day: dt.date, suspensions: Iterable[Suspension] = ()) -> bool:
        return self.is_business_day(day) and not any(s.covers(day) for s in suspensions)

    def add_business_days(
        self, start: dt.date, days: int, suspensions: Iterable[Suspension] = ()
    ) -> dt.date:
        """The day on which the ``days``-th counting day after ``start`` falls.

        ``start`` itself never counts: terms run from the day after reception. With an open
        suspension the result would be unknown; callers check that first.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        suspensions = tuple(suspensions)
        if any(s.end is None for s in suspensions):
            raise ValueError("cannot add days across an open suspension")
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.counts(day, suspensions):
                counted += 1
        return day

    def business_days_between(
        self, start: dt.date, end: dt.date, suspensions: Iterable[Suspension] = ()
    ) -> int:
        """Counting days in the half-open range ``(start, end]``; negative when ``end < start``."""
        if end < start:
            return -self.business_days_between(end, start, suspensions)
        suspensions = tuple(suspensions)
        total, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.counts(day, suspensions):
                total += 1
        return total

    def add_months(self, start: dt.date, months: int) -> dt.date:
        """Calendar months, rolled to the next business day if the last day is not one
        (Ley 4 de 1913 art. 62: "los de meses y años se computan según el calendario")."""
        return self.roll_forward(add_calendar_months(start, months))


def add_calendar_months(start: dt.date, months: int) -> dt.date:
    """Same day number ``months`` later, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_day))
