"""Triage, assignment and moves between areas: where a case goes and who works it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pqrs.accounts.models import Area, Role, User
from pqrs.accounts.selectors import confidential_area
from pqrs.core.errors import DomainError
from pqrs.core.limits import REASON_MAX_LENGTH
from pqrs.deadlines.clock import Term, TermUnit

from ...models import (
    Case,
    CaseEvent,
    CaseType,
    LegalPriority,
    Priority,
    Status,
    Topic,
)
from ...policies import Action, area_ids_of, require
from .base import (
    BEFORE_ANSWER,
    WORKABLE,
    atomic,
    due,
    lock,
    record,
    require_status,
    text_required,
)


# --- triage, assignment, areas -----------------------------------------------------------------
@atomic
def case_triage(
    *,
    case: Case,
    actor: User,
    case_type: CaseType | None = None,
    topic: Topic | None = None,
    area: Area | None = None,
    priority: int | None = None,
    legal_priority: str | None = None,
) -> Case:
    """Confirm type, topic, area and priority. A new type brings its own term (art. 14).

    A confidential type makes the case confidential for good and sends it to the area that
    receives confidential reports, whatever area was asked for; a confidential case stays in
    that area (``_confidential_destination``)."""
    case = lock(case)
    require(actor, Action.TRIAGE, case)
    require_status(case, BEFORE_ANSWER, _("triage"))
    changes: dict[str, Any] = {}
    if case_type is not None and case_type.pk != case.case_type_id:
        if not case_type.is_active:
            raise DomainError(_("That case type is not active."), code="inactive_type")
        changes |= {
            "case_type_id": case_type.pk,
            "term_value": case_type.term_value,
            "term_unit": case_type.term_unit,
        }
    confidential = case.is_confidential or bool(case_type and case_type.is_confidential)
    if confidential:
        area = _confidential_destination(case, area)
        if not case.is_confidential:
            changes["is_confidential"] = True
    if topic is not None and topic.pk != case.topic_id:
        changes["topic_id"] = topic.pk
        if area is None and topic.default_area_id and case.area_id is None:
            changes["area_id"] = topic.default_area_id
    if area is not None and area.pk != case.area_id:
        if not area.is_active:
            raise DomainError(_("That area is not active."), code="inactive_area")
        changes["area_id"] = area.pk
        changes["assignee_id"] = None
        # The assignee belonged to the old area: the case waits for the new area to assign it,
        # as after ``case_move``; "assigned" with nobody assigned would hide it from the queue.
        if case.status in {Status.ASSIGNED, Status.IN_PROGRESS}:
            changes["status"] = Status.TRIAGED
    if priority is not None and priority != case.priority:
        if priority not in Priority.values:
            raise DomainError(_("Unknown priority."), code="invalid_priority")
        changes["priority"] = priority
    if legal_priority is not None and legal_priority != case.legal_priority:
        if legal_priority not in LegalPriority.values:
            raise DomainError(_("Unknown priority attention reason."), code="invalid_priority")
        changes["legal_priority"] = legal_priority
        if legal_priority and changes.get("priority", case.priority) < Priority.URGENT:
            changes["priority"] = Priority.URGENT.value
    if changes.get("area_id", case.area_id) is None:
        raise DomainError(_("Choose the area responsible for the case."), code="area_required")
    if case.status == Status.FILED:
        changes["status"] = Status.TRIAGED
    if not changes:
        raise DomainError(_("Nothing to change."), code="no_change")
    if "term_value" in changes:
        changes["due_date"] = due(
            case, term=Term(changes["term_value"], TermUnit(changes["term_unit"]))
        )
    record(case, kind=CaseEvent.Kind.TRIAGED, actor=actor, changes=changes, is_public=False)
    return case


def _confidential_destination(case: Case, area: Area | None) -> Area | None:
    """Where a confidential case goes on triage: it stays in its area if that is the one asked
    for; otherwise only the designated area will do (a case that just became confidential goes
    there whatever was asked for). None keeps the current area."""
    if case.is_confidential and (area is None or area.pk == case.area_id) and case.area_id:
        return area
    home = confidential_area()
    if home is None:
        raise DomainError(
            _(
                "No area receives confidential reports: an administrator must designate one "
                "before this case can be triaged."
            ),
            code="no_confidential_area",
        )
    if case.is_confidential and area is not None and area.pk != home.pk:
        raise DomainError(
            _("A confidential report can only go to %(area)s, the area that receives them.")
            % {"area": home.name},
            code="confidential_area",
        )
    return home


@atomic
def case_assign(*, case: Case, actor: User, assignee: User) -> Case:
    case = lock(case)
    require(actor, Action.ASSIGN, case)
    require_status(case, WORKABLE, _("assign"))
    if case.area_id is None:
        raise DomainError(_("Choose the area responsible for the case."), code="area_required")
    if (
        not assignee.is_active
        or assignee.role not in {Role.OFFICER, Role.AREA_LEAD}
        or case.area_id not in area_ids_of(assignee)
    ):
        raise DomainError(
            _("The assignee must be an active officer of the case's area."), code="invalid_assignee"
        )
    if assignee.pk == case.assignee_id:
        raise DomainError(_("The case is already assigned to that person."), code="no_change")
    record(
        case,
        kind=CaseEvent.Kind.ASSIGNED,
        actor=actor,
        changes={"assignee_id": assignee.pk, "status": Status.ASSIGNED},
        is_public=False,
    )
    return case


@atomic
def case_start(*, case: Case, actor: User) -> Case:
    case = lock(case)
    require(actor, Action.START, case)
    require_status(case, {Status.ASSIGNED}, _("start work on"))
    if actor.role == Role.OFFICER and case.assignee_id != actor.pk:
        raise DomainError(_("Only the assignee can start work on this case."), code="not_assignee")
    record(case, kind=CaseEvent.Kind.STARTED, actor=actor, changes={"status": Status.IN_PROGRESS})
    return case


@atomic
def case_move(*, case: Case, actor: User, area: Area, reason: str) -> Case:
    """Send the case to another area of the same entity (not a transfer, which is external)."""
    case = lock(case)
    require(actor, Action.MOVE, case)
    require_status(case, BEFORE_ANSWER, _("move"))
    reason = text_required(reason, _("reason"), limit=REASON_MAX_LENGTH)
    if area.pk == case.area_id:
        raise DomainError(_("The case is already in that area."), code="no_change")
    if case.is_confidential and not area.receives_confidential:
        raise DomainError(
            _(
                "A confidential report can only be in the area that receives confidential "
                "reports; to send it outside the entity, transfer it."
            ),
            code="confidential_area",
        )
    if not area.is_active:
        raise DomainError(_("That area is not active."), code="inactive_area")
    record(
        case,
        kind=CaseEvent.Kind.MOVED,
        actor=actor,
        changes={"area_id": area.pk, "assignee_id": None, "status": Status.TRIAGED},
        data={"reason": reason},
        is_public=False,
    )
    return case
