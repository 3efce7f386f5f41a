"""Who may do what to a case. Services call ``require``; the desk hides what it refuses.

- administrador: everything;
- auditor (control interno): nothing that writes, reads everything;
- jefe de área: every action on the cases of the areas they lead or belong to, and triage of
  cases that have no area yet;
- gestor: the day-to-day work on the cases of their areas;
- radicador: files, and triages what is still unclassified.

A confidential case (a corruption denuncia, Ley 1474 de 2011 art. 76) may accuse anyone, so
the rules above give way to one: only the people of the area that receives confidential reports
act on it, each by their role's rule within that area (its lead also triages the ones that
arrived while no area was designated). Administrators, other leads and officers, and the
radicador do nothing on it; auditors read it.
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


def _areas_of(user: User) -> tuple[set[int], set[int]]:
    """The areas ``user`` belongs to or leads, and those of them that receive confidential
    reports; read once per user object (two queries)."""
    cached: tuple[set[int], set[int]] | None = getattr(user, "_pqrs_areas", None)
    if cached is None:
        rows = list(user.memberships.values_list("area_id", "area__receives_confidential"))
        rows += list(user.led_areas.values_list("id", "receives_confidential"))
        cached = (
            {area for area, _c in rows},
            {area for area, confidential in rows if confidential},
        )
        user._pqrs_areas = cached  # type: ignore[attr-defined]
    return cached


def area_ids_of(user: User) -> set[int]:
    return _areas_of(user)[0]


def confidential_area_ids_of(user: User) -> set[int]:
    """The areas of ``user`` that receive confidential reports (at most one is designated)."""
    return _areas_of(user)[1]


def leads_confidential_area(user: User) -> bool:
    return user.is_active and user.role == Role.AREA_LEAD and bool(confidential_area_ids_of(user))


def allows(user: User | None, action: Action, case: Case | None = None) -> bool:
    """``user=None`` is the system or the petitioner; services decide which steps take it."""
    if user is None or not user.is_active:
        return False
    if case is not None and case.is_confidential:
        return _allows_confidential(user, action, case)
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


def _allows_confidential(user: User, action: Action, case: Case) -> bool:
    if case.area_id is None:
        # Filed while no area received confidential reports: the designated area's lead takes it.
        return action == Action.TRIAGE and leads_confidential_area(user)
    if case.area_id not in area_ids_of(user):
        return False
    if user.role == Role.AREA_LEAD:
        return True
    if user.role == Role.OFFICER:
        return action in OFFICER_ACTIONS
    return False


def may_reveal_identity(user: User, case: Case) -> bool:
    """Whether ``user`` may ask to see the reporter of a confidential case (each reveal is
    logged with its reason): the people of the case's area who work it, and auditors."""
    if not (user.is_active and case.is_confidential and case.contact_id is not None):
        return False
    if user.role == Role.AUDITOR:
        return True
    return user.role in {Role.AREA_LEAD, Role.OFFICER} and case.area_id in area_ids_of(user)


def require(user: User | None, action: Action, case: Case | None = None) -> None:
    if not allows(user, action, case):
        raise DomainError(_("You are not allowed to do this on this case."), code="forbidden")
