"""Reads of cases. Every list, search, export and API endpoint starts from
``cases_visible_to`` so one rule decides what a person may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from pqrs.accounts.models import Role, User
from pqrs.core import clock
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import ClockState, Term, TermUnit, clock_state
from pqrs.deadlines.selectors import calendar_snapshot

from .models import Case
from .policies import area_ids_of


# Priority attention first (Ley 1755 art. 20), then the nearest due date; suspended cases (no
# due date while the petitioner is asked) after the running ones; oldest filing breaks ties.
QUEUE_ORDER = (F("priority").desc(), F("due_date").asc(nulls_last=True), F("received_at").asc())


def in_queue_order(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.order_by(*QUEUE_ORDER)


def cases_visible_to(user: User) -> QuerySet[Case]:
    cases = Case.objects.all()
    if not user.is_active:
        return cases.none()
    if user.is_superuser or user.role in {Role.ADMINISTRATOR, Role.AUDITOR}:
        return cases
    areas = area_ids_of(user)
    if user.role == Role.FILING_CLERK:
        return cases.filter(Q(created_by=user) | Q(area__isnull=True))
    if user.role == Role.AREA_LEAD:
        return cases.filter(Q(area_id__in=areas) | Q(area__isnull=True))
    return cases.filter(area_id__in=areas)


def case_clock(case: Case, today: dt.date | None = None) -> ClockState:
    """The clock of a case, recomputed from its projected fields (pure, no extra queries)."""
    snap = calendar_snapshot()
    stopped_on = None
    if case.clock_status == "stopped":
        moment = case.answered_at or case.closed_at or case.updated_at
        stopped_on = clock.local_date(moment) if moment else None
    return clock_state(
        received_on=case.received_on,
        term=Term(case.term_value, TermUnit(case.term_unit)),
        calendar=snap.calendar,
        policy=snap.policy,
        today=today or clock.today(),
        suspensions=[
            Suspension(dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None)
            for a, b in case.suspensions
        ],
        extension_days=case.extension_days,
        stopped_on=stopped_on,
    )
