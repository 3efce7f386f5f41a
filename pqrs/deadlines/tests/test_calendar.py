"""Due dates over the Colombian holidays of 2025-2027 (legal-rules.md §8.2, §8.3).

Every expected date here was counted by hand on the §8.2 tables, never computed with the code
under test: if the calendar and the tables disagree, the test must fail.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pqrs.deadlines.calendar import BusinessCalendar, add_calendar_months
from pqrs.deadlines.clock import Term, TermUnit, due_date

D = dt.date.fromisoformat

# legal-rules.md §8.2, copied date by date (2026 and 2027 include Ley 2578 de 2026).
HOLIDAYS = {
    2025: {
        "2025-01-01", "2025-01-06", "2025-03-24", "2025-04-17", "2025-04-18", "2025-05-01",
        "2025-06-02", "2025-06-23", "2025-06-30", "2025-07-20", "2025-08-07", "2025-08-18",
        "2025-10-13", "2025-11-03", "2025-11-17", "2025-12-08", "2025-12-25",
    },
    2026: {
        "2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01",
        "2026-05-18", "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-13", "2026-07-20",
        "2026-08-07", "2026-08-17", "2026-10-12", "2026-11-02", "2026-11-16", "2026-12-08",
        "2026-12-25",
    },
    2027: {
        "2027-01-01", "2027-01-11", "2027-03-22", "2027-03-25", "2027-03-26", "2027-05-01",
        "2027-05-10", "2027-05-31", "2027-06-07", "2027-07-05", "2027-07-12", "2027-07-20",
        "2027-08-07", "2027-08-16", "2027-10-18", "2027-11-01", "2027-11-15", "2027-12-08",
        "2027-12-25",
    },
}  # fmt: skip

CAL = BusinessCalendar()
CAL_SATURDAYS = BusinessCalendar(saturday_is_business_day=True)


def days_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)]


# --- the holiday table ---------------------------------------------------------------------


@pytest.mark.parametrize(("year", "count"), [(2025, 17), (2026, 19), (2027, 19)])
def test_holiday_count_per_year(year, count):
    assert sum(CAL.is_holiday(day) for day in days_of(year)) == count


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_holidays_match_the_published_tables(year):
    found = {day.isoformat() for day in days_of(year) if CAL.is_holiday(day)}
    assert found == HOLIDAYS[year]


@pytest.mark.parametrize(
    ("day", "why"),
    [
        pytest.param("2026-07-13", "Chiquinquirá 2026, Ley 2578 de 2026", id="2026-07-13"),
        pytest.param("2027-07-12", "Chiquinquirá 2027, Ley 2578 de 2026", id="2027-07-12"),
        pytest.param("2026-01-12", "Reyes 2026 moved to Monday", id="2026-01-12"),
        pytest.param("2027-01-11", "Reyes 2027 moved to Monday", id="2027-01-11"),
        pytest.param(
            "2025-06-30", "Sagrado Corazón and San Pedro 2025 on one Monday", id="2025-06-30"
        ),
    ],
)
def test_holiday_regressions(day, why):
    assert CAL.is_holiday(D(day)), why
    assert CAL.holiday_name(D(day))
    assert not CAL.is_business_day(D(day))


@pytest.mark.parametrize(
    ("day", "why"),
    [
        pytest.param(
            "2026-01-06",
            "Reyes moved to 12 Jan (Ley 51 de 1983 drops the original date)",
            id="2026-01-06",
        ),
        pytest.param("2026-03-19", "San José moved to 23 Mar", id="2026-03-19"),
        pytest.param("2026-07-09", "Chiquinquirá moved to 13 Jul", id="2026-07-09"),
        pytest.param("2027-07-09", "Chiquinquirá moved to 12 Jul", id="2027-07-09"),
        pytest.param("2027-08-15", "Asunción moved to 16 Aug", id="2027-08-15"),
        pytest.param("2025-10-12", "Día de la Raza moved to 13 Oct", id="2025-10-12"),
    ],
)
def test_original_date_of_a_moved_holiday_is_a_working_day(day, why):
    assert not CAL.is_holiday(D(day)), why
    assert CAL.holiday_name(D(day)) is None
    if D(day).weekday() < 5:
        assert CAL.is_business_day(D(day)), why


@pytest.mark.parametrize(
    ("holiday", "original"),
    [
        pytest.param("2036-07-14", "2036-07-09", id="2036"),
        pytest.param("2041-07-15", "2041-07-09", id="2041"),
    ],
)
def test_chiquinquira_in_years_the_calendar_did_not_preload(holiday, original):
    assert CAL.is_holiday(D(holiday))
    assert not CAL.is_holiday(D(original))


def test_chiquinquira_did_not_exist_before_ley_2578_de_2026():
    assert not CAL.is_holiday(D("2019-07-15"))  # 9 Jul 2019 was a Tuesday
    assert not CAL.is_holiday(D("2025-07-14"))  # 9 Jul 2025 was a Wednesday
    assert not CAL.is_holiday(D("2025-07-09"))


# --- due dates in business days, Monday-Friday entity --------------------------------------

DUE_DATES = [
    # legal-rules.md §8.3 worked examples
    pytest.param("2026-07-10", 15, "2026-08-04", id="s8.3-fri-2026-07-10+15-chiquinquira"),
    pytest.param("2026-07-10", 10, "2026-07-28", id="s8.3-fri-2026-07-10+10"),
    pytest.param("2026-07-10", 30, "2026-08-27", id="2026-07-10+30-boyaca-asuncion"),
    pytest.param("2025-12-19", 15, "2026-01-14", id="s8.3-2025-12-19+15-year-end"),
    pytest.param("2027-03-24", 10, "2027-04-09", id="s8.3-2027-03-24+10-semana-santa"),
    # Semana Santa
    pytest.param("2025-04-16", 10, "2025-05-05", id="semana-santa-2025+10-and-may-1"),
    pytest.param("2025-04-16", 15, "2025-05-12", id="semana-santa-2025+15"),
    pytest.param("2026-04-01", 10, "2026-04-17", id="semana-santa-2026+10"),
    pytest.param("2026-03-20", 15, "2026-04-15", id="san-jose-and-semana-santa-2026+15"),
    pytest.param("2027-03-19", 10, "2027-04-07", id="san-jose-and-semana-santa-2027+10"),
    # Emiliani Mondays
    pytest.param("2025-05-30", 15, "2025-06-24", id="ascension-corpus-2025+15"),
    pytest.param("2025-05-30", 30, "2025-07-16", id="june-mondays-2025+30"),
    pytest.param("2026-06-05", 10, "2026-06-23", id="corpus-sagrado-corazon-2026+10"),
    pytest.param("2026-06-05", 15, "2026-07-01", id="june-mondays-2026+15"),
    pytest.param("2026-06-05", 30, "2026-07-24", id="june-july-mondays-2026+30"),
    pytest.param("2027-07-02", 10, "2027-07-21", id="san-pedro-chiquinquira-20-jul-2027+10"),
    pytest.param("2027-07-02", 15, "2027-07-28", id="july-2027+15"),
    pytest.param("2025-08-15", 1, "2025-08-19", id="asuncion-2025+1"),
    pytest.param("2025-10-10", 1, "2025-10-14", id="raza-2025+1"),
    pytest.param("2025-11-14", 1, "2025-11-18", id="cartagena-2025+1"),
    pytest.param("2026-08-14", 1, "2026-08-18", id="asuncion-2026+1"),
    pytest.param("2026-10-09", 1, "2026-10-13", id="raza-2026+1"),
    pytest.param("2026-10-30", 1, "2026-11-03", id="todos-santos-2026+1"),
    pytest.param("2026-11-13", 1, "2026-11-17", id="cartagena-2026+1"),
    pytest.param("2027-10-15", 1, "2027-10-19", id="raza-2027+1"),
    pytest.param("2027-11-12", 1, "2027-11-16", id="cartagena-2027+1"),
    # Year end: 8 Dec, 25 Dec, 1 Jan, Reyes
    pytest.param("2025-01-02", 10, "2025-01-17", id="reyes-2025+10"),
    pytest.param("2025-12-05", 15, "2025-12-30", id="dec-8-dec-25-2025+15"),
    pytest.param("2026-01-05", 1, "2026-01-06", id="jan-6-2026-is-a-working-day"),
    pytest.param("2026-01-09", 1, "2026-01-13", id="reyes-2026-on-jan-12"),
    pytest.param("2026-12-07", 10, "2026-12-22", id="dec-8-2026+10"),
    pytest.param("2026-12-18", 15, "2027-01-13", id="year-end-2026+15-reyes-2027"),
    pytest.param("2026-12-18", 30, "2027-02-03", id="year-end-2026+30"),
    pytest.param("2027-01-08", 1, "2027-01-12", id="reyes-2027-on-jan-11"),
    pytest.param("2027-12-07", 10, "2027-12-22", id="dec-8-2027+10"),
    pytest.param("2027-12-07", 15, "2027-12-29", id="dec-25-2027-saturday+15"),
]


@pytest.mark.parametrize(("received", "term", "expected"), DUE_DATES)
def test_due_date_in_business_days(received, term, expected):
    assert due_date(D(received), Term(term), CAL) == D(expected)


@pytest.mark.parametrize(("received", "term", "expected"), DUE_DATES)
def test_business_days_between_received_and_due_is_the_term(received, term, expected):
    assert CAL.business_days_between(D(received), D(expected)) == term


@pytest.mark.parametrize(
    ("received", "term", "expected"),
    [
        pytest.param("2026-07-11", 15, "2026-08-04", id="saturday-counts-from-monday"),
        pytest.param("2026-07-12", 15, "2026-08-04", id="sunday-counts-from-monday"),
        pytest.param("2026-07-13", 15, "2026-08-04", id="on-chiquinquira-holiday"),
        pytest.param("2026-07-14", 15, "2026-08-05", id="first-business-day-after"),
        pytest.param("2025-12-25", 10, "2026-01-09", id="on-christmas-2025"),
    ],
)
def test_reception_on_a_weekend_or_holiday_counts_from_the_next_business_day(
    received, term, expected
):
    assert due_date(D(received), Term(term), CAL) == D(expected)


# --- Saturdays as business days ------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "term", "expected"),
    [
        pytest.param("2026-07-10", 15, "2026-07-30", id="2026-07-10+15"),
        pytest.param("2026-07-10", 10, "2026-07-24", id="2026-07-10+10"),
        pytest.param("2026-07-03", 1, "2026-07-04", id="friday+1-is-saturday"),
        pytest.param("2027-04-30", 1, "2027-05-03", id="may-1-2027-saturday-holiday"),
        pytest.param("2027-08-06", 1, "2027-08-09", id="aug-7-2027-saturday-holiday"),
    ],
)
def test_due_date_when_saturdays_are_business_days(received, term, expected):
    assert due_date(D(received), Term(term), CAL_SATURDAYS) == D(expected)


def test_saturday_is_off_by_default_and_sunday_always():
    saturday, sunday = D("2026-07-18"), D("2026-07-19")
    assert not CAL.is_business_day(saturday)
    assert CAL_SATURDAYS.is_business_day(saturday)
    assert not CAL.is_business_day(sunday)
    assert not CAL_SATURDAYS.is_business_day(sunday)


# --- declared non-working days -------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        pytest.param((), "2026-08-04", id="none"),
        pytest.param(("2026-07-14",), "2026-08-05", id="one-tuesday"),
        pytest.param(("2026-07-14", "2026-07-15"), "2026-08-06", id="two-days"),
        pytest.param(("2026-07-14", "2026-07-15", "2026-07-16"), "2026-08-10", id="over-aug-7"),
        pytest.param(("2026-07-18",), "2026-08-04", id="a-saturday-changes-nothing"),
        pytest.param(("2026-07-20",), "2026-08-04", id="a-holiday-changes-nothing"),
        pytest.param(("2026-08-05",), "2026-08-04", id="after-the-due-date"),
        pytest.param(("2026-08-04",), "2026-08-05", id="the-due-date-itself"),
    ],
)
def test_declared_non_working_days_push_the_due_date(declared, expected):
    calendar = BusinessCalendar(non_working_days=frozenset(D(d) for d in declared))
    assert due_date(D("2026-07-10"), Term(15), calendar) == D(expected)
    for day in declared:
        assert not calendar.is_business_day(D(day))


# --- month terms (Ley 4 de 1913 art. 62) ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param("2026-01-31", 1, "2026-02-28", id="31-jan-clamped-to-28-feb"),
        pytest.param("2028-01-31", 1, "2028-02-29", id="leap-year"),
        pytest.param("2026-03-31", 1, "2026-04-30", id="31-mar-to-30-apr"),
        pytest.param("2026-07-10", 1, "2026-08-10", id="same-day-number"),
        pytest.param("2026-11-30", 2, "2027-01-30", id="across-the-year"),
        pytest.param("2026-12-15", 1, "2027-01-15", id="december-to-january"),
        pytest.param("2026-08-31", 6, "2027-02-28", id="six-months-clamped"),
        pytest.param("2026-03-15", -3, "2025-12-15", id="negative"),
        pytest.param("2026-07-10", 12, "2027-07-10", id="one-year"),
    ],
)
def test_add_calendar_months(start, months, expected):
    assert add_calendar_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        pytest.param("2025-01-31", "2025-02-28", id="28-feb-2025-friday-stays"),
        pytest.param("2026-01-31", "2026-03-02", id="28-feb-2026-saturday-rolls-to-monday"),
        pytest.param("2026-05-08", "2026-06-09", id="corpus-monday-rolls-to-tuesday"),
        pytest.param("2026-03-02", "2026-04-06", id="semana-santa-and-weekend"),
        pytest.param("2026-11-25", "2026-12-28", id="christmas-friday-rolls-to-monday"),
        pytest.param("2026-06-13", "2026-07-14", id="chiquinquira-rolls-to-tuesday"),
        pytest.param("2026-07-10", "2026-08-10", id="plain-monday"),
    ],
)
def test_one_month_term_rolls_forward_to_a_business_day(received, expected):
    assert due_date(D(received), Term(1, TermUnit.MONTHS), CAL) == D(expected)


def test_month_term_rolls_over_a_declared_non_working_day():
    calendar = BusinessCalendar(non_working_days=frozenset({D("2026-08-10")}))
    assert due_date(D("2026-07-10"), Term(1, TermUnit.MONTHS), calendar) == D("2026-08-11")


def test_month_term_on_a_saturday_stays_when_saturdays_are_worked():
    assert due_date(D("2026-01-31"), Term(1, TermUnit.MONTHS), CAL_SATURDAYS) == D("2026-02-28")


# --- business_days_between and next/roll ----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param("2026-07-10", "2026-07-10", 0, id="same-day"),
        pytest.param("2026-07-10", "2026-07-13", 0, id="weekend-and-holiday"),
        pytest.param("2026-07-10", "2026-07-14", 1, id="end-included"),
        pytest.param("2026-07-14", "2026-07-10", -1, id="reversed-is-negative"),
        pytest.param("2026-08-04", "2026-07-10", -15, id="reversed-term"),
        pytest.param("2025-12-31", "2026-01-02", 1, id="new-year"),
        pytest.param("2026-12-31", "2027-12-31", 245, id="whole-2027"),
    ],
)
def test_business_days_between(start, end, expected):
    assert CAL.business_days_between(D(start), D(end)) == expected


def test_a_whole_year_has_weekdays_minus_weekday_holidays():
    # 2027: 261 weekdays; of its 19 holidays, 3 fall on a Saturday (1 May, 7 Aug, 25 Dec).
    weekdays = sum(day.weekday() < 5 for day in days_of(2027))
    assert weekdays == 261
    assert CAL.business_days_between(D("2026-12-31"), D("2027-12-31")) == 261 - 16


def test_next_business_day_and_roll_forward():
    assert CAL.next_business_day(D("2026-07-10")) == D("2026-07-14")
    assert CAL.next_business_day(D("2026-07-14")) == D("2026-07-15")
    assert CAL.roll_forward(D("2026-07-14")) == D("2026-07-14")
    assert CAL.roll_forward(D("2026-04-02")) == D("2026-04-06")


def test_add_business_days_rejects_negative_days_and_zero_is_the_start():
    with pytest.raises(ValueError, match="days must be"):
        CAL.add_business_days(D("2026-07-10"), -1)
    assert CAL.add_business_days(D("2026-07-10"), 0) == D("2026-07-10")


@pytest.mark.parametrize("value", [0, -1])
def test_term_must_be_positive(value):
    with pytest.raises(ValueError, match="positive"):
        Term(value)
