"""The legal clock: due date and time left of a case, as a pure function of its reception,
its term, its suspensions and its extension, over a business calendar.

Nothing here touches the database, so the clock of any case can be recomputed and audited at
any time from its events (design.md, "Case lifecycle").
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from .calendar import BusinessCalendar, Suspension


class TermUnit(enum.StrEnum):
    BUSINESS_DAYS = "days"
    MONTHS = "months"


class TrafficLight(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class ClockStatus(enum.StrEnum):
    RUNNING = "running"
    SUSPENDED = "suspended"  # waiting for the petitioner (Ley 1755 art. 17)
    STOPPED = "stopped"  # answered, closed, withdrawn, transferred...


@dataclass(frozen=True)
class Term:
    value: int
    unit: TermUnit = TermUnit.BUSINESS_DAYS

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError("a term must be positive")


@dataclass(frozen=True)
class ClockPolicy:
    """What the entity decides (Ley 1755 art. 22, internal regulation)."""

    # No rule says whether a filing after hours counts as received the next business day
    # (legal-rules.md §0, [U]); off by default, an entity turns it on after legal advice.
    after_hours_counts_next_day: bool = False
    office_closes_at: dt.time = dt.time(17, 0)
    yellow_days_left: int = 5
    red_days_left: int = 1


def reception_date(
    received_at: dt.datetime, calendar: BusinessCalendar, policy: ClockPolicy, tz: dt.tzinfo
) -> dt.date:
    """The date from whose next day the term runs."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be aware")
    local = received_at.astimezone(tz)
    day = local.date()
    if not policy.after_hours_counts_next_day:
        return day
    if not calendar.is_business_day(day):
        return calendar.roll_forward(day)
    if local.time() >= policy.office_closes_at:
        return calendar.next_business_day(day)
    return day


def due_date(
    received_on: dt.date,
    term: Term,
    calendar: BusinessCalendar,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
) -> dt.date | None:
    """Last day to answer, or None while a suspension is open (the clock is stopped).

    Business-day terms count from the day after reception, skipping suspended days
    (Ley 1755 art. 14 and art. 17). Month terms run by the calendar and roll to the next
    business day (Ley 4 de 1913 art. 62); suspended business days then push them forward.
    An extension adds business days at the end (art. 14 parágrafo).
    """
    if any(s.end is None for s in suspensions):
        return None
    if term.unit == TermUnit.BUSINESS_DAYS:
        return calendar.add_business_days(received_on, term.value + extension_days, suspensions)
    base = calendar.add_months(received_on, term.value)
    lost = sum(
        calendar.business_days_between(s.start, s.end) for s in suspensions if s.end is not None
    )
    return (
        calendar.add_business_days(base, lost + extension_days) if lost + extension_days else base
    )


@dataclass(frozen=True)
class ClockState:
    received_on: dt.date
    due_date: dt.date | None
    status: ClockStatus
    days_elapsed: int
    days_left: int | None  # negative when overdue; None while suspended
    traffic_light: TrafficLight | None  # None while suspended or stopped
    overdue: bool


def clock_state(
    *,
    received_on: dt.date,
    term: Term,
    calendar: BusinessCalendar,
    policy: ClockPolicy,
    today: dt.date,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
    stopped_on: dt.date | None = None,
) -> ClockState:
    """Where the clock stands on ``today`` (or on ``stopped_on`` for a finished case)."""
    due = due_date(received_on, term, calendar, suspensions, extension_days)
    as_of = min(today, stopped_on) if stopped_on else today
    closed = tuple(s for s in suspensions if s.end is not None)
    open_since = next((s.start for s in suspensions if s.end is None), None)
    counted_until = min(as_of, open_since) if open_since else as_of
    elapsed = max(0, calendar.business_days_between(received_on, counted_until, closed))

    if stopped_on is not None:
        status = ClockStatus.STOPPED
    elif due is None:
        status = ClockStatus.SUSPENDED
    else:
        status = ClockStatus.RUNNING

    if due is None:
        return ClockState(received_on, None, status, elapsed, None, None, False)
    # Suspended days ahead of ``as_of`` (a past date inside a suspension) do not count either,
    # so for a term in business days, days elapsed + days left = term + extension.
    left = calendar.business_days_between(as_of, due, closed)
    overdue = as_of > due
    light: TrafficLight | None = None
    if status == ClockStatus.RUNNING:
        light = traffic_light(left, policy)
    return ClockState(received_on, due, status, elapsed, left, light, overdue)


def traffic_light(days_left: int, policy: ClockPolicy) -> TrafficLight:
    if days_left <= policy.red_days_left:
        return TrafficLight.RED
    if days_left <= policy.yellow_days_left:
        return TrafficLight.YELLOW
    return TrafficLight.GREEN
