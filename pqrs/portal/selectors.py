"""What the petitioner may read about their case: only public events and public attachments.
Internal notes, triage, assignment and staff names are never shown here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from pqrs.cases.models import Attachment, Case, CaseEvent, Communication
from pqrs.cases.tracking import tracking_code_matches


def case_lookup(*, filing_number: str, code: str) -> Case | None:
    case = Case.objects.filter(filing_number=filing_number.strip().upper()).first()
    # The code is hashed and compared even when the radicado is unknown, so a wrong radicado
    # and a wrong code take the same time and give the same answer.
    matches = tracking_code_matches(code, case.tracking_code_hash if case else "")
    return case if case is not None and matches else None


def public_attachments() -> QuerySet[Attachment]:
    return Attachment.objects.filter(is_public=True, event__is_public=True)


def public_events(case: Case) -> QuerySet[CaseEvent]:
    return (
        case.events.filter(is_public=True)
        .prefetch_related(Prefetch("attachments", queryset=public_attachments()))
        .order_by("seq")
    )


@dataclass(frozen=True)
class PublicAnswer:
    communication: Communication
    attachments: list[Attachment]


def public_answer(case: Case) -> PublicAnswer | None:
    answer = (
        case.communications.filter(kind=Communication.Kind.ANSWER).order_by("-created_at").first()
    )
    if answer is None:
        return None
    event = (
        case.events.filter(
            kind=CaseEvent.Kind.ANSWERED, is_public=True, data__communication=answer.number
        )
        .order_by("-seq")
        .first()
    )
    attachments = list(public_attachments().filter(event=event)) if event else []
    return PublicAnswer(communication=answer, attachments=attachments)


def pending_request(case: Case) -> CaseEvent | None:
    """The information request the petitioner still has to answer, if any."""
    if case.status != "waiting_petitioner":
        return None
    return case.events.filter(kind=CaseEvent.Kind.INFO_REQUESTED).order_by("-seq").first()


def public_attachment(case: Case, pk: int) -> Attachment | None:
    return public_attachments().filter(case=case, pk=pk).first()
