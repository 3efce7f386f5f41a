"""What every lifecycle step shares: the row lock, the state check, the event with the fields
before and after, outgoing numbered communications, and the legal windows (Ley 1755).

Each step locks the case row, checks who acts and from which state, changes the row and
appends one event, in one transaction. Refusals raise ``DomainError`` before anything is
written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.core.limits import TEXT_MAX_LENGTH
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date
from pqrs.deadlines.selectors import calendar_snapshot

from ...models import (
    RUNNING_STATUSES,
    Case,
    CaseEvent,
    Communication,
    NumberSeries,
    Status,
)
from ...placeholders import require_filled
from ...projection import to_json
from ..numbering import next_number

P = ParamSpec("P")
R = TypeVar("R")

# Ley 1755 art. 17: the authority asks to complete a request within 10 days of filing and
# gives the petitioner one (calendar) month; both are the case type's data
# (``CaseType.completion_*``), since habeas-data reclamos differ (Ley 1581 art. 15). Art. 19: an
# unclear request is returned for clarification, here within the same 10 days, and the
# petitioner has 10 days to clarify. Art. 21: transfer for lack of competence within 5 days.
INFO_REQUEST_WINDOW_DAYS = 10
UNCLEAR_REPLY_DAYS = 10
TRANSFER_WINDOW_DAYS = 5

WORKABLE = frozenset({Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS})
BEFORE_ANSWER = RUNNING_STATUSES  # filed or being worked on


# --- shared machinery -----------------------------------------------------------------------
def atomic(func: Callable[P, R]) -> Callable[P, R]:
    return transaction.atomic(func)


def lock(case: Case) -> Case:
    """Re-read the case under a row lock: concurrent changes to one case queue up."""
    return Case.objects.select_for_update().get(pk=case.pk)


def require_status(case: Case, allowed: Collection[str], action: str) -> None:
    if case.status not in allowed:
        raise DomainError(
            _("Cannot %(action)s a case in status “%(status)s”.")
            % {"action": action, "status": Status(case.status).label},
            code="invalid_status",
        )


def to_suspensions(pairs: list[list[str | None]]) -> list[Suspension]:
    return [
        Suspension(dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None)
        for start, end in pairs
        if start is not None
    ]


def due(
    case: Case,
    *,
    term: Term | None = None,
    suspensions: list[list[str | None]] | None = None,
    extension_days: int | None = None,
) -> dt.date | None:
    """The due date of ``case``, or of ``case`` with a changed term, suspensions or extension.

    The overrides exist so a service can compute the new date without first writing the new
    values on the case: ``record`` reads the "before" side of the event from the case.
    """
    cal = calendar_snapshot().calendar
    term = term or Term(case.term_value, TermUnit(case.term_unit))
    stops = to_suspensions(case.suspensions if suspensions is None else suspensions)
    extra = case.extension_days if extension_days is None else extension_days
    return due_date(case.received_on, term, cal, stops, extra)


def ended(status: str) -> dict[str, Any]:
    """The changes that end a case without an answer: the status, and the clock stops."""
    return {"status": status, "clock_status": ClockStatus.STOPPED.value, "closed_at": clock.now()}


def record(
    case: Case,
    *,
    kind: str,
    actor: User | None,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    is_public: bool = True,
    actor_label: str = "",
) -> CaseEvent:
    changes = changes or {}
    before = {name: to_json(getattr(case, name)) for name in changes}
    for name, value in changes.items():
        setattr(case, name, value)
    after = {name: to_json(getattr(case, name)) for name in changes}
    case.last_event_seq += 1
    case.save(update_fields=[*changes, "last_event_seq", "updated_at"])
    return CaseEvent.objects.create(
        case=case,
        seq=case.last_event_seq,
        kind=kind,
        at=clock.now(),
        actor=actor,
        actor_label=actor_label or ("" if actor else "system"),
        before=before,
        after=after,
        data=data or {},
        is_public=is_public,
    )


def communication(
    case: Case,
    *,
    kind: str,
    body: str,
    actor: User | None,
    delivery_channel: str,
    delivered_at: dt.datetime | None = None,
) -> Communication:
    now = clock.now()
    number = next_number(series_code=NumberSeries.OUTGOING, year=clock.local_date(now).year)
    return Communication.objects.create(
        case=case,
        kind=kind,
        number=number.text,
        number_year=number.year,
        number_sequence=number.sequence,
        body=body,
        recipient=case.contact.full_name if case.contact else "",
        delivery_channel=delivery_channel,
        created_at=now,
        delivered_at=delivered_at,
        created_by=actor,
    )


def send_notice(case: Case, *, kind: str, body: str, actor: User | None) -> Communication:
    """A numbered notice to the petitioner by the usual channel, sent as it is recorded
    (information request, extension notice, forwarding letter)."""
    return communication(
        case,
        kind=kind,
        body=body,
        actor=actor,
        delivery_channel=default_delivery(case),
        delivered_at=clock.now(),
    )


def default_delivery(case: Case) -> str:
    if case.answer_channel:
        return case.answer_channel
    if case.contact and case.contact.email:
        return Communication.DeliveryChannel.EMAIL
    return Communication.DeliveryChannel.PORTAL


def text_required(value: str, field: str, *, limit: int = TEXT_MAX_LENGTH) -> str:
    value = value.strip()
    if not value:
        raise DomainError(_("Fill in the field “%(field)s”.") % {"field": field}, code="required")
    return text_within(value, field, limit=limit)


def text_within(value: str, field: str, *, limit: int) -> str:
    """``value`` if it is at most ``limit`` characters long (``pqrs.core.limits``)."""
    if len(value) > limit:
        raise DomainError(
            _("The field “%(field)s” takes at most %(limit)s characters; it has %(length)s.")
            % {"field": field, "limit": limit, "length": len(value)},
            code="too_long",
        )
    return value


def text_for_petitioner(value: str, field: str) -> str:
    """Text that goes to the petitioner: required, within the limit, and with no template
    placeholder left in it (``pqrs.cases.placeholders``)."""
    value = text_required(value, field)
    require_filled(value)
    return value
