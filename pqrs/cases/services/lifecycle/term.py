"""The one extension of the term (Ley 1755 art. 14 parágrafo)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.deadlines.clock import TermUnit
from pqrs.deadlines.selectors import calendar_snapshot

from ...models import (
    Case,
    CaseEvent,
    Communication,
)
from ...policies import Action, require
from .base import (
    BEFORE_ANSWER,
    atomic,
    due,
    lock,
    record,
    require_status,
    send_notice,
    text_for_petitioner,
)


# --- the term -------------------------------------------------------------------------------
@atomic
def case_extend(*, case: Case, actor: User, days: int, reasons: str) -> Communication:
    """One extension, before the term runs out, with reasons, at most doubling the term
    (Ley 1755 art. 14 parágrafo). The notice to the petitioner gets an outgoing number."""
    case = lock(case)
    require(actor, Action.EXTEND, case)
    require_status(case, BEFORE_ANSWER, _("extend"))
    reasons = text_for_petitioner(reasons, _("reasons"))
    if case.extension_days:
        raise DomainError(
            _("The term of this case was already extended once."), code="already_extended"
        )
    if not extension_possible(case):
        raise DomainError(
            _("The term can only be extended before it expires (Ley 1755 art. 14 parágrafo)."),
            code="too_late",
        )
    cap = _extension_cap(case)
    if not 1 <= days <= cap:
        raise DomainError(
            _("The extension must be between 1 and %(cap)s business days.") % {"cap": cap},
            code="invalid_extension",
        )
    new_due = due(case, extension_days=days)
    notice = send_notice(case, kind=Communication.Kind.EXTENSION_NOTICE, body=reasons, actor=actor)
    record(
        case,
        kind=CaseEvent.Kind.EXTENDED,
        actor=actor,
        changes={"extension_days": days, "due_date": new_due},
        data={"reasons": reasons, "communication": notice.number},
    )
    return notice


def extension_possible(case: Case) -> bool:
    """Whether the term may still be extended: once, and before it expires (art. 14
    parágrafo). What ``case_extend`` checks about the term, for the screens that offer it."""
    return not case.extension_days and case.due_date is not None and clock.today() <= case.due_date


def _extension_cap(case: Case) -> int:
    """Business days an extension may add: the type's own cap, else the original term again,
    so the total is at most double (conservative reading of art. 14 parágrafo)."""
    if case.case_type.extension_max_days is not None:
        return case.case_type.extension_max_days
    if case.term_unit == TermUnit.BUSINESS_DAYS:
        return case.term_value
    cal = calendar_snapshot().calendar
    return cal.business_days_between(
        case.received_on, cal.add_months(case.received_on, case.term_value)
    )
