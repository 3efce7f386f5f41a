"""Periodic work on cases (tasks.py), called directly: a task only finds work and calls services."""

import logging

import pytest

from conftest import at
from pqrs.cases.models import CaseEvent, Status
from pqrs.cases.services import case_petitioner_reply, case_request_information, case_withdraw
from pqrs.cases.tasks import sweep_tacit_withdrawals
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import (
    bring,
    events_of,
    reload,
)

pytestmark = pytest.mark.django_db


def test_sweep_withdraws_only_lapsed_incomplete_requests(org, frozen, caplog):
    frozen(at(2026, 7, 10, 9))
    cases = {
        name: bring(file_case(), Status.IN_PROGRESS, org)
        for name in ("lapsed", "still_in_time", "unclear", "replied", "withdrawn", "never_asked")
    }

    def ask(name, reason):
        case_request_information(
            case=cases[name], actor=org.officer_a, reason=reason, message="Complete la solicitud"
        )

    frozen(at(2026, 7, 16, 10))
    # A month from Thu 16 Jul: Sun 16 Aug, 17 Aug holiday -> last day to reply Tue 18 Aug.
    for name in ("lapsed", "replied", "withdrawn"):
        ask(name, "incomplete")
    ask("unclear", "unclear")  # lapsed on 31 Jul, but archiving it is a staff decision (art. 19)
    frozen(at(2026, 7, 21, 10))
    case_petitioner_reply(case=cases["replied"], text="Aquí está la cédula")
    case_withdraw(case=cases["withdrawn"], reason="Ya no lo necesito")
    frozen(at(2026, 7, 28, 10))
    ask("still_in_time", "incomplete")  # reply due Fri 28 Aug

    caplog.set_level(logging.INFO, logger="pqrs.cases.tasks")
    frozen(at(2026, 8, 18, 23, 30))  # the last day to reply is not over yet
    assert sweep_tacit_withdrawals() == 0
    assert reload(cases["lapsed"]).status == Status.WAITING_PETITIONER

    frozen(at(2026, 8, 19, 0, 30))
    before = {name: reload(case) for name, case in cases.items()}
    assert sweep_tacit_withdrawals() == 1

    lapsed = reload(cases["lapsed"])
    assert lapsed.status == Status.WITHDRAWN
    assert lapsed.clock_status == "stopped"
    assert lapsed.closed_at == at(2026, 8, 19, 0, 30)
    event = lapsed.events.order_by("-seq").first()
    assert event.kind == CaseEvent.Kind.TACITLY_WITHDRAWN
    assert (event.actor, event.actor_label) == (None, "system")
    assert event.data == {"reply_due": "2026-08-18"}
    for name in ("still_in_time", "unclear", "replied", "withdrawn", "never_asked"):
        case = reload(cases[name])
        assert case.last_event_seq == before[name].last_event_seq, name
        assert case.status == before[name].status, name
    assert reload(cases["unclear"]).status == Status.WAITING_PETITIONER
    assert reload(cases["still_in_time"]).status == Status.WAITING_PETITIONER

    assert sweep_tacit_withdrawals() == 0  # running twice changes nothing
    assert events_of(lapsed).count("tacitly_withdrawn") == 1
    # The sweep picks exactly the lapsed requests: none reached the service only to be refused.
    assert not [r for r in caplog.records if r.name == "pqrs.cases.tasks"]
