"""Helpers for lifecycle tests: take a case to a given state through the real services, and
check that a refused step changed nothing at all.

Dates used across these tests (Colombia, Monday-Friday entity; holidays from ``holidays``):
Mon 2026-07-13 (Chiquinquirá, Ley 2578 de 2026), Mon 2026-07-20 (Independence),
Fri 2026-08-07 (Boyacá), Mon 2026-08-17 (Assumption, moved from Sat 15 Aug).
A peticion filed Fri 2026-07-10 is due Tue 2026-08-04 (15 business days from the 14th).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import at
from pqrs.accounts.models import User
from pqrs.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Communication,
    FilingReceipt,
    NumberCounter,
    Status,
)
from pqrs.cases.services import (
    case_answer,
    case_assign,
    case_close,
    case_request_information,
    case_start,
    case_triage,
)
from pqrs.core.errors import DomainError


def world() -> dict[str, Any]:
    """Everything a lifecycle step may write: case rows, events, numbers, documents."""
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "events": list(
            CaseEvent.objects.order_by("pk").values_list("pk", "case_id", "seq", "kind")
        ),
        "communications": list(
            Communication.objects.order_by("pk").values_list("number", flat=True)
        ),
        "counters": list(
            NumberCounter.objects.order_by("pk").values_list("series__code", "year", "last_value")
        ),
        "attachments": Attachment.objects.count(),
        "receipts": FilingReceipt.objects.count(),
    }


@contextlib.contextmanager
def refused(code: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The block must raise ``DomainError(code=code)`` and leave the database as it was."""
    before = world()
    with pytest.raises(DomainError) as caught:
        yield caught
    assert caught.value.code == code, str(caught.value)
    assert caught.value.message
    assert world() == before


# When the shared ``case`` fixture is filed: a Friday; the next business day is Tue 14 Jul 2026
# (13 Jul is a holiday).
FILED_AT = at(2026, 7, 10, 9)


def ask(case: Case, org: Any, reason: str = "incomplete") -> Case:
    """Gestor A asks the petitioner to complete (or clarify) the case; the case as it is now."""
    case_request_information(case=case, actor=org.officer_a, reason=reason, message="Aclare")
    return reload(case)


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def last_event(case: Case) -> CaseEvent:
    event = CaseEvent.objects.filter(case_id=case.pk).order_by("-seq").first()
    assert event is not None
    return event


def events_of(case: Case) -> list[str]:
    return list(
        CaseEvent.objects.filter(case_id=case.pk).order_by("seq").values_list("kind", flat=True)
    )


_ORDER = [
    Status.FILED,
    Status.TRIAGED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.ANSWERED,
    Status.CLOSED,
]


def bring(case: Case, to: str, org: Any, *, assignee: User | None = None) -> Case:
    """Walk ``case`` forward along the main path to status ``to`` (area A, gestor A)."""
    target = _ORDER.index(Status(to))
    while _ORDER.index(Status(case.status)) < target:
        status = case.status
        if status == Status.FILED:
            case = case_triage(case=case, actor=org.lead_a, area=org.area_a)
        elif status == Status.TRIAGED:
            case = case_assign(case=case, actor=org.lead_a, assignee=assignee or org.officer_a)
        elif status == Status.ASSIGNED:
            case = case_start(case=case, actor=assignee or org.officer_a)
        elif status == Status.IN_PROGRESS:
            case_answer(case=case, actor=org.officer_a, body="Respuesta de fondo.")
            case = reload(case)
        elif status == Status.ANSWERED:
            case = case_close(case=case, actor=org.officer_a)
    return reload(case)
