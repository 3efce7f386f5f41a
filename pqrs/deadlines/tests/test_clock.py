"""The legal clock: reception date, suspensions, extensions and the state shown to officers.

Expected dates are counted by hand on the legal-rules.md §8.2 tables. The running example is a
petition received Fri 2026-07-10 with 15 business days: counting starts Tue 14 Jul (13 Jul is
Chiquinquirá, Ley 2578 de 2026), skips Mon 20 Jul, and ends Tue 2026-08-04.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pqrs.deadlines.calendar import BusinessCalendar, Suspension
from pqrs.deadlines.clock import (
    ClockPolicy,
    ClockStatus,
    Term,
    TermUnit,
    TrafficLight,
    clock_state,
    due_date,
    reception_date,
    traffic_light,
)

D = dt.date.fromisoformat
BOGOTA = ZoneInfo("America/Bogota")
CAL = BusinessCalendar()
DEFAULT = ClockPolicy()
AFTER_HOURS = ClockPolicy(after_hours_counts_next_day=True)
STRICT = ClockPolicy(yellow_days_left=3, red_days_left=0)
RECEIVED = D("2026-07-10")
DUE_15 = D("2026-08-04")


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(D(day), dt.time(hour, minute), tzinfo=BOGOTA)


# --- reception date and the after-hours policy --------------------------------------------


@pytest.mark.parametrize(
    ("moment", "policy", "expected"),
    [
        pytest.param(at("2026-07-10", 9), DEFAULT, "2026-07-10", id="off-morning"),
        pytest.param(at("2026-07-10", 17, 30), DEFAULT, "2026-07-10", id="off-after-hours"),
        pytest.param(at("2026-07-11", 10), DEFAULT, "2026-07-11", id="off-saturday"),
        pytest.param(at("2026-07-10", 9), AFTER_HOURS, "2026-07-10", id="on-morning"),
        pytest.param(at("2026-07-10", 16, 59), AFTER_HOURS, "2026-07-10", id="on-16h59"),
        pytest.param(at("2026-07-10", 17), AFTER_HOURS, "2026-07-14", id="on-17h00-closed"),
        pytest.param(at("2026-07-10", 23, 59), AFTER_HOURS, "2026-07-14", id="on-late-friday"),
        pytest.param(at("2026-07-14", 18), AFTER_HOURS, "2026-07-15", id="on-late-tuesday"),
        pytest.param(at("2026-07-11", 10), AFTER_HOURS, "2026-07-14", id="on-saturday"),
        pytest.param(at("2026-07-13", 8), AFTER_HOURS, "2026-07-14", id="on-holiday-morning"),
        pytest.param(at("2026-04-02", 8), AFTER_HOURS, "2026-04-06", id="on-jueves-santo"),
        pytest.param(
            at("2026-07-10", 16, 30),
            ClockPolicy(after_hours_counts_next_day=True, office_closes_at=dt.time(16)),
            "2026-07-14",
            id="on-closes-at-16h",
        ),
        pytest.param(
            at("2026-07-10", 16, 30),
            ClockPolicy(after_hours_counts_next_day=True, office_closes_at=dt.time(18)),
            "2026-07-10",
            id="on-closes-at-18h",
        ),
    ],
)
def test_reception_date(moment, policy, expected):
    assert reception_date(moment, CAL, policy, BOGOTA) == D(expected)


def test_reception_date_is_the_local_date_of_an_utc_moment():
    # 04:30 UTC on Saturday is 23:30 on Friday in Bogotá.
    moment = dt.datetime(2026, 7, 11, 4, 30, tzinfo=dt.UTC)
    assert reception_date(moment, CAL, DEFAULT, BOGOTA) == RECEIVED
    assert reception_date(moment, CAL, AFTER_HOURS, BOGOTA) == D("2026-07-14")


def test_reception_date_rejects_a_naive_moment():
    with pytest.raises(ValueError, match="aware"):
        reception_date(dt.datetime(2026, 7, 10, 9), CAL, DEFAULT, BOGOTA)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("moment", "policy", "expected"),
    [
        pytest.param(at("2026-07-10", 17, 30), DEFAULT, "2026-08-04", id="policy-off"),
        pytest.param(at("2026-07-10", 17, 30), AFTER_HOURS, "2026-08-05", id="policy-on"),
        pytest.param(at("2026-07-11", 10), DEFAULT, "2026-08-04", id="saturday-policy-off"),
        pytest.param(at("2026-07-11", 10), AFTER_HOURS, "2026-08-05", id="saturday-policy-on"),
    ],
)
def test_after_hours_policy_moves_the_due_date(moment, policy, expected):
    assert due_date(reception_date(moment, CAL, policy, BOGOTA), Term(15), CAL) == D(expected)


# --- suspensions (Ley 1755 art. 17) ---------------------------------------------------------


def test_suspension_covers_from_the_day_after_the_request_to_the_reply():
    suspension = Suspension(D("2026-07-15"), D("2026-07-17"))
    assert not suspension.covers(D("2026-07-15"))  # the request day counts
    assert suspension.covers(D("2026-07-16"))
    assert suspension.covers(D("2026-07-17"))  # the reply day does not
    assert not suspension.covers(D("2026-07-18"))
    assert Suspension(D("2026-07-15")).covers(D("2030-01-01"))


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        pytest.param([], "2026-08-04", id="none"),
        # Request Wed 15 counts; Thu 16 and Fri 17 (reply) do not: two days later, over 7 Aug.
        pytest.param([("2026-07-15", "2026-07-17")], "2026-08-06", id="two-business-days"),
        pytest.param([("2026-07-15", "2026-07-15")], "2026-08-04", id="answered-same-day"),
        pytest.param([("2026-07-17", "2026-07-20")], "2026-08-04", id="weekend-and-holiday"),
        pytest.param([("2026-07-10", "2026-07-14")], "2026-08-05", id="from-reception"),
        pytest.param(
            [("2026-07-15", "2026-07-16"), ("2026-07-22", "2026-07-24")],
            "2026-08-10",
            id="two-suspensions",
        ),
        pytest.param([("2026-08-10", "2026-08-20")], "2026-08-04", id="after-the-due-date"),
    ],
)
def test_closed_suspensions_push_the_due_date(suspensions, expected):
    closed = [Suspension(D(start), D(end)) for start, end in suspensions]
    assert due_date(RECEIVED, Term(15), CAL, closed) == D(expected)


def test_open_suspension_has_no_due_date():
    assert due_date(RECEIVED, Term(15), CAL, [Suspension(D("2026-07-15"))]) is None
    assert due_date(RECEIVED, Term(1, TermUnit.MONTHS), CAL, [Suspension(D("2026-07-15"))]) is None
    with pytest.raises(ValueError, match="open suspension"):
        CAL.add_business_days(RECEIVED, 15, [Suspension(D("2026-07-15"))])


def test_business_days_between_skips_suspended_days():
    suspension = Suspension(D("2026-07-15"), D("2026-07-17"))
    assert CAL.business_days_between(RECEIVED, D("2026-08-06"), [suspension]) == 15
    assert CAL.business_days_between(RECEIVED, D("2026-08-06")) == 17


def test_suspension_in_a_month_term_adds_the_lost_business_days():
    # 2026-03-02 + 1 month = Thu 2 Apr (Jueves Santo) -> Mon 6 Apr; the suspension took
    # Wed 11 and Thu 12 Mar, so two business days more: Wed 8 Apr.
    suspension = Suspension(D("2026-03-10"), D("2026-03-12"))
    term = Term(1, TermUnit.MONTHS)
    assert due_date(D("2026-03-02"), term, CAL) == D("2026-04-06")
    assert due_date(D("2026-03-02"), term, CAL, [suspension]) == D("2026-04-08")


# --- extensions (Ley 1755 art. 14 parágrafo) -------------------------------------------------


@pytest.mark.parametrize(
    ("term", "extension", "suspensions", "expected"),
    [
        pytest.param(15, 0, [], "2026-08-04", id="15+0"),
        pytest.param(15, 15, [], "2026-08-27", id="15+15-double"),
        pytest.param(10, 5, [], "2026-08-04", id="10+5"),
        pytest.param(10, 10, [], "2026-08-12", id="10+10-over-aug-7"),
        pytest.param(15, 1, [("2026-07-15", "2026-07-17")], "2026-08-10", id="15+1-suspended"),
    ],
)
def test_extension_adds_business_days_at_the_end(term, extension, suspensions, expected):
    closed = [Suspension(D(start), D(end)) for start, end in suspensions]
    assert due_date(RECEIVED, Term(term), CAL, closed, extension_days=extension) == D(expected)


def test_extension_on_a_month_term():
    # 2026-07-10 + 1 month = Mon 10 Aug; three business days more: Thu 13 Aug.
    assert due_date(RECEIVED, Term(1, TermUnit.MONTHS), CAL, extension_days=3) == D("2026-08-13")


# --- traffic light ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "policy", "expected"),
    [
        pytest.param(15, DEFAULT, TrafficLight.GREEN, id="15-green"),
        pytest.param(6, DEFAULT, TrafficLight.GREEN, id="6-green"),
        pytest.param(5, DEFAULT, TrafficLight.YELLOW, id="5-yellow"),
        pytest.param(2, DEFAULT, TrafficLight.YELLOW, id="2-yellow"),
        pytest.param(1, DEFAULT, TrafficLight.RED, id="1-red"),
        pytest.param(0, DEFAULT, TrafficLight.RED, id="0-red"),
        pytest.param(-3, DEFAULT, TrafficLight.RED, id="overdue-red"),
        pytest.param(4, STRICT, TrafficLight.GREEN, id="3/0-policy-4-green"),
        pytest.param(3, STRICT, TrafficLight.YELLOW, id="3/0-policy-3-yellow"),
        pytest.param(1, STRICT, TrafficLight.YELLOW, id="3/0-policy-1-yellow"),
        pytest.param(0, STRICT, TrafficLight.RED, id="3/0-policy-0-red"),
    ],
)
def test_traffic_light_thresholds(days_left, policy, expected):
    assert traffic_light(days_left, policy) == expected


# --- clock state --------------------------------------------------------------------------------


def state(today: str, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("term", Term(15))
    kwargs.setdefault("policy", DEFAULT)
    return clock_state(received_on=RECEIVED, calendar=CAL, today=D(today), **kwargs)


@pytest.mark.parametrize(
    ("today", "elapsed", "left", "light", "overdue"),
    [
        pytest.param("2026-07-10", 0, 15, TrafficLight.GREEN, False, id="reception-day"),
        pytest.param("2026-07-13", 0, 15, TrafficLight.GREEN, False, id="holiday-not-counted"),
        pytest.param("2026-07-14", 1, 14, TrafficLight.GREEN, False, id="first-day"),
        pytest.param("2026-07-25", 8, 7, TrafficLight.GREEN, False, id="saturday"),
        pytest.param("2026-07-27", 9, 6, TrafficLight.GREEN, False, id="6-left-green"),
        pytest.param("2026-07-28", 10, 5, TrafficLight.YELLOW, False, id="5-left-yellow"),
        pytest.param("2026-07-31", 13, 2, TrafficLight.YELLOW, False, id="2-left-yellow"),
        pytest.param("2026-08-03", 14, 1, TrafficLight.RED, False, id="1-left-red"),
        pytest.param("2026-08-04", 15, 0, TrafficLight.RED, False, id="due-day-not-overdue"),
        pytest.param("2026-08-05", 16, -1, TrafficLight.RED, True, id="one-day-overdue"),
        pytest.param("2026-08-10", 18, -3, TrafficLight.RED, True, id="over-aug-7"),
    ],
)
def test_clock_state_while_running(today, elapsed, left, light, overdue):
    result = state(today)
    assert result.status == ClockStatus.RUNNING
    assert result.received_on == RECEIVED
    assert result.due_date == DUE_15
    assert (result.days_elapsed, result.days_left) == (elapsed, left)
    assert result.traffic_light == light
    assert result.overdue is overdue


def test_clock_state_on_the_weekend_after_a_friday_due_date():
    # 13 business days from Fri 10 Jul end on Fri 31 Jul. On Saturday the term has run out,
    # though no business day has passed since: overdue, with zero days left.
    result = state("2026-08-01", term=Term(13))
    assert result.due_date == D("2026-07-31")
    assert result.overdue is True
    assert result.days_left == 0
    assert result.traffic_light == TrafficLight.RED
    assert state("2026-08-03", term=Term(13)).days_left == -1


def test_clock_state_uses_the_policy_thresholds():
    strict = ClockPolicy(yellow_days_left=7, red_days_left=3)
    assert state("2026-07-27", policy=strict).traffic_light == TrafficLight.YELLOW
    assert state("2026-07-30", policy=strict).traffic_light == TrafficLight.RED


def test_clock_state_after_a_closed_suspension():
    # Suspended Thu 16 and Fri 17 Jul: due Thu 6 Aug. On 28 Jul: 8 counted, 7 left.
    result = state("2026-07-28", suspensions=[Suspension(D("2026-07-15"), D("2026-07-17"))])
    assert result.due_date == D("2026-08-06")
    assert (result.days_elapsed, result.days_left) == (8, 7)
    assert result.status == ClockStatus.RUNNING
    assert result.traffic_light == TrafficLight.GREEN


def test_clock_state_on_a_day_inside_a_closed_suspension():
    # Recomputed as of Thu 16 Jul (a suspended day) from the final events: Tue 14 and Wed 15
    # counted; 13 business days remain once the suspension (16-17 Jul) is skipped.
    result = state("2026-07-16", suspensions=[Suspension(D("2026-07-15"), D("2026-07-17"))])
    assert (result.days_elapsed, result.days_left) == (2, 13)


def test_clock_state_while_suspended():
    result = state("2026-07-30", suspensions=[Suspension(D("2026-07-15"))])
    assert result.status == ClockStatus.SUSPENDED
    assert result.due_date is None
    assert result.days_elapsed == 2  # Tue 14 and Wed 15 (the day of the request counts)
    assert result.days_left is None
    assert result.traffic_light is None
    assert result.overdue is False


def test_clock_state_stopped_on_time():
    result = state("2026-09-01", stopped_on=D("2026-07-21"))
    assert result.status == ClockStatus.STOPPED
    assert result.due_date == DUE_15
    assert (result.days_elapsed, result.days_left) == (5, 10)
    assert result.traffic_light is None
    assert result.overdue is False


def test_clock_state_stopped_late_stays_overdue():
    result = state("2026-09-01", stopped_on=D("2026-08-06"))
    assert result.status == ClockStatus.STOPPED
    assert (result.days_elapsed, result.days_left) == (17, -2)
    assert result.overdue is True
    assert result.traffic_light is None


def test_clock_state_with_extension():
    result = state("2026-08-05", extension_days=15)
    assert result.due_date == D("2026-08-27")
    assert result.overdue is False
    assert (result.days_elapsed, result.days_left) == (16, 14)
    assert result.traffic_light == TrafficLight.GREEN
