"""Plain-language wording for the petitioner: what each status and public event means for them
(the staff labels in ``cases.models`` speak the office's language, not the citizen's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pqrs.cases.models import CaseEvent, Status

STATUS_TEXT: dict[str, tuple[Promise, Promise]] = {
    Status.FILED: (
        _("Received"),
        _("We received your request and will send it to the area in charge."),
    ),
    Status.TRIAGED: (
        _("Being reviewed"),
        _("Your request was classified and sent to the area in charge."),
    ),
    Status.ASSIGNED: (
        _("Being reviewed"),
        _("A public servant of the area in charge has your request."),
    ),
    Status.IN_PROGRESS: (_("In progress"), _("We are working on the answer to your request.")),
    Status.WAITING_PETITIONER: (
        _("Waiting for you"),
        _(
            "We need more information from you. The term stops until you answer; "
            "use the form below."
        ),
    ),
    Status.ANSWERED: (_("Answered"), _("Your request has an answer. You can read it below.")),
    Status.CLOSED: (_("Closed"), _("Your request was answered and closed.")),
    Status.TRANSFERRED: (
        _("Sent to another entity"),
        _("Another entity is competent for your request; we forwarded it and told you which."),
    ),
    Status.WITHDRAWN: (_("Withdrawn"), _("The request was withdrawn and will not be processed.")),
    Status.ARCHIVED: (
        _("Archived"),
        _("The request was archived because it was not clarified in time."),
    ),
    Status.MERGED: (
        _("Joined to another request"),
        _("Your request was joined to another one on the same matter; both get one answer."),
    ),
}

EVENT_TEXT: dict[str, Promise] = {
    CaseEvent.Kind.FILED: _("We received your request."),
    CaseEvent.Kind.STARTED: _("A public servant started working on your request."),
    CaseEvent.Kind.INFO_REQUESTED: _("We asked you for more information."),
    CaseEvent.Kind.PETITIONER_REPLIED: _("You sent information."),
    CaseEvent.Kind.REPLY_TIME_EXTENDED: _("You were given more time to send the information."),
    CaseEvent.Kind.INFORMATION_ADDED: _("You added information."),
    CaseEvent.Kind.EXTENDED: _("The term to answer was extended."),
    CaseEvent.Kind.TRANSFERRED: _("Your request was forwarded to the competent entity."),
    CaseEvent.Kind.ANSWERED: _("We answered your request."),
    CaseEvent.Kind.CLOSED: _("The request was closed."),
    CaseEvent.Kind.WITHDRAWN: _("You withdrew the request."),
    CaseEvent.Kind.TACITLY_WITHDRAWN: _(
        "The request was considered withdrawn because the information was not sent in time."
    ),
    CaseEvent.Kind.ARCHIVED: _("The request was archived."),
    CaseEvent.Kind.MERGED: _("Your request was joined to another one."),
    CaseEvent.Kind.REOPENED: _(
        "The request continues in a new filing, below; follow it with this same tracking code."
    ),
}

# Which public ``data`` entries the petitioner may read, per event kind (never staff notes).
EVENT_DETAIL_KEYS: dict[str, tuple[str, ...]] = {
    CaseEvent.Kind.INFO_REQUESTED: ("message",),
    CaseEvent.Kind.PETITIONER_REPLIED: ("text",),
    CaseEvent.Kind.INFORMATION_ADDED: ("text",),
    CaseEvent.Kind.EXTENDED: ("reasons",),
    CaseEvent.Kind.TRANSFERRED: ("entity",),
    CaseEvent.Kind.WITHDRAWN: ("reason",),
    CaseEvent.Kind.MERGED: ("into",),
    CaseEvent.Kind.REOPENED: ("new_case",),
}


def timeline_entry(event: CaseEvent) -> dict[str, Any]:
    text = EVENT_TEXT.get(event.kind, event.get_kind_display())
    details = [
        str(event.data[key]) for key in EVENT_DETAIL_KEYS.get(event.kind, ()) if event.data.get(key)
    ]
    new_due = None
    if event.kind == CaseEvent.Kind.EXTENDED and event.after.get("due_date"):
        new_due = dt.date.fromisoformat(event.after["due_date"])
    return {
        "event": event,
        "text": text,
        "details": details,
        "new_due": new_due,
        "attachments": list(event.attachments.all()),
    }
