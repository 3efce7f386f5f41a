"""Waiting for the petitioner: information requests (Ley 1755 art. 17, art. 19), the reply
that restarts the clock, and what happens when no reply comes (tacit withdrawal, archive)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.deadlines.clock import ClockStatus
from pqrs.deadlines.selectors import calendar_snapshot

from ...models import (
    Case,
    CaseEvent,
    Communication,
    InfoRequestReason,
    Status,
)
from ...policies import Action, require
from ...projection import to_json
from ..filing import AttachmentData, attachments_save
from ..quota import require_case_upload_room
from .base import (
    INFO_REQUEST_WINDOW_DAYS,
    UNCLEAR_REPLY_DAYS,
    WORKABLE,
    atomic,
    due,
    ended,
    lock,
    record,
    require_status,
    send_notice,
    text_for_petitioner,
    text_required,
)


# --- the petitioner -------------------------------------------------------------------------
@atomic
def case_request_information(
    *, case: Case, actor: User, reason: str, message: str
) -> Communication:
    """Ask the petitioner to complete (art. 17) or clarify (art. 19); the clock stops."""
    case = lock(case)
    require(actor, Action.REQUEST_INFO, case)
    require_status(case, WORKABLE, _("request information on"))
    if reason not in InfoRequestReason.values:
        raise DomainError(_("Unknown reason for the request."), code="invalid_reason")
    message = text_for_petitioner(message, _("message"))
    cal = calendar_snapshot().calendar
    today = clock.today()
    case_type = case.case_type
    # "Dentro de los diez (10) días siguientes a la fecha de radicación" (art. 17; five for a
    # habeas-data reclamo, Ley 1581 art. 15): counted from filing, so time spent waiting on an
    # earlier request does not reopen the window.
    window = (
        case_type.completion_request_days
        if reason == InfoRequestReason.INCOMPLETE
        else INFO_REQUEST_WINDOW_DAYS
    )
    elapsed = cal.business_days_between(case.received_on, today)
    if elapsed > window:
        raise DomainError(
            _(
                "The petitioner can only be asked to complete or clarify the request within "
                "%(days)s business days of filing (Ley 1755 arts. 17 and 19; Ley 1581 art. 15); "
                "%(elapsed)s have passed."
            )
            % {"days": window, "elapsed": elapsed},
            code="too_late",
        )
    if reason == InfoRequestReason.INCOMPLETE:
        reply_due = cal.add_months(today, case_type.completion_reply_months)
    else:
        reply_due = cal.add_business_days(today, UNCLEAR_REPLY_DAYS)
    notice = send_notice(case, kind=Communication.Kind.INFO_REQUEST, body=message, actor=actor)
    record(
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


@atomic
def case_petitioner_reply(
    *,
    case: Case,
    text: str,
    attachments: tuple[AttachmentData, ...] = (),
    actor: User | None = None,
) -> Case:
    """The petitioner answers (from the tracking page, or staff record a reply on paper).
    The clock resumes the day after the reply."""
    case = lock(case)
    if actor is not None:
        require(actor, Action.RECORD_REPLY, case)
    require_status(case, {Status.WAITING_PETITIONER}, _("record a reply on"))
    text = text_required(text, _("reply"))
    if actor is None:  # staff recording a reply on paper are not an anonymous upload
        require_case_upload_room(case=case, attachments=attachments)
    today = clock.today()
    suspensions = [list(pair) for pair in case.suspensions]
    suspensions[-1][1] = today.isoformat()
    previous = (
        case.events.filter(kind=CaseEvent.Kind.INFO_REQUESTED)
        .order_by("-seq")
        .values_list("data__previous_status", flat=True)
        .first()
    )
    event = record(
        case,
        kind=CaseEvent.Kind.PETITIONER_REPLIED,
        actor=actor,
        actor_label="" if actor else "petitioner",
        changes={
            "status": previous or Status.IN_PROGRESS,
            "clock_status": ClockStatus.RUNNING.value,
            "suspensions": suspensions,
            "due_date": due(case, suspensions=suspensions),
            "info_request_reason": "",
            "info_request_due": None,
        },
        data={"text": text},
    )
    attachments_save(case=case, event=event, items=attachments, actor=actor)
    return case


def reply_time_extension(case: Case) -> dt.date | None:
    """The new reply date if the petitioner may still ask for more time to complete the
    request, else None: once per request, before the date passes, as long again (Ley 1755
    art. 17: "prórroga hasta por un término igual"), unless the type allows none."""
    if (
        case.status != Status.WAITING_PETITIONER
        or case.info_request_reason != InfoRequestReason.INCOMPLETE
        or case.info_request_due is None
        or clock.today() > case.info_request_due
        or not case.case_type.completion_extension
    ):
        return None
    request_seq = (
        case.events.filter(kind=CaseEvent.Kind.INFO_REQUESTED)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    if case.events.filter(
        kind=CaseEvent.Kind.REPLY_TIME_EXTENDED, seq__gt=request_seq or 0
    ).exists():
        return None
    cal = calendar_snapshot().calendar
    return cal.add_months(case.info_request_due, case.case_type.completion_reply_months)


@atomic
def case_extend_reply_time(*, case: Case, actor: User | None = None) -> Case:
    """The petitioner asks for more time to complete the request (from the tracking page, or
    staff record the request made by phone or on paper). The clock stays suspended."""
    case = lock(case)
    if actor is not None:
        require(actor, Action.RECORD_REPLY, case)
    require_status(case, {Status.WAITING_PETITIONER}, _("give more time to reply on"))
    new_due = reply_time_extension(case)
    if new_due is None:
        raise DomainError(
            _(
                "More time can be given only once, before the date to complete the request "
                "passes, and only when the request has to be completed (Ley 1755 art. 17)."
            ),
            code="not_extendable",
        )
    record(
        case,
        kind=CaseEvent.Kind.REPLY_TIME_EXTENDED,
        actor=actor,
        actor_label="" if actor else "petitioner",
        changes={"info_request_due": new_due},
    )
    return case


def _lapsed_request(case: Case, reason: str, action: str) -> None:
    require_status(case, {Status.WAITING_PETITIONER}, action)
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


@atomic
def case_tacit_withdraw(*, case: Case, actor: User | None = None) -> Case:
    """The month to complete the request passed with no reply (art. 17)."""
    case = lock(case)
    if actor is not None:
        require(actor, Action.TACIT_WITHDRAW, case)
    _lapsed_request(case, InfoRequestReason.INCOMPLETE, _("declare tacit withdrawal of"))
    record(
        case,
        kind=CaseEvent.Kind.TACITLY_WITHDRAWN,
        actor=actor,
        changes=ended(Status.WITHDRAWN),
        data={"reply_due": to_json(case.info_request_due)},
    )
    return case


@atomic
def case_archive(*, case: Case, actor: User) -> Case:
    """An unclear request not clarified in 10 days is archived (art. 19)."""
    case = lock(case)
    require(actor, Action.ARCHIVE, case)
    _lapsed_request(case, InfoRequestReason.UNCLEAR, _("archive"))
    record(
        case,
        kind=CaseEvent.Kind.ARCHIVED,
        actor=actor,
        changes=ended(Status.ARCHIVED),
        data={"reply_due": to_json(case.info_request_due)},
    )
    return case
