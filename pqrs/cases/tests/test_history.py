"""The case row is a projection of its append-only history (design.md, "Case lifecycle")."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from conftest import at
from pqrs.cases import projection
from pqrs.cases.models import CaseEvent, Status
from pqrs.cases.services import (
    case_answer,
    case_assign,
    case_close,
    case_extend,
    case_merge,
    case_petitioner_reply,
    case_reopen,
    case_request_information,
    case_start,
    case_transfer,
    case_triage,
)
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import (
    bring,
    events_of,
    fast_passwords,  # noqa: F401 - fixture
    reload,
)
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import Term, TermUnit, due_date
from pqrs.deadlines.selectors import calendar_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def assert_row_is_its_history(case):
    case = reload(case)
    events = case.events.order_by("seq")
    assert [e.seq for e in events] == list(range(1, case.last_event_seq + 1))
    assert projection.replay(events) == projection.snapshot(case)
    # The legal clock too is a function of the history: recompute it from the replayed state.
    state = projection.replay(events)
    if state["clock_status"] == "running":
        recomputed = due_date(
            dt.date.fromisoformat(state["received_on"]),
            Term(state["term_value"], TermUnit(state["term_unit"])),
            calendar_snapshot().calendar,
            [
                Suspension(dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None)
                for a, b in state["suspensions"]
            ],
            state["extension_days"],
        )
        assert recomputed.isoformat() == state["due_date"]
    return case


def test_long_path_replays_to_the_row(org, frozen):
    frozen(at(2026, 7, 10, 9))
    case = file_case()
    frozen(at(2026, 7, 14, 8))
    case = case_triage(case=case, actor=org.clerk, area=org.area_a, legal_priority="journalist")
    case = case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case = case_start(case=case, actor=org.officer_a)
    assert_row_is_its_history(case)
    frozen(at(2026, 7, 16, 10))
    case_request_information(
        case=case, actor=org.officer_a, reason="incomplete", message="Falta la cédula"
    )
    assert_row_is_its_history(case)
    frozen(at(2026, 7, 27, 15))
    case = case_petitioner_reply(case=case, text="Adjunto la cédula")
    frozen(at(2026, 8, 12, 9))
    case_extend(case=case, actor=org.lead_a, days=10, reasons="Se piden conceptos")
    frozen(at(2026, 8, 20, 11))
    case_answer(case=case, actor=org.officer_a, body="Se concede.")
    frozen(at(2026, 8, 21, 8))
    case = case_close(case=reload(case), actor=org.officer_a)

    case = assert_row_is_its_history(case)
    assert events_of(case) == [
        "filed",
        "triaged",
        "assigned",
        "started",
        "info_requested",
        "petitioner_replied",
        "extended",
        "answered",
        "closed",
    ]
    assert case.last_event_seq == 9
    # Due 13 Aug after the suspension (see test_lifecycle); +10: 14 | 18-21 | 24-28 -> 28 Aug.
    assert case.due_date == dt.date(2026, 8, 28)
    assert case.suspensions == [["2026-07-16", "2026-07-27"]]
    assert (case.status, case.priority, case.extension_days) == (Status.CLOSED, 2, 10)
    assert case.answered_at == at(2026, 8, 20, 11)
    assert case.closed_at == at(2026, 8, 21, 8)
    # Every event after filing says who acted and when.
    actors = list(case.events.order_by("seq").values_list("actor__username", "actor_label"))
    assert actors == [
        (None, "petitioner"),
        ("radicador", ""),
        ("jefe.a", ""),
        ("gestor.a", ""),
        ("gestor.a", ""),
        (None, "petitioner"),
        ("jefe.a", ""),
        ("gestor.a", ""),
        ("gestor.a", ""),
    ]


def test_side_exits_replay_to_the_row(org, frozen):
    frozen(at(2026, 7, 10, 9))
    target = bring(file_case(), Status.IN_PROGRESS, org)
    duplicate = bring(file_case(), Status.TRIAGED, org)
    transferred = bring(file_case(), Status.TRIAGED, org)
    frozen(at(2026, 7, 15, 9))
    case_merge(case=duplicate, actor=org.lead_a, into=target, reason="Duplicado")
    case_transfer(
        case=transferred, actor=org.lead_a, entity_name="Supersalud", reason="Salud", letter="L"
    )
    case_answer(case=target, actor=org.officer_a, body="Respuesta")
    closed = case_close(case=reload(target), actor=org.officer_a)
    frozen(at(2026, 9, 1, 9))
    new = case_reopen(case=closed, actor=org.lead_a, reason="Insiste").case
    for case in (target, duplicate, transferred, new):
        assert_row_is_its_history(case)


def test_the_row_never_moves_without_an_event(org, frozen):
    """A field written behind the services' back shows up as a difference."""
    frozen(at(2026, 7, 10, 9))
    case = bring(file_case(), Status.TRIAGED, org)
    type(case).objects.filter(pk=case.pk).update(priority=1)
    case = reload(case)
    assert projection.replay(case.events.order_by("seq")) != projection.snapshot(case)


# --- append-only ----------------------------------------------------------------------------
TABLE = CaseEvent._meta.db_table


def _orm_update(event):
    CaseEvent.objects.filter(pk=event.pk).update(kind="note")


def _orm_delete(event):
    CaseEvent.objects.filter(pk=event.pk).delete()


def _instance_save(event):
    event.data = {"rewritten": True}
    event.save()


def _instance_delete(event):
    event.delete()


def _raw_update(event):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor_label = 'x' WHERE id = %s", [event.pk])  # noqa: S608


def _raw_delete(event):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])  # noqa: S608


def _raw_delete_all(event):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


@pytest.mark.parametrize(
    "attempt",
    [
        _orm_update,
        _orm_delete,
        _instance_save,
        _instance_delete,
        _raw_update,
        _raw_delete,
        _raw_delete_all,
    ],
)
def test_events_cannot_be_rewritten(org, attempt):
    case = bring(file_case(), Status.ASSIGNED, org)
    event = case.events.get(seq=2)
    stored = list(CaseEvent.objects.order_by("pk").values())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attempt(event)
    assert list(CaseEvent.objects.order_by("pk").values()) == stored


def test_the_trigger_is_installed_on_postgresql(db):
    assert connection.vendor == "postgresql", "the suite runs on PostgreSQL (style.md)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        assert [row[0] for row in cursor.fetchall()] == ["case_event_append_only"]
