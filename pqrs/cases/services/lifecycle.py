"""The lifecycle of a case after filing (design.md, "Case lifecycle"; legal-rules.md §1).

Each function locks the case row, checks who acts and from which state, changes the row and
appends one event with the fields before and after, in one transaction. Refusals raise
``DomainError`` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import Area, Role, User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date
from pqrs.deadlines.selectors import calendar_snapshot

from ..models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseType,
    Communication,
    InfoRequestReason,
    LegalPriority,
    NumberSeries,
    Priority,
    Status,
    Topic,
)
from ..policies import Action, area_ids_of, require
from ..projection import to_json
from .filing import AttachmentData, FilingResult, Submission, attachments_save, case_file
from .numbering import next_number

P = ParamSpec("P")
R = TypeVar("R")

# Ley 1755 art. 17: the authority asks to complete a request within 10 days of filing and
# gives the petitioner one (calendar) month. Art. 19: an unclear request is returned for
# clarification within 10 days. Art. 21: transfer for lack of competence within 5 days.
INFO_REQUEST_WINDOW_DAYS = 10
INCOMPLETE_REPLY_MONTHS = 1
UNCLEAR_REPLY_DAYS = 10
TRANSFER_WINDOW_DAYS = 5

WORKABLE = frozenset({Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS})
BEFORE_ANSWER = frozenset({Status.FILED, *WORKABLE})
STOPPED = frozenset(
    {
        Status.ANSWERED,
        Status.CLOSED,
        Status.TRANSFERRED,
        Status.WITHDRAWN,
        Status.ARCHIVED,
        Status.MERGED,
    }
)


# --- shared machinery -----------------------------------------------------------------------
def _atomic(func: Callable[P, R]) -> Callable[P, R]:
    return transaction.atomic(func)


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock: concurrent changes to one case queue up."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _require_status(case: Case, allowed: Collection[str], action: str) -> None:
    if case.status not in allowed:
        raise DomainError(
            _("Cannot %(action)s a case in status “%(status)s”.")
            % {"action": action, "status": Status(case.status).label},
            code="invalid_status",
        )


def _suspensions(pairs: list[list[str | None]]) -> list[Suspension]:
    return [
        Suspension(dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None)
        for start, end in pairs
        if start is not None
    ]


def _due(
    case: Case,
    *,
    term: Term | None = None,
    suspensions: list[list[str | None]] | None = None,
    extension_days: int | None = None,
) -> dt.date | None:
    """The due date of ``case``, or of ``case`` with a changed term, suspensions or extension.

    The overrides exist so a service can compute the new date without first writing the new
    values on the case: ``_record`` reads the "before" side of the event from the case.
    """
    cal = calendar_snapshot().calendar
    term = term or Term(case.term_value, TermUnit(case.term_unit))
    stops = _suspensions(case.suspensions if suspensions is None else suspensions)
    extra = case.extension_days if extension_days is None else extension_days
    return due_date(case.received_on, term, cal, stops, extra)


def _record(
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


def _communication(
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


def _default_delivery(case: Case) -> str:
    if case.answer_channel:
        return case.answer_channel
    if case.contact and case.contact.email:
        return Communication.DeliveryChannel.EMAIL
    return Communication.DeliveryChannel.PORTAL


def _text_required(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(_("Fill in the field “%(field)s”.") % {"field": field}, code="required")
    return value


# --- triage, assignment, areas -----------------------------------------------------------------
@_atomic
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
    """Confirm type, topic, area and priority. A new type brings its own term (art. 14)."""
    case = _lock(case)
    require(actor, Action.TRIAGE, case)
    _require_status(case, BEFORE_ANSWER, _("triage"))
    changes: dict[str, Any] = {}
    if case_type is not None and case_type.pk != case.case_type_id:
        if not case_type.is_active:
            raise DomainError(_("That case type is not active."), code="inactive_type")
        changes |= {
            "case_type_id": case_type.pk,
            "term_value": case_type.term_value,
            "term_unit": case_type.term_unit,
        }
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
        changes["due_date"] = _due(
            case, term=Term(changes["term_value"], TermUnit(changes["term_unit"]))
        )
    _record(case, kind=CaseEvent.Kind.TRIAGED, actor=actor, changes=changes, is_public=False)
    return case


@_atomic
def case_assign(*, case: Case, actor: User, assignee: User) -> Case:
    case = _lock(case)
    require(actor, Action.ASSIGN, case)
    _require_status(case, WORKABLE, _("assign"))
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
    _record(
        case,
        kind=CaseEvent.Kind.ASSIGNED,
        actor=actor,
        changes={"assignee_id": assignee.pk, "status": Status.ASSIGNED},
        is_public=False,
    )
    return case


@_atomic
def case_start(*, case: Case, actor: User) -> Case:
    case = _lock(case)
    require(actor, Action.START, case)
    _require_status(case, {Status.ASSIGNED}, _("start work on"))
    if actor.role == Role.OFFICER and case.assignee_id != actor.pk:
        raise DomainError(_("Only the assignee can start work on this case."), code="not_assignee")
    _record(case, kind=CaseEvent.Kind.STARTED, actor=actor, changes={"status": Status.IN_PROGRESS})
    return case


@_atomic
def case_move(*, case: Case, actor: User, area: Area, reason: str) -> Case:
    """Send the case to another area of the same entity (not a transfer, which is external)."""
    case = _lock(case)
    require(actor, Action.MOVE, case)
    _require_status(case, BEFORE_ANSWER, _("move"))
    reason = _text_required(reason, _("reason"))
    if area.pk == case.area_id:
        raise DomainError(_("The case is already in that area."), code="no_change")
    if not area.is_active:
        raise DomainError(_("That area is not active."), code="inactive_area")
    _record(
        case,
        kind=CaseEvent.Kind.MOVED,
        actor=actor,
        changes={"area_id": area.pk, "assignee_id": None, "status": Status.TRIAGED},
        data={"reason": reason},
        is_public=False,
    )
    return case


# --- the petitioner -------------------------------------------------------------------------
@_atomic
def case_request_information(
    *, case: Case, actor: User, reason: str, message: str
) -> Communication:
    """Ask the petitioner to complete (art. 17) or clarify (art. 19); the clock stops."""
    case = _lock(case)
    require(actor, Action.REQUEST_INFO, case)
    _require_status(case, WORKABLE, _("request information on"))
    if reason not in InfoRequestReason.values:
        raise DomainError(_("Unknown reason for the request."), code="invalid_reason")
    message = _text_required(message, _("message"))
    cal = calendar_snapshot().calendar
    today = clock.today()
    # "Dentro de los diez (10) días siguientes a la fecha de radicación" (art. 17): counted
    # from filing, so time spent waiting on an earlier request does not reopen the window.
    elapsed = cal.business_days_between(case.received_on, today)
    if elapsed > INFO_REQUEST_WINDOW_DAYS:
        raise DomainError(
            _(
                "The petitioner can only be asked to complete the request within %(days)s "
                "business days of filing (Ley 1755 art. 17); %(elapsed)s have passed."
            )
            % {"days": INFO_REQUEST_WINDOW_DAYS, "elapsed": elapsed},
            code="too_late",
        )
    if reason == InfoRequestReason.INCOMPLETE:
        reply_due = cal.add_months(today, INCOMPLETE_REPLY_MONTHS)
    else:
        reply_due = cal.add_business_days(today, UNCLEAR_REPLY_DAYS)
    notice = _communication(
        case,
        kind=Communication.Kind.INFO_REQUEST,
        body=message,
        actor=actor,
        delivery_channel=_default_delivery(case),
        delivered_at=clock.now(),
    )
    _record(
        case,
        kind=CaseEvent.Kind.INFO_REQUESTED,
        actor=actor,
        changes={
            "status": Status.WAITING_PETITIONER,
            "clock_status": ClockStatus.SUSPENDED.value,
            "suspensions": [*case.suspensions, [today.isoformat(), None]],
            "due_date": None,
            "info_request_reason": reason,
            "info_request_due": reply_due,
        },
        data={"message": message, "communication": notice.number, "previous_status": case.status},
    )
    return notice


@_atomic
def case_petitioner_reply(
    *,
    case: Case,
    text: str,
    attachments: tuple[AttachmentData, ...] = (),
    actor: User | None = None,
) -> Case:
    """The petitioner answers (from the tracking page, or staff record a reply on paper).
    The clock resumes the day after the reply."""
    case = _lock(case)
    if actor is not None:
        require(actor, Action.RECORD_REPLY, case)
    _require_status(case, {Status.WAITING_PETITIONER}, _("record a reply on"))
    text = _text_required(text, _("reply"))
    today = clock.today()
    suspensions = [list(pair) for pair in case.suspensions]
    suspensions[-1][1] = today.isoformat()
    previous = (
        case.events.filter(kind=CaseEvent.Kind.INFO_REQUESTED)
        .order_by("-seq")
        .values_list("data__previous_status", flat=True)
        .first()
    )
    event = _record(
        case,
        kind=CaseEvent.Kind.PETITIONER_REPLIED,
        actor=actor,
        actor_label="" if actor else "petitioner",
        changes={
            "status": previous or Status.IN_PROGRESS,
            "clock_status": ClockStatus.RUNNING.value,
            "suspensions": suspensions,
            "due_date": _due(case, suspensions=suspensions),
            "info_request_reason": "",
            "info_request_due": None,
        },
        data={"text": text},
    )
    attachments_save(case=case, event=event, items=attachments, actor=actor)
    return case


# --- the term -------------------------------------------------------------------------------
@_atomic
def case_extend(*, case: Case, actor: User, days: int, reasons: str) -> Communication:
    """One extension, before the term runs out, with reasons, at most doubling the term
    (Ley 1755 art. 14 parágrafo). The notice to the petitioner gets an outgoing number."""
    case = _lock(case)
    require(actor, Action.EXTEND, case)
    _require_status(case, BEFORE_ANSWER, _("extend"))
    reasons = _text_required(reasons, _("reasons"))
    if case.extension_days:
        raise DomainError(
            _("The term of this case was already extended once."), code="already_extended"
        )
    if case.due_date is None or clock.today() > case.due_date:
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
    new_due = _due(case, extension_days=days)
    notice = _communication(
        case,
        kind=Communication.Kind.EXTENSION_NOTICE,
        body=reasons,
        actor=actor,
        delivery_channel=_default_delivery(case),
        delivered_at=clock.now(),
    )
    _record(
        case,
        kind=CaseEvent.Kind.EXTENDED,
        actor=actor,
        changes={"extension_days": days, "due_date": new_due},
        data={"reasons": reasons, "communication": notice.number},
    )
    return notice


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


# --- ways out -------------------------------------------------------------------------------
@_atomic
def case_transfer(
    *, case: Case, actor: User, entity_name: str, reason: str, letter: str
) -> Communication:
    """Forward to the competent entity and copy the petitioner (Ley 1755 art. 21).

    A late transfer is still made (the petition must reach the competent entity), but the
    event records that the 5-day window was missed so reports show it.
    """
    case = _lock(case)
    require(actor, Action.TRANSFER, case)
    _require_status(case, BEFORE_ANSWER, _("transfer"))
    entity_name = _text_required(entity_name, _("receiving entity"))
    reason = _text_required(reason, _("reason"))
    letter = _text_required(letter, _("forwarding letter"))
    cal = calendar_snapshot().calendar
    deadline = (
        case.received_on
        if case.channel.is_verbal
        else cal.add_business_days(case.received_on, TRANSFER_WINDOW_DAYS)
    )
    letter_record = _communication(
        case,
        kind=Communication.Kind.TRANSFER_LETTER,
        body=letter,
        actor=actor,
        delivery_channel=_default_delivery(case),
        delivered_at=clock.now(),
    )
    _record(
        case,
        kind=CaseEvent.Kind.TRANSFERRED,
        actor=actor,
        # The case leaves the entity: like every other way out it records when, so the clock
        # of a transferred case stops on that day (``selectors.case_clock``).
        changes={
            "status": Status.TRANSFERRED,
            "clock_status": ClockStatus.STOPPED.value,
            "closed_at": clock.now(),
        },
        data={
            "entity": entity_name,
            "reason": reason,
            "communication": letter_record.number,
            "deadline": deadline.isoformat(),
            "on_time": clock.today() <= deadline,
        },
    )
    return letter_record


@_atomic
def case_answer(
    *,
    case: Case,
    actor: User,
    body: str,
    delivery_channel: str | None = None,
    attachments: tuple[AttachmentData, ...] = (),
    delivered_at: dt.datetime | None = None,
) -> Communication:
    """The respuesta de fondo, with its outgoing number and the record of its delivery."""
    case = _lock(case)
    require(actor, Action.ANSWER, case)
    _require_status(case, WORKABLE, _("answer"))
    body = _text_required(body, _("answer"))
    channel = delivery_channel or _default_delivery(case)
    if channel not in Communication.DeliveryChannel.values:
        raise DomainError(_("Unknown delivery channel."), code="invalid_channel")
    now = clock.now()
    answer = _communication(
        case,
        kind=Communication.Kind.ANSWER,
        body=body,
        actor=actor,
        delivery_channel=channel,
        delivered_at=delivered_at or now,
    )
    event = _record(
        case,
        kind=CaseEvent.Kind.ANSWERED,
        actor=actor,
        changes={
            "status": Status.ANSWERED,
            "clock_status": ClockStatus.STOPPED.value,
            "answered_at": now,
        },
        data={
            "communication": answer.number,
            "delivery_channel": channel,
            "on_time": case.due_date is not None and clock.today() <= case.due_date,
        },
    )
    attachments_save(case=case, event=event, items=attachments, actor=actor)
    return answer


@_atomic
def case_close(*, case: Case, actor: User) -> Case:
    case = _lock(case)
    require(actor, Action.CLOSE, case)
    _require_status(case, {Status.ANSWERED}, _("close"))
    _record(
        case,
        kind=CaseEvent.Kind.CLOSED,
        actor=actor,
        changes={"status": Status.CLOSED, "closed_at": clock.now()},
    )
    return case


@_atomic
def case_withdraw(*, case: Case, reason: str = "", actor: User | None = None) -> Case:
    """Express withdrawal by the petitioner (art. 18); ``actor`` when staff record it."""
    case = _lock(case)
    if actor is not None:
        require(actor, Action.WITHDRAW, case)
    _require_status(case, OPEN_STATUSES, _("withdraw"))
    _record(
        case,
        kind=CaseEvent.Kind.WITHDRAWN,
        actor=actor,
        actor_label="" if actor else "petitioner",
        changes={
            "status": Status.WITHDRAWN,
            "clock_status": ClockStatus.STOPPED.value,
            "closed_at": clock.now(),
        },
        data={"reason": reason.strip(), "express": True},
    )
    return case


def _lapsed_request(case: Case, reason: str, action: str) -> None:
    _require_status(case, {Status.WAITING_PETITIONER}, action)
    if case.info_request_reason != reason:
        raise DomainError(
            _("The case is not waiting for that kind of reply."), code="invalid_reason"
        )
    if case.info_request_due is None or clock.today() <= case.info_request_due:
        raise DomainError(
            _("The petitioner still has time to reply (until %(date)s).")
            % {"date": case.info_request_due},
            code="too_early",
        )


@_atomic
def case_tacit_withdraw(*, case: Case, actor: User | None = None) -> Case:
    """The month to complete the request passed with no reply (art. 17)."""
    case = _lock(case)
    if actor is not None:
        require(actor, Action.TACIT_WITHDRAW, case)
    _lapsed_request(case, InfoRequestReason.INCOMPLETE, _("declare tacit withdrawal of"))
    _record(
        case,
        kind=CaseEvent.Kind.TACITLY_WITHDRAWN,
        actor=actor,
        changes={
            "status": Status.WITHDRAWN,
            "clock_status": ClockStatus.STOPPED.value,
            "closed_at": clock.now(),
        },
        data={"reply_due": to_json(case.info_request_due)},
    )
    return case


@_atomic
def case_archive(*, case: Case, actor: User) -> Case:
    """An unclear request not clarified in 10 days is archived (art. 19)."""
    case = _lock(case)
    require(actor, Action.ARCHIVE, case)
    _lapsed_request(case, InfoRequestReason.UNCLEAR, _("archive"))
    _record(
        case,
        kind=CaseEvent.Kind.ARCHIVED,
        actor=actor,
        changes={
            "status": Status.ARCHIVED,
            "clock_status": ClockStatus.STOPPED.value,
            "closed_at": clock.now(),
        },
        data={"reply_due": to_json(case.info_request_due)},
    )
    return case


@_atomic
def case_merge(*, case: Case, actor: User, into: Case, reason: str) -> Case:
    """A duplicate joins the case that will carry the answer."""
    if case.pk == into.pk:
        raise DomainError(_("A case cannot be merged into itself."), code="same_case")
    # Lock both rows in id order so two opposite merges cannot deadlock.
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update().filter(pk__in=[case.pk, into.pk]).order_by("pk")
    }
    case, into = locked[case.pk], locked[into.pk]
    require(actor, Action.MERGE, case)
    require(actor, Action.MERGE, into)
    reason = _text_required(reason, _("reason"))
    _require_status(case, OPEN_STATUSES, _("merge"))
    if into.status not in OPEN_STATUSES:
        raise DomainError(_("The target case is no longer open."), code="invalid_status")
    _record(
        case,
        kind=CaseEvent.Kind.MERGED,
        actor=actor,
        changes={
            "status": Status.MERGED,
            "merged_into_id": into.pk,
            "clock_status": ClockStatus.STOPPED.value,
            "closed_at": clock.now(),
        },
        data={"into": into.filing_number, "reason": reason},
    )
    _record(
        into,
        kind=CaseEvent.Kind.MERGE_RECEIVED,
        actor=actor,
        data={"from": case.filing_number, "reason": reason},
        is_public=False,
    )
    return case


def case_reopen(*, case: Case, actor: User, reason: str, text: str = "") -> FilingResult:
    """A closed case is never edited: it continues as a new, linked case."""
    with transaction.atomic():
        case = _lock(case)
        require(actor, Action.REOPEN, case)
        _require_status(case, {Status.CLOSED}, _("reopen"))
        reason = _text_required(reason, _("reason"))
        result = case_file(
            submission=Submission(
                case_type_code=case.case_type.code,
                channel_code=case.channel.code,
                subject=case.subject,
                text=text.strip() or reason,
                contact=None,
                existing_contact=case.contact,
                topic_code=case.topic.code if case.topic else None,
                parent=case,
            ),
            actor=actor,
        )
        new = result.case
        # The area that handled the case takes the continuation, already triaged, whether or
        # not the topic's default area put the new case there at filing.
        if case.area_id:
            _record(
                new,
                kind=CaseEvent.Kind.TRIAGED,
                actor=actor,
                changes={"area_id": case.area_id, "status": Status.TRIAGED},
                is_public=False,
            )
        _record(
            case,
            kind=CaseEvent.Kind.REOPENED,
            actor=actor,
            data={"new_case": new.filing_number, "reason": reason},
        )
    return result


@_atomic
def case_add_note(*, case: Case, actor: User, text: str) -> CaseEvent:
    """An internal note: never shown to the petitioner."""
    case = _lock(case)
    require(actor, Action.NOTE, case)
    text = _text_required(text, _("note"))
    return _record(
        case, kind=CaseEvent.Kind.NOTE, actor=actor, data={"text": text}, is_public=False
    )
