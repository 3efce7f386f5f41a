"""How a case ends or continues: transfer (art. 21), answer, close, express withdrawal
(art. 18), merge into a duplicate, reopen as a new case; and internal notes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.core.limits import NAME_MAX_LENGTH, REASON_MAX_LENGTH
from pqrs.deadlines.clock import ClockStatus
from pqrs.deadlines.selectors import calendar_snapshot

from ...models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Communication,
    Status,
)
from ...policies import Action, require
from ..filing import (
    AlsoWrite,
    AttachmentData,
    ContactData,
    FilingResult,
    Submission,
    attachments_save,
    case_file,
)
from .base import (
    BEFORE_ANSWER,
    TRANSFER_WINDOW_DAYS,
    WORKABLE,
    atomic,
    communication,
    default_delivery,
    ended,
    lock,
    record,
    require_status,
    send_notice,
    text_for_petitioner,
    text_required,
    text_within,
)


# --- ways out -------------------------------------------------------------------------------
@atomic
def case_transfer(
    *, case: Case, actor: User, entity_name: str, reason: str, letter: str
) -> Communication:
    """Forward to the competent entity and copy the petitioner (Ley 1755 art. 21).

    A late transfer is still made (the petition must reach the competent entity), but the
    event records that the 5-day window was missed so reports show it.
    """
    case = lock(case)
    require(actor, Action.TRANSFER, case)
    require_status(case, BEFORE_ANSWER, _("transfer"))
    entity_name = text_required(entity_name, _("receiving entity"), limit=NAME_MAX_LENGTH)
    reason = text_required(reason, _("reason"), limit=REASON_MAX_LENGTH)
    letter = text_for_petitioner(letter, _("forwarding letter"))
    cal = calendar_snapshot().calendar
    deadline = (
        case.received_on
        if case.channel.is_verbal
        else cal.add_business_days(case.received_on, TRANSFER_WINDOW_DAYS)
    )
    letter_record = send_notice(
        case, kind=Communication.Kind.TRANSFER_LETTER, body=letter, actor=actor
    )
    record(
        case,
        kind=CaseEvent.Kind.TRANSFERRED,
        actor=actor,
        # The case leaves the entity: like every other way out it records when, so the clock
        # of a transferred case stops on that day (``selectors.case_clock``).
        changes=ended(Status.TRANSFERRED),
        data={
            "entity": entity_name,
            "reason": reason,
            "communication": letter_record.number,
            "deadline": deadline.isoformat(),
            "on_time": clock.today() <= deadline,
        },
    )
    return letter_record


@atomic
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
    case = lock(case)
    require(actor, Action.ANSWER, case)
    require_status(case, WORKABLE, _("answer"))
    body = text_for_petitioner(body, _("answer"))
    channel = delivery_channel or default_delivery(case)
    if channel not in Communication.DeliveryChannel.values:
        raise DomainError(_("Unknown delivery channel."), code="invalid_channel")
    now = clock.now()
    answer = communication(
        case,
        kind=Communication.Kind.ANSWER,
        body=body,
        actor=actor,
        delivery_channel=channel,
        delivered_at=delivered_at or now,
    )
    event = record(
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


@atomic
def case_close(*, case: Case, actor: User) -> Case:
    case = lock(case)
    require(actor, Action.CLOSE, case)
    require_status(case, {Status.ANSWERED}, _("close"))
    record(
        case,
        kind=CaseEvent.Kind.CLOSED,
        actor=actor,
        changes={"status": Status.CLOSED, "closed_at": clock.now()},
    )
    return case


@atomic
def case_withdraw(*, case: Case, reason: str = "", actor: User | None = None) -> Case:
    """Express withdrawal by the petitioner (art. 18); ``actor`` when staff record it."""
    case = lock(case)
    if actor is not None:
        require(actor, Action.WITHDRAW, case)
    require_status(case, OPEN_STATUSES, _("withdraw"))
    reason = text_within(reason.strip(), _("reason"), limit=REASON_MAX_LENGTH)
    record(
        case,
        kind=CaseEvent.Kind.WITHDRAWN,
        actor=actor,
        actor_label="" if actor else "petitioner",
        changes=ended(Status.WITHDRAWN),
        data={"reason": reason, "express": True},
    )
    return case


@atomic
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
    reason = text_required(reason, _("reason"), limit=REASON_MAX_LENGTH)
    require_status(case, OPEN_STATUSES, _("merge"))
    if into.status not in OPEN_STATUSES:
        raise DomainError(_("The target case is no longer open."), code="invalid_status")
    if case.is_confidential != into.is_confidential:
        # The answer goes out on the target: a confidential report must not be carried by a
        # case others can read, nor an ordinary case disappear into one only a few can.
        raise DomainError(
            _("A confidential report can only be merged with another confidential report."),
            code="confidential_merge",
        )
    record(
        case,
        kind=CaseEvent.Kind.MERGED,
        actor=actor,
        changes={**ended(Status.MERGED), "merged_into_id": into.pk},
        data={"into": into.filing_number, "reason": reason},
    )
    record(
        into,
        kind=CaseEvent.Kind.MERGE_RECEIVED,
        actor=actor,
        data={"from": case.filing_number, "reason": reason},
        is_public=False,
    )
    return case


def case_reopen(
    *,
    case: Case,
    actor: User,
    reason: str,
    text: str = "",
    also_write: AlsoWrite | None = None,
) -> FilingResult:
    """A closed case is never edited: it continues as a new, linked case, with its own copy
    of the petitioner's snapshot (the same person).

    The petitioner follows the continuation with the tracking code they already have: it takes
    the parent's code hash, so no new code exists that nobody would receive, and the result
    carries none. ``also_write`` runs in the same transaction with the new case and an empty
    code (the desk owes its receipt by e-mail there)."""
    with transaction.atomic():
        case = lock(case)
        require(actor, Action.REOPEN, case)
        require_status(case, {Status.CLOSED}, _("reopen"))
        reason = text_required(reason, _("reason"), limit=REASON_MAX_LENGTH)
        result = case_file(
            submission=Submission(
                case_type_code=case.case_type.code,
                channel_code=case.channel.code,
                subject=case.subject,
                text=text.strip() or reason,
                contact=ContactData.from_contact(case.contact) if case.contact else None,
                topic_code=case.topic.code if case.topic else None,
                parent=case,
            ),
            actor=actor,
            also_write=(lambda new, _code: also_write(new, "")) if also_write else None,
        )
        new = result.case
        new.tracking_code_hash = case.tracking_code_hash
        Case.objects.filter(pk=new.pk).update(tracking_code_hash=case.tracking_code_hash)
        # The area that handled the case takes the continuation, already triaged, whether or
        # not the topic's default area put the new case there at filing.
        if case.area_id:
            record(
                new,
                kind=CaseEvent.Kind.TRIAGED,
                actor=actor,
                changes={"area_id": case.area_id, "status": Status.TRIAGED},
                is_public=False,
            )
        record(
            case,
            kind=CaseEvent.Kind.REOPENED,
            actor=actor,
            data={"new_case": new.filing_number, "reason": reason},
        )
    return FilingResult(case=new, tracking_code=None, created=True)


@atomic
def case_add_note(*, case: Case, actor: User, text: str) -> CaseEvent:
    """An internal note: never shown to the petitioner."""
    case = lock(case)
    require(actor, Action.NOTE, case)
    text = text_required(text, _("note"))
    return record(case, kind=CaseEvent.Kind.NOTE, actor=actor, data={"text": text}, is_public=False)
