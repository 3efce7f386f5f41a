"""The lifecycle actions offered on the case page: for each, the policy action, the states in
which the service accepts it, its form and the one service call it makes.

An action is offered only when ``policies.allows`` says the user may and the case is in a
state the service accepts, so people are not shown buttons that can only fail. The service
still decides: whatever it refuses comes back as a ``DomainError`` shown next to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from pqrs.accounts.models import Area, Role, User
from pqrs.answers.services import communication_deliver
from pqrs.cases import services
from pqrs.cases.models import OPEN_STATUSES, Case, InfoRequestReason, Status
from pqrs.cases.policies import Action, allows
from pqrs.cases.selectors import cases_visible_to
from pqrs.cases.services.lifecycle import BEFORE_ANSWER, WORKABLE
from pqrs.cases.services.lifecycle.term import extension_possible
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.notifications.services import receipt_owed

from . import forms as desk_forms

Handler = Callable[[Case, User, dict[str, Any]], str]


@dataclass(frozen=True)
class CaseAction:
    name: str
    policy: Action
    statuses: frozenset[str]
    label: Promise
    form: type[forms.Form]
    handle: Handler
    # The button that runs it; destructive ones ask the browser to confirm.
    danger: bool = False
    condition: Callable[[Case, User], bool] | None = None

    def offered(self, case: Case, user: User) -> bool:
        if case.status not in self.statuses or not allows(user, self.policy, case):
            return False
        return self.condition is None or self.condition(case, user)

    def make_form(self, case: Case, data: Any = None, files: Any = None) -> forms.Form:
        if self.form is desk_forms.AssignForm:
            return desk_forms.AssignForm(data, files, case=case, prefix=self.name)
        initial: dict[str, Any] = {}
        if self.form is desk_forms.TriageForm:
            initial = {
                "case_type": case.case_type_id,
                "topic": case.topic_id,
                "area": case.area_id,
                "priority": case.priority,
                "legal_priority": case.legal_priority,
            }
        form = self.form(data, files, initial=initial, prefix=self.name)
        if case.is_confidential and "area" in form.fields:
            # A confidential report stays in the area that receives them (``case_triage``,
            # ``case_move``): offer no other.
            field = form.fields["area"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = Area.objects.filter(is_active=True, receives_confidential=True)
        return form


def _triage(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_triage(
        case=case,
        actor=user,
        case_type=data["case_type"],
        topic=data.get("topic"),
        area=data.get("area"),
        priority=data["priority"],
        legal_priority=data.get("legal_priority") or "",
    )
    return _("Case triaged.")


def _assign(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_assign(case=case, actor=user, assignee=data["assignee"])
    return _("Case assigned to %(name)s.") % {"name": data["assignee"]}


def _start(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_start(case=case, actor=user)
    return _("Work started.")


def _move(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_move(case=case, actor=user, area=data["area"], reason=data["reason"])
    return _("Case moved to %(area)s.") % {"area": data["area"]}


@transaction.atomic
def _request_info(case: Case, user: User, data: dict[str, Any]) -> str:
    notice = services.case_request_information(
        case=case, actor=user, reason=data["reason"], message=data["message"]
    )
    communication_deliver(communication=notice)
    return _("Information requested (communication %(number)s); the clock is suspended.") % {
        "number": notice.number
    }


def _record_reply(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_petitioner_reply(
        case=case, actor=user, text=data["text"], attachments=data["scan"]
    )
    return _("Reply recorded; the clock runs again.")


def _extend_reply_time(case: Case, user: User, data: dict[str, Any]) -> str:
    case = services.case_extend_reply_time(case=case, actor=user)
    assert case.info_request_due is not None  # noqa: S101 - the service just set it
    return _("The petitioner now has until %(date)s to complete the request.") % {
        "date": date_format(case.info_request_due)
    }


def _can_extend_reply_time(case: Case, user: User) -> bool:
    return services.reply_time_extension(case) is not None


@transaction.atomic
def _extend(case: Case, user: User, data: dict[str, Any]) -> str:
    notice = services.case_extend(case=case, actor=user, days=data["days"], reasons=data["reasons"])
    communication_deliver(communication=notice)
    return _("Term extended (notice %(number)s).") % {"number": notice.number}


@transaction.atomic
def _transfer(case: Case, user: User, data: dict[str, Any]) -> str:
    letter = services.case_transfer(
        case=case,
        actor=user,
        entity_name=data["entity_name"],
        reason=data["reason"],
        letter=data["letter"],
    )
    communication_deliver(communication=letter)
    return _("Case transferred (letter %(number)s).") % {"number": letter.number}


def _close(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_close(case=case, actor=user)
    return _("Case closed.")


def _withdraw(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_withdraw(case=case, actor=user, reason=data["reason"])
    return _("Withdrawal recorded.")


def _tacit_withdraw(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_tacit_withdraw(case=case, actor=user)
    return _("Tacit withdrawal declared.")


def _archive(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_archive(case=case, actor=user)
    return _("Case archived.")


def _merge(case: Case, user: User, data: dict[str, Any]) -> str:
    into = cases_visible_to(user).filter(filing_number__iexact=data["into"].strip()).first()
    if into is None:
        raise DomainError(_("No case with that filing number."), code="not_found")
    services.case_merge(case=case, actor=user, into=into, reason=data["reason"])
    return _("Case merged into %(number)s.") % {"number": into.filing_number}


def _reopen(case: Case, user: User, data: dict[str, Any]) -> str:
    """The petitioner follows the new case with the tracking code they already have; its
    receipt goes to the e-mail of the snapshot, owed in the same transaction."""
    email = case.contact.email if case.contact else ""
    result = services.case_reopen(
        case=case,
        actor=user,
        reason=data["reason"],
        text=data["text"],
        also_write=receipt_owed(recipient=email, language=get_language() or "es")
        if email
        else None,
    )
    values = {"number": result.case.filing_number, "old": case.filing_number, "email": email}
    if email:
        return (
            _(
                "Reopened as case %(number)s. The petitioner follows it with the tracking code "
                "of %(old)s; its constancia is being sent to %(email)s."
            )
            % values
        )
    return (
        _(
            "Reopened as case %(number)s. The petitioner follows it with the tracking code of "
            "%(old)s; tell them the new number."
        )
        % values
    )


def _note(case: Case, user: User, data: dict[str, Any]) -> str:
    services.case_add_note(case=case, actor=user, text=data["text"])
    return _("Note added.")


def _can_move(case: Case, user: User) -> bool:
    """A confidential report moves only to the designated area, when it is not already there
    (the designation changed since it arrived)."""
    if not case.is_confidential:
        return True
    designated = Area.objects.filter(is_active=True, receives_confidential=True)
    return designated.exclude(pk=case.area_id or 0).exists()


def _can_start(case: Case, user: User) -> bool:
    return user.role != Role.OFFICER or case.assignee_id == user.pk


def _can_extend(case: Case, user: User) -> bool:
    return extension_possible(case)


def _lapsed(reason: str) -> Callable[[Case, User], bool]:
    def check(case: Case, user: User) -> bool:
        return (
            case.info_request_reason == reason
            and case.info_request_due is not None
            and clock.today() > case.info_request_due
        )

    return check


OPEN = frozenset(OPEN_STATUSES)
WAITING = frozenset({Status.WAITING_PETITIONER})
ACTIONS: dict[str, CaseAction] = {
    a.name: a
    for a in [
        CaseAction(
            "triage",
            Action.TRIAGE,
            BEFORE_ANSWER,
            gettext_lazy("Triage"),
            desk_forms.TriageForm,
            _triage,
        ),
        CaseAction(
            "assign",
            Action.ASSIGN,
            WORKABLE,
            gettext_lazy("Assign"),
            desk_forms.AssignForm,
            _assign,
        ),
        CaseAction(
            "start",
            Action.START,
            frozenset({Status.ASSIGNED}),
            gettext_lazy("Start work"),
            desk_forms.EmptyForm,
            _start,
            condition=_can_start,
        ),
        CaseAction(
            "move",
            Action.MOVE,
            BEFORE_ANSWER,
            gettext_lazy("Move to another area"),
            desk_forms.MoveForm,
            _move,
            condition=_can_move,
        ),
        CaseAction(
            "request_info",
            Action.REQUEST_INFO,
            WORKABLE,
            gettext_lazy("Request information"),
            desk_forms.RequestInfoForm,
            _request_info,
        ),
        CaseAction(
            "record_reply",
            Action.RECORD_REPLY,
            WAITING,
            gettext_lazy("Record the petitioner's reply"),
            desk_forms.RecordReplyForm,
            _record_reply,
        ),
        CaseAction(
            "extend_reply_time",
            Action.RECORD_REPLY,
            WAITING,
            gettext_lazy("Record a request for more time to reply"),
            desk_forms.EmptyForm,
            _extend_reply_time,
            condition=_can_extend_reply_time,
        ),
        CaseAction(
            "extend",
            Action.EXTEND,
            BEFORE_ANSWER,
            gettext_lazy("Extend the term"),
            desk_forms.ExtendForm,
            _extend,
            condition=_can_extend,
        ),
        CaseAction(
            "transfer",
            Action.TRANSFER,
            BEFORE_ANSWER,
            gettext_lazy("Transfer to another entity"),
            desk_forms.TransferForm,
            _transfer,
            danger=True,
        ),
        CaseAction(
            "close",
            Action.CLOSE,
            frozenset({Status.ANSWERED}),
            gettext_lazy("Close"),
            desk_forms.EmptyForm,
            _close,
        ),
        CaseAction(
            "withdraw",
            Action.WITHDRAW,
            OPEN,
            gettext_lazy("Record withdrawal"),
            desk_forms.WithdrawForm,
            _withdraw,
            danger=True,
        ),
        CaseAction(
            "tacit_withdraw",
            Action.TACIT_WITHDRAW,
            WAITING,
            gettext_lazy("Declare tacit withdrawal"),
            desk_forms.EmptyForm,
            _tacit_withdraw,
            danger=True,
            condition=_lapsed(InfoRequestReason.INCOMPLETE),
        ),
        CaseAction(
            "archive",
            Action.ARCHIVE,
            WAITING,
            gettext_lazy("Archive (not clarified)"),
            desk_forms.EmptyForm,
            _archive,
            danger=True,
            condition=_lapsed(InfoRequestReason.UNCLEAR),
        ),
        CaseAction(
            "merge",
            Action.MERGE,
            OPEN,
            gettext_lazy("Merge into another case"),
            desk_forms.MergeForm,
            _merge,
            danger=True,
        ),
        CaseAction(
            "reopen",
            Action.REOPEN,
            frozenset({Status.CLOSED}),
            gettext_lazy("Reopen as a new case"),
            desk_forms.ReopenForm,
            _reopen,
        ),
        CaseAction(
            "note",
            Action.NOTE,
            frozenset(Status.values),
            gettext_lazy("Add an internal note"),
            desk_forms.NoteForm,
            _note,
        ),
    ]
}


def offered_actions(case: Case, user: User) -> list[CaseAction]:
    return [a for a in ACTIONS.values() if a.offered(case, user)]
