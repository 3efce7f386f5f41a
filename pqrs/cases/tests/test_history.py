"""The case row is a projection of its append-only history (design.md, "Case lifecycle")."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import at
from pqrs.cases import projection
from pqrs.cases.models import CaseEvent, CaseType, Status
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_archive,
    case_assign,
    case_close,
    case_extend,
    case_merge,
    case_move,
    case_petitioner_reply,
    case_reopen,
    case_request_information,
    case_start,
    case_tacit_withdraw,
    case_transfer,
    case_triage,
    case_withdraw,
)
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import (
    bring,
    events_of,
    reload,
    world,
)
from pqrs.core.errors import DomainError
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import Term, TermUnit, due_date
from pqrs.deadlines.selectors import calendar_snapshot

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


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


# --- any order of steps ---------------------------------------------------------------------
STEP_NAMES = [
    "triage_area_b",
    "triage_consulta",
    "triage_priority",
    "assign",
    "start",
    "move",
    "ask_incomplete",
    "ask_unclear",
    "reply",
    "extend",
    "transfer",
    "answer",
    "close",
    "withdraw",
    "tacit_withdraw",
    "archive",
    "merge_duplicate_in",
    "reopen",
    "note",
    "next_day",
    "next_week",
    "next_month",
]


def _officer_of(case, org):
    return org.officer_a if case.area_id == org.area_a.pk else org.officer_b


def _step(name, case, org, duplicate):
    """One step by the administrator (who may do everything): only the business rules refuse."""
    admin = org.admin
    if name == "triage_area_b":
        return case_triage(case=case, actor=admin, area=org.area_b)
    if name == "triage_consulta":
        return case_triage(
            case=case, actor=admin, area=org.area_a, case_type=CaseType.objects.get(code="consulta")
        )
    if name == "triage_priority":
        return case_triage(case=case, actor=admin, area=org.area_a, legal_priority="imminent_risk")
    if name == "assign":
        return case_assign(case=case, actor=admin, assignee=_officer_of(case, org))
    if name == "start":
        return case_start(case=case, actor=admin)
    if name == "move":
        target = org.area_b if case.area_id == org.area_a.pk else org.area_a
        return case_move(case=case, actor=admin, area=target, reason="Competencia interna")
    if name in ("ask_incomplete", "ask_unclear"):
        reason = name.removeprefix("ask_")
        case_request_information(case=case, actor=admin, reason=reason, message="Complete")
    elif name == "reply":
        return case_petitioner_reply(case=case, text="Aquí está")
    elif name == "extend":
        case_extend(case=case, actor=admin, days=5, reasons="Conceptos")
    elif name == "transfer":
        case_transfer(case=case, actor=admin, entity_name="Supersalud", reason="R", letter="L")
    elif name == "answer":
        case_answer(case=case, actor=admin, body="Respuesta")
    elif name == "close":
        return case_close(case=case, actor=admin)
    elif name == "withdraw":
        return case_withdraw(case=case, reason="Desiste")
    elif name == "tacit_withdraw":
        return case_tacit_withdraw(case=case)
    elif name == "archive":
        return case_archive(case=case, actor=admin)
    elif name == "merge_duplicate_in":
        case_merge(case=duplicate, actor=admin, into=case, reason="Duplicado")
        assert_row_is_its_history(duplicate)
    elif name == "reopen":
        return case_reopen(case=case, actor=admin, reason="Insiste").case
    elif name == "note":
        case_add_note(case=case, actor=admin, text="Nota")
    return reload(case)


# Steps the status admits (they may still be refused, e.g. too late): the walk mostly follows
# them so it reaches deep states, and sometimes takes any step to exercise the refusals.
ADMITTED = {
    "filed": ["triage_area_b", "triage_consulta", "triage_priority", "transfer", "withdraw"],
    "triaged": ["assign", "move", "ask_incomplete", "ask_unclear", "ask_unclear", "answer"],
    "assigned": ["start", "assign", "ask_incomplete", "extend", "answer", "triage_area_b"],
    "in_progress": [
        "ask_incomplete",
        "ask_unclear",
        "extend",
        "answer",
        "transfer",
        "move",
        "merge_duplicate_in",
        "triage_consulta",
    ],
    "waiting_petitioner": [
        "reply",
        "reply",
        "next_week",
        "next_week",
        "next_month",
        "tacit_withdraw",
        "archive",
        "archive",
    ],
    "answered": ["close", "note"],
    "closed": ["reopen", "note"],
}


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_sequence_of_steps_keeps_the_row_equal_to_its_history(org, frozen, data):
    now = at(2026, 7, 10, 9)
    frozen(now)
    case = file_case()
    for _ in range(data.draw(st.integers(min_value=1, max_value=18), label="length")):
        admitted = ADMITTED.get(case.status, ["note", "reopen"])
        follow = data.draw(st.integers(min_value=0, max_value=3), label="follow") > 0
        name = data.draw(st.sampled_from(admitted if follow else STEP_NAMES), label="step")
        if name.startswith("next_"):
            now += {"next_day": DAY, "next_week": 7 * DAY, "next_month": 31 * DAY}[name]
            frozen(now)
            continue
        duplicate = file_case() if name == "merge_duplicate_in" else None
        before = world()
        try:
            case = _step(name, case, org, duplicate)
        except DomainError as refusal:
            event(f"{name}: refused ({refusal.code})")
            assert world() == before, name  # a refusal writes nothing
            case = reload(case)
        else:
            event(f"{name}: done")
        case = assert_row_is_its_history(case)
        if data.draw(st.booleans(), label="a day passes"):
            now += DAY
            frozen(now)
