"""Who may do what to a case. Services call ``require``; the desk hides what it refuses.

- administrador: everything;
- auditor (control interno): nothing that writes, reads everything;
- jefe de área: every action on the cases of the areas they lead or belong to, and triage of
  cases that have no area yet;
- gestor: the day-to-day work on the cases of their areas;
- radicador: files, and triages what is still unclassified.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext as _

from pqrs.accounts.models import Role, User
from pqrs.core.errors import DomainError

from .models import Case


class Action(enum.StrEnum):
    FILE = "file"
    TRIAGE = "triage"
    ASSIGN = "assign"
    START = "start"
    MOVE = "move"
    REQUEST_INFO = "request_info"
    RECORD_REPLY = "record_reply"
    EXTEND = "extend"
    TRANSFER = "transfer"
    ANSWER = "answer"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    TACIT_WITHDRAW = "tacit_withdraw"
    ARCHIVE = "archive"
    MERGE = "merge"
    REOPEN = "reopen"
    NOTE = "note"


OFFICER_ACTIONS = frozenset(
    {
        Action.START,
        Action.REQUEST_INFO,
        Action.RECORD_REPLY,
        Action.ANSWER,
        Action.CLOSE,
        Action.WITHDRAW,
        Action.TACIT_WITHDRAW,
        Action.ARCHIVE,
        Action.NOTE,
    }
)
LEAD_ACTIONS = frozenset(Action)


def area_ids_of(user: User) -> set[int]:
    cached: set[int] | None = getattr(user, "_pqrs_area_ids", None)
    if cached is None:
        cached = set(user.memberships.values_list("area_id", flat=True))
        cached |= set(user.led_areas.values_list("id", flat=True))
        user._pqrs_area_ids = cached  # type: ignore[attr-defined]
    return cached


def allows(user: User | None, action: Action, case: Case | None = None) -> bool:
    """``user=None`` is the system or the petitioner; services decide which steps take it."""
    if user is None or not user.is_active:
        return False
    role = user.role
    if role == Role.ADMINISTRATOR or user.is_superuser:
        return True
    if role == Role.AUDITOR:
        return False
    if action == Action.FILE:
        return role in {Role.FILING_CLERK, Role.AREA_LEAD, Role.OFFICER}
    if case is None:
        return False
    in_scope = case.area_id is not None and case.area_id in area_ids_of(user)
    if role == Role.FILING_CLERK:
        return action == Action.TRIAGE and case.area_id is None
    if role == Role.AREA_LEAD:
        return in_scope or (case.area_id is None and action in {Action.TRIAGE, Action.ASSIGN})
    if role == Role.OFFICER:
        return in_scope and action in OFFICER_ACTIONS
    return False


def require(user: User | None, action: Action, case: Case | None = None) -> None:
    if not allows(user, action, case):
        raise DomainError(_("You are not allowed to do this on this case."), code="forbidden")
