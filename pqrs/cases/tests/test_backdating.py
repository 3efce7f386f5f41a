"""Reception times given by staff: the register of the year of filing, a window for late
letters, and the clock of rows that hold dates the calendar cannot count (issue 8, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import BOGOTA, at
from pqrs.cases.models import Case
from pqrs.cases.selectors import CountingCalendar, case_clock
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import SubmissionFactory, file_case
from pqrs.cases.tests.steps import refused
from pqrs.deadlines.calendar import BusinessCalendar
from pqrs.deadlines.clock import ClockStatus

pytestmark = pytest.mark.django_db


def test_the_number_comes_from_the_register_of_the_year_of_filing(defaults, frozen):
    """A letter received on 31 December and filed on 5 January takes the new year's number;
    its clock still runs from the day it arrived."""
    frozen(at(2026, 12, 30, 9))
    assert file_case().filing_number == "2026-000001"
    frozen(at(2027, 1, 5, 9))
    late = file_case(received_at=at(2026, 12, 31, 10))
    assert late.filing_number == "2027-000001"
    assert (late.filing_year, late.received_on) == (2027, dt.date(2026, 12, 31))
    assert late.receipt.filed_at == at(2026, 12, 31, 10)
    assert file_case().filing_number == "2027-000002"


@pytest.mark.parametrize(
    "received_at",
    [
        dt.datetime(1, 1, 2, tzinfo=BOGOTA),  # the filing that took every inbox down
        at(1900, 1, 1, 10),
        at(2026, 6, 10, 8, 59),  # a minute before the 30-day window
    ],
)
def test_a_reception_before_the_window_is_refused_and_files_nothing(defaults, frozen, received_at):
    frozen(at(2026, 7, 10, 9))
    with refused("invalid_submission") as caught:
        case_file(submission=SubmissionFactory(received_at=received_at), actor=None)
    message = caught.value.errors["received_at"]  # type: ignore[attr-defined]
    assert "10/06/2026" in message


def test_a_letter_found_late_within_the_window_is_filed_with_its_real_date(
    defaults, frozen, settings
):
    frozen(at(2026, 7, 10, 9))
    case = file_case(received_at=at(2026, 6, 10, 9))
    assert case.received_on == dt.date(2026, 6, 10)
    assert case.due_date == dt.date(2026, 7, 3)  # overdue already: the clock is the law's
    settings.PQRS_FILING_BACKDATE_DAYS = 0
    with refused("invalid_submission"):
        case_file(submission=SubmissionFactory(received_at=at(2026, 7, 9, 9)), actor=None)


@pytest.mark.parametrize(
    ("received_on", "due_date"),
    [
        (dt.date(1, 1, 2), dt.date(1, 1, 23)),
        (dt.date(1900, 1, 1), dt.date(1900, 1, 22)),
        (dt.date(9999, 12, 30), None),
    ],
)
def test_the_clock_of_any_stored_date_is_shown(defaults, frozen, received_on, due_date):
    """Rows written before filing refused such dates: no count, the stored due date, and
    no exception (the inbox computed a 400-day margin below 0001-01-01)."""
    frozen(at(2026, 7, 10, 9))
    case = file_case()
    Case.objects.filter(pk=case.pk).update(received_on=received_on, due_date=due_date)
    state = case_clock(Case.objects.get(pk=case.pk))
    assert state.status == ClockStatus.RUNNING
    assert (state.due_date, state.days_left, state.traffic_light) == (due_date, None, None)
    assert state.overdue is (due_date is not None)


def test_the_counting_calendar_stops_at_the_ends_of_time():
    counting = CountingCalendar(BusinessCalendar())
    assert counting.business_days_between(dt.date(1, 1, 2), dt.date(1, 1, 9)) == 5
    assert counting.business_days_between(dt.date(9999, 12, 24), dt.date(9999, 12, 31)) == 5
