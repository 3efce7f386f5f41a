"""Properties of calendar arithmetic that must hold for any reception date and term.

The calendars are built once: each example is then only set look-ups, so a few hundred
examples per property stay well under a second.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from pqrs.deadlines.calendar import BusinessCalendar, Suspension, add_calendar_months
from pqrs.deadlines.clock import (
    ClockPolicy,
    Term,
    TermUnit,
    clock_state,
    due_date,
    reception_date,
)

CAL = BusinessCalendar()
CAL_SATURDAYS = BusinessCalendar(saturday_is_business_day=True)
POLICY = ClockPolicy()
AFTER_HOURS = ClockPolicy(after_hours_counts_next_day=True)
BOGOTA = ZoneInfo("America/Bogota")

received_dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))
terms = st.integers(min_value=1, max_value=40)
calendars = st.sampled_from([CAL, CAL_SATURDAYS])
fast = settings(max_examples=300, deadline=None)


@st.composite
def closed_suspensions(draw: st.DrawFn, received: dt.date) -> list[Suspension]:
    """Up to three closed suspensions starting on or after reception, each up to 40 days long."""
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = received + dt.timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        result.append(Suspension(start, start + dt.timedelta(days=draw(st.integers(0, 40)))))
    return result


@fast
@given(received=received_dates, term=terms, calendar=calendars)
def test_due_date_is_a_business_day_after_reception_and_counts_the_term(received, term, calendar):
    due = due_date(received, Term(term), calendar)
    assert due is not None
    assert due > received
    assert calendar.is_business_day(due)
    assert calendar.business_days_between(received, due) == term
    # The due date is the first day on which the term is complete: the day before falls short.
    assert calendar.business_days_between(received, due - dt.timedelta(days=1)) == term - 1


@fast
@given(first=received_dates, second=received_dates, term=terms, calendar=calendars)
def test_due_date_is_monotonic_in_the_received_date(first, second, term, calendar):
    earlier, later = sorted((first, second))
    due_earlier = due_date(earlier, Term(term), calendar)
    due_later = due_date(later, Term(term), calendar)
    assert due_earlier is not None
    assert due_later is not None
    assert due_earlier <= due_later


@fast
@given(received=received_dates, term=terms)
def test_due_date_is_monotonic_in_the_term(received, term):
    shorter = due_date(received, Term(term), CAL)
    longer = due_date(received, Term(term + 1), CAL)
    assert shorter is not None
    assert longer is not None
    assert shorter < longer


@fast
@given(received=received_dates, term=terms)
def test_working_saturdays_never_make_the_due_date_later(received, term):
    with_saturdays = due_date(received, Term(term), CAL_SATURDAYS)
    without_saturdays = due_date(received, Term(term), CAL)
    assert with_saturdays is not None
    assert without_saturdays is not None
    assert with_saturdays <= without_saturdays


@fast
@given(data=st.data(), received=received_dates, term=terms, calendar=calendars)
def test_suspensions_never_make_the_due_date_earlier(data, received, term, calendar):
    suspensions = data.draw(closed_suspensions(received))
    plain = due_date(received, Term(term), calendar)
    suspended = due_date(received, Term(term), calendar, suspensions)
    assert plain is not None
    assert suspended is not None
    assert suspended >= plain
    assert calendar.business_days_between(received, suspended, suspensions) == term
    assert calendar.counts(suspended, suspensions)


@fast
@given(data=st.data(), received=received_dates, term=terms)
def test_an_open_suspension_leaves_no_due_date(data, received, term):
    suspensions = data.draw(closed_suspensions(received))
    start = received + dt.timedelta(days=data.draw(st.integers(0, 60)))
    assert due_date(received, Term(term), CAL, [*suspensions, Suspension(start)]) is None


@fast
@given(received=received_dates, term=terms, extension=st.integers(0, 40))
def test_extension_equals_a_longer_term(received, term, extension):
    assert due_date(received, Term(term), CAL, extension_days=extension) == due_date(
        received, Term(term + extension), CAL
    )


@fast
@given(
    data=st.data(),
    received=received_dates,
    term=terms,
    extension=st.integers(0, 15),
    offset=st.integers(0, 120),
)
def test_days_elapsed_plus_days_left_is_the_term(data, received, term, extension, offset):
    suspensions = data.draw(closed_suspensions(received))
    today = received + dt.timedelta(days=offset)
    state = clock_state(
        received_on=received,
        term=Term(term),
        calendar=CAL,
        policy=POLICY,
        today=today,
        suspensions=suspensions,
        extension_days=extension,
    )
    assert state.due_date is not None
    assert state.days_left is not None
    assert state.days_elapsed + state.days_left == term + extension
    assert state.overdue == (today > state.due_date)
    if state.days_left < 0:
        assert state.overdue
    if not state.overdue:
        assert state.days_left >= 0


@fast
@given(start=received_dates, months=st.integers(min_value=-24, max_value=24))
def test_add_calendar_months_keeps_the_day_or_clamps_to_month_end(start, months):
    result = add_calendar_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (
        result.day < start.day and (result + dt.timedelta(days=1)).month != result.month
    )


@fast
@given(received=received_dates, months=st.integers(min_value=1, max_value=3))
def test_month_term_lands_on_the_first_business_day_from_the_calendar_date(received, months):
    due = due_date(received, Term(months, TermUnit.MONTHS), CAL)
    calendar_date = add_calendar_months(received, months)
    assert due is not None
    assert CAL.is_business_day(due)
    assert due >= calendar_date
    assert CAL.business_days_between(calendar_date - dt.timedelta(days=1), due) == 1


@fast
@given(
    moment=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(BOGOTA),
    ),
    term=terms,
    calendar=calendars,
)
def test_after_hours_policy_receives_on_a_business_day_never_earlier(moment, term, calendar):
    plain = reception_date(moment, calendar, POLICY, BOGOTA)
    shifted = reception_date(moment, calendar, AFTER_HOURS, BOGOTA)
    assert plain == moment.date()
    assert calendar.is_business_day(shifted)
    assert shifted >= plain
    # At most one business day later: the next business day, never the one after.
    assert calendar.business_days_between(plain, shifted) <= 1
    due_shifted = due_date(shifted, Term(term), calendar)
    due_plain = due_date(plain, Term(term), calendar)
    assert due_shifted is not None
    assert due_plain is not None
    assert due_shifted >= due_plain
