"""The calendar as the entity configures it: the cached snapshot, the services that invalidate
it, and the ``due_date`` command officers use.

Running example: a petición received Fri 2026-07-10 09:00 is due Tue 2026-08-04 (15 business
days; 13 Jul is Chiquinquirá, Ley 2578 de 2026). Declaring Tue 14 Jul non-working pushes it to
Wed 2026-08-05.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pqrs.cases.models import CaseType
from pqrs.deadlines.clock import Term, TermUnit, due_date
from pqrs.deadlines.models import CalendarSettings, NonWorkingDay
from pqrs.deadlines.selectors import calendar_snapshot
from pqrs.deadlines.services import calendar_bump_version, non_working_day_declare

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
RECEIVED = D("2026-07-10")


def due_from_snapshot(received: dt.date = RECEIVED, term: int = 15) -> dt.date | None:
    return due_date(received, Term(term), calendar_snapshot().calendar)


def run_due_date(*args: str) -> list[str]:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


# --- snapshot and cache invalidation ---------------------------------------------------------


def test_declaring_a_non_working_day_changes_due_dates_from_the_snapshot(defaults):
    before = calendar_snapshot()
    assert due_from_snapshot() == D("2026-08-04")

    day = non_working_day_declare(date=D("2026-07-14"), reason="Decreto 123 de 2026")

    after = calendar_snapshot()
    assert after.version == before.version + 1
    assert after is not before
    assert D("2026-07-14") in after.calendar.non_working_days
    assert due_from_snapshot() == D("2026-08-05")
    assert NonWorkingDay.objects.get(date=D("2026-07-14")) == day
    # The earlier snapshot is an immutable value: whoever still holds it keeps its answer.
    assert due_date(RECEIVED, Term(15), before.calendar) == D("2026-08-04")


def test_snapshot_is_cached_until_the_version_changes(defaults, django_assert_num_queries):
    first = calendar_snapshot()
    with django_assert_num_queries(1):  # only the version is read
        assert calendar_snapshot() is first
    non_working_day_declare(date=D("2026-07-15"), reason="Acto 1")
    with django_assert_num_queries(3):  # version, settings row, non-working days
        reloaded = calendar_snapshot()
    assert reloaded is not first
    with django_assert_num_queries(1):
        assert calendar_snapshot() is reloaded


def test_redeclaring_a_day_updates_its_reason_and_still_bumps_the_version(defaults):
    version = calendar_snapshot().version
    non_working_day_declare(date=D("2026-07-14"), reason="Acto 1")
    non_working_day_declare(date=D("2026-07-14"), reason="Acto 1, corregido")
    assert NonWorkingDay.objects.get().reason == "Acto 1, corregido"
    assert calendar_snapshot().version == version + 2
    assert due_from_snapshot() == D("2026-08-05")


def test_several_declared_days_all_count(defaults):
    for day in ("2026-07-14", "2026-07-15", "2026-07-16"):
        non_working_day_declare(date=D(day), reason="Cierre por obras")
    # Three business days more from 4 Aug: 5, 6 and (7 Aug is Boyacá) 10 Aug.
    assert due_from_snapshot() == D("2026-08-10")


def test_snapshot_reflects_calendar_settings_after_a_version_bump(defaults):
    calendar_snapshot()
    CalendarSettings.objects.filter(pk=1).update(
        saturday_is_business_day=True,
        after_hours_counts_next_day=True,
        office_closes_at=dt.time(16),
        yellow_days_left=3,
    )
    calendar_bump_version()
    snap = calendar_snapshot()
    assert snap.calendar.saturday_is_business_day
    assert snap.policy.after_hours_counts_next_day
    assert snap.policy.office_closes_at == dt.time(16)
    assert snap.policy.yellow_days_left == 3
    # Saturdays worked: 11, 18 and 25 Jul count, so 15 days end on Thu 30 Jul.
    assert due_from_snapshot() == D("2026-07-30")


def test_snapshot_without_a_settings_row_uses_the_colombian_defaults(db):
    snap = calendar_snapshot()
    assert snap.calendar.country == "CO"
    assert not snap.calendar.saturday_is_business_day
    assert due_from_snapshot() == D("2026-08-04")


# --- the due_date command ----------------------------------------------------------------------


def test_command_prints_the_due_date_alone_on_the_last_line(defaults):
    lines = run_due_date("--type", "peticion", "--received", "2026-07-10T09:00-05:00")
    assert lines[-1] == "2026-08-04"


@pytest.mark.parametrize(
    ("case_type", "received", "expected"),
    [
        pytest.param("peticion_informacion", "2026-07-10T09:00-05:00", "2026-07-28", id="10"),
        pytest.param("consulta", "2026-07-10T09:00-05:00", "2026-08-27", id="30"),
        pytest.param("queja", "2025-12-19T11:00-05:00", "2026-01-14", id="year-end"),
        pytest.param("peticion_informacion", "2027-03-24T09:00-05:00", "2027-04-09", id="ss-2027"),
        pytest.param("peticion", "2026-07-10T09:00", "2026-08-04", id="naive-is-bogota"),
        # 03:00 UTC on Saturday is still Friday 22:00 in Bogotá.
        pytest.param("peticion", "2026-07-11T03:00+00:00", "2026-08-04", id="utc-offset"),
    ],
)
def test_command_for_other_types_and_moments(defaults, case_type, received, expected):
    assert run_due_date("--type", case_type, "--received", received)[-1] == expected


def test_command_verbose_keeps_the_date_on_the_last_line(defaults):
    lines = run_due_date(
        "--type", "peticion", "--received", "2026-07-10T09:00-05:00", "--verbose-days"
    )
    assert len(lines) == 2
    assert "15 days" in lines[0]
    assert "2026-07-10" in lines[0]
    assert lines[-1] == "2026-08-04"


def test_command_uses_declared_non_working_days(defaults):
    non_working_day_declare(date=D("2026-07-14"), reason="Decreto 123 de 2026")
    lines = run_due_date("--type", "peticion", "--received", "2026-07-10T09:00-05:00")
    assert lines[-1] == "2026-08-05"


def test_command_applies_the_after_hours_policy(defaults):
    after_hours = ("--type", "peticion", "--received", "2026-07-10T17:30-05:00")
    assert run_due_date(*after_hours)[-1] == "2026-08-04"
    CalendarSettings.objects.filter(pk=1).update(after_hours_counts_next_day=True)
    calendar_bump_version()
    # Received on the next business day, Tue 14 Jul; counting from Wed 15 Jul.
    assert run_due_date(*after_hours)[-1] == "2026-08-05"


def test_command_handles_a_month_term(defaults):
    CaseType.objects.create(
        code="completar", name="Completar información", term_value=1, term_unit=TermUnit.MONTHS
    )
    # 28 Feb 2026 is a Saturday: the month ends on Monday 2 March (Ley 4 de 1913 art. 62).
    assert run_due_date("--type", "completar", "--received", "2026-01-31T10:00-05:00")[-1] == (
        "2026-03-02"
    )


def test_command_rejects_an_unknown_type_listing_the_known_codes(defaults):
    with pytest.raises(CommandError, match="unknown case type 'tutela'") as excinfo:
        run_due_date("--type", "tutela", "--received", "2026-07-10T09:00-05:00")
    codes = list(CaseType.objects.values_list("code", flat=True))
    assert {"peticion", "peticion_informacion", "consulta"} <= set(codes)
    for code in codes:
        assert code in str(excinfo.value)


@pytest.mark.parametrize(
    "received",
    [
        pytest.param("2026-13-10T09:00-05:00", id="month-13"),
        pytest.param("2026-02-30", id="30-february"),
        pytest.param("10/07/2026 9:00", id="local-format"),
        pytest.param("ayer", id="words"),
    ],
)
def test_command_rejects_a_bad_date_clearly(defaults, received):
    with pytest.raises(CommandError, match="--received is not an ISO 8601 date-time"):
        run_due_date("--type", "peticion", "--received", received)
