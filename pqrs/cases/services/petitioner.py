"""What the petitioner does to an open case from the tracking page, besides the replies and the
withdrawal that live in ``lifecycle`` (``case_petitioner_reply``, ``case_withdraw``).

A petitioner may always attach extra arguments, evidence or documents to a petition
(legal-rules.md §1.3, formularios estandarizados). Adding information does not move the clock:
only an answer to an information request does (Ley 1755 art. 17).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from pqrs.core.errors import DomainError

from ..models import RUNNING_STATUSES, Case, CaseEvent, Status
from .filing import AttachmentData, attachments_save
from .lifecycle.base import atomic, lock, record, require_status, text_required
from .quota import require_case_upload_room


@atomic
def case_add_information(
    *, case: Case, text: str, attachments: tuple[AttachmentData, ...] = ()
) -> CaseEvent:
    """The petitioner adds text and documents to an open case, unasked: a public
    ``information_added`` event, which leaves the clock alone."""
    case = lock(case)
    if case.status == Status.WAITING_PETITIONER:
        raise DomainError(
            _("The entity asked you for information: answer its request instead."),
            code="answer_request",
        )
    # While the entity waits for an answer to its request, what the petitioner sends *is* the
    # answer (case_petitioner_reply): it must resume the clock, not sit beside it.
    require_status(case, RUNNING_STATUSES, _("add information to"))
    text = text_required(text, _("text"))
    require_case_upload_room(case=case, attachments=attachments)
    event = record(
        case,
        kind=CaseEvent.Kind.INFORMATION_ADDED,
        actor=None,
        actor_label="petitioner",
        data={"text": text, "attachments": len(attachments)},
    )
    attachments_save(case=case, event=event, items=attachments, actor=None)
    return event
