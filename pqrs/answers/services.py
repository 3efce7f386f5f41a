"""Answers: templates filled with the case's data, drafts, the area lead's approval, and
sending through ``case_answer`` with the PDF letter and its delivery.

Sending is the only step that touches the legal record, and it goes through the lifecycle
service ``case_answer`` (outgoing number, ``answered`` event, clock stopped). The PDF letter is
attached to that event in the same transaction; the e-mail leaves after commit, from a task
that records every attempt and never fails silently.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext as _

from pqrs.accounts.models import Role, User
from pqrs.cases import services as case_services
from pqrs.cases.models import Attachment, Case, CaseEvent, Communication
from pqrs.cases.placeholders import require_filled
from pqrs.cases.policies import Action, allows, area_ids_of, require
from pqrs.cases.services.filing import AttachmentData, attachments_save
from pqrs.cases.services.lifecycle import WORKABLE
from pqrs.cases.services.lifecycle.base import lock, text_within
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.core.limits import REASON_MAX_LENGTH, TEXT_MAX_LENGTH
from pqrs.core.selectors import entity

from .models import AnswerDraft, AnswerSettings, AnswerTemplate, Delivery, DraftState

logger = logging.getLogger(__name__)

TEMPLATE_VARIABLES = {
    "petitioner": "Full name of the petitioner",
    "id_number": "ID number of the petitioner",
    "radicado": "Filing number",
    "filing_date": "Date of filing",
    "due_date": "Due date",
    "today": "Today's date",
    "case_type": "Type of request",
    "subject": "Subject",
    "area": "Responsible area",
    "officer": "Officer writing",
    "entity": "Entity name",
}
VARIABLE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def answer_settings() -> AnswerSettings:
    row, _created = AnswerSettings.objects.get_or_create(pk=1)
    return row


def _date(value: Any) -> str:
    if not value:
        return ""
    text = formats.date_format(value, "DATE_FORMAT")
    # Spanish writes month names in lower case inside a sentence ("10 de julio de 2026").
    return text.lower() if (get_language() or "").startswith("es") else text


def template_variables(case: Case, actor: User, entity: str) -> dict[str, str]:
    contact = case.contact
    petitioner = contact.full_name if contact else _("Anonymous petitioner")
    id_number = contact.id_number if contact else ""
    if case.is_confidential:
        # Texts written on a confidential case are read by everyone who works it: they greet
        # the reporter without naming them (the letter reaches them all the same).
        petitioner, id_number = _("reporter"), ""
    return {
        "petitioner": petitioner,
        "id_number": id_number,
        "radicado": case.filing_number,
        "filing_date": _date(clock.shown_moment(case.received_at).date()),
        "due_date": _date(case.due_date),
        "today": _date(clock.today()),
        "case_type": case.case_type.name,
        "subject": case.subject,
        "area": case.area.name if case.area else "",
        "officer": actor.get_full_name() or actor.username,
        "entity": entity,
    }


def entity_language() -> str:
    """The language the entity writes to petitioners in (``LANGUAGE_CODE``, as the nearest
    language the system has): letters and filled templates use it, whatever language the
    officer's screen is in."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def template_render(*, template: AnswerTemplate, case: Case, actor: User) -> str:
    """The template text with its ``{{ variables }}`` replaced. Unknown names stay visible,
    so a typo in a template shows in the draft instead of vanishing. The values are written
    in the entity's language, as the template is: an officer reading the desk in English
    still gets "Señor(a) denunciante" and "10 de julio de 2026" in a Spanish letter."""
    with translation.override(entity_language()):
        values = template_variables(case, actor, entity().name)
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)


def _approver(user: User, case: Case) -> bool:
    if case.is_confidential:
        # Only the lead of the area that receives confidential reports (``policies``).
        return user.role == Role.AREA_LEAD and case.area_id in area_ids_of(user)
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return True
    return user.role == Role.AREA_LEAD and case.area_id in area_ids_of(user)


def open_draft(case: Case) -> AnswerDraft | None:
    return case.answer_drafts.exclude(state=DraftState.SENT).order_by("-created_at").first()


@transaction.atomic
def draft_save(
    *, case: Case, actor: User, body: str, template: AnswerTemplate | None = None
) -> AnswerDraft:
    """Write or rewrite the draft. Changing an approved text voids the approval."""
    # The case row is the lock for its answer: two saves do not open two drafts, and a save
    # and a review do not overwrite each other.
    case = lock(case)
    require(actor, Action.ANSWER, case)
    if case.status not in WORKABLE:
        raise DomainError(_("This case can no longer be answered."), code="invalid_status")
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise DomainError(_("The answer is required."), code="required")
    text_within(body, _("answer"), limit=TEXT_MAX_LENGTH)
    draft = open_draft(case)
    if draft is None:
        return AnswerDraft.objects.create(
            case=case, body=body, template=template, author=actor, last_edited_by=actor
        )
    if draft.body == body:
        return draft  # the same text keeps its review state (submitted or approved)
    draft.body = body
    draft.last_edited_by = actor
    draft.template = template or draft.template
    draft.state = DraftState.DRAFT
    draft.reviewed_by = None
    draft.reviewed_at = None
    draft.save()
    return draft


@transaction.atomic
def draft_submit(*, draft: AnswerDraft, actor: User) -> AnswerDraft:
    draft = _locked(draft)
    require(actor, Action.ANSWER, draft.case)
    if draft.state != DraftState.DRAFT:
        raise DomainError(_("Only a draft can be sent for approval."), code="invalid_state")
    # The lead approves what the petitioner will read: a part still to be written is not it.
    require_filled(draft.body)
    draft.state = DraftState.SUBMITTED
    draft.review_comment = ""
    draft.save(update_fields=["state", "review_comment", "updated_at"])
    return draft


@transaction.atomic
def draft_review(
    *, draft: AnswerDraft, actor: User, approve: bool, comment: str = ""
) -> AnswerDraft:
    """The area lead approves the text or returns it with a comment; both go on the record
    as an internal note. The text approved is the one on record now: if the author changed it
    after the lead opened it, it is a draft again and the review is refused."""
    draft = _locked(draft)
    case = draft.case
    if not _approver(actor, case):
        raise DomainError(
            _("Only a lead of this area can approve answers on a confidential report.")
            if case.is_confidential
            else _("Only the lead of the case's area or an administrator can approve answers."),
            code="forbidden",
        )
    if approve and _own_text(actor, draft, answer_settings()):
        raise DomainError(four_eyes_message(case), code="four_eyes")
    if draft.state != DraftState.SUBMITTED:
        raise DomainError(_("This answer is not waiting for approval."), code="invalid_state")
    comment = text_within(comment.strip(), _("comment"), limit=REASON_MAX_LENGTH)
    if not approve and not comment:
        raise DomainError(_("Say what has to change."), code="required")
    if approve:
        require_filled(draft.body)
    draft.state = DraftState.APPROVED if approve else DraftState.DRAFT
    draft.reviewed_by = actor
    draft.reviewed_at = clock.now()
    draft.review_comment = comment
    draft.save()
    note = _("Answer approved.") if approve else _("Answer returned: %(comment)s")
    case_services.case_add_note(case=case, actor=actor, text=note % {"comment": comment})
    return draft


@transaction.atomic
def draft_discard(*, draft: AnswerDraft, actor: User) -> None:
    """Throw an unsent draft away, so the answer can start again from nothing (a text its only
    possible approver wrote, a wrong start). Its author, whoever wrote it as it stands, or an
    approver may; the discard goes on the record as an internal note. A draft is not part of
    the legal record (``models``): the sent answer is."""
    draft = _locked(draft)
    case = draft.case
    if draft.state == DraftState.SENT:
        raise DomainError(_("This answer was already sent."), code="invalid_state")
    if not may_discard(actor, draft):
        raise DomainError(
            _(
                "Only whoever wrote this draft or someone who approves answers of this area "
                "can discard it."
            ),
            code="forbidden",
        )
    draft.delete()
    case_services.case_add_note(case=case, actor=actor, text=_("Answer draft discarded."))


def may_discard(user: User, draft: AnswerDraft) -> bool:
    """Whether the case page offers ``user`` to discard ``draft`` (``draft_discard``)."""
    if draft.state == DraftState.SENT:
        return False
    writer = user.pk in {draft.author_id, draft.last_edited_by_id}
    return (writer and allows(user, Action.ANSWER, draft.case)) or _approver(user, draft.case)


def _locked(draft: AnswerDraft) -> AnswerDraft:
    """The draft as it is now, with its case row locked (see ``draft_save``)."""
    lock(draft.case)
    return AnswerDraft.objects.select_related("case").get(pk=draft.pk)


def send_allowed(draft: AnswerDraft, settings_row: AnswerSettings) -> bool:
    if not settings_row.approval_required:
        return draft.state != DraftState.SENT
    return draft.state == DraftState.APPROVED


@transaction.atomic
def answer_send(
    *, draft: AnswerDraft, actor: User, delivery_channel: str | None = None
) -> Communication:
    """Send the answer: ``case_answer``, the PDF letter on the ``answered`` event, the delivery
    record, and the e-mail after commit when the petitioner chose e-mail."""
    from .pdf import answer_letter_pdf

    settings_row = answer_settings()
    draft = AnswerDraft.objects.select_for_update().select_related("case").get(pk=draft.pk)
    if not send_allowed(draft, settings_row):
        raise DomainError(
            _("The area lead must approve this answer before it is sent."),
            code="not_approved",
        )
    require_filled(draft.body)
    communication = case_services.case_answer(
        case=draft.case, actor=actor, body=draft.body, delivery_channel=delivery_channel or None
    )
    case = Case.objects.select_related("contact", "case_type", "area").get(pk=draft.case_id)
    event = CaseEvent.objects.get(case=case, seq=case.last_event_seq)
    pdf = answer_letter_pdf(communication=communication, case=case, settings_row=settings_row)
    (letter,) = attachments_save(
        case=case,
        event=event,
        items=(
            AttachmentData(
                name=f"respuesta-{communication.number}.pdf",
                content=pdf,
                content_type="application/pdf",
            ),
        ),
        actor=actor,
    )
    draft.state = DraftState.SENT
    draft.communication = communication
    draft.save(update_fields=["state", "communication", "updated_at"])
    communication_deliver(communication=communication, letter=letter)
    return communication


@transaction.atomic
def communication_deliver(
    *, communication: Communication, letter: Attachment | None = None
) -> Delivery:
    """Record how a communication reaches the petitioner; by e-mail, a task sends it after
    commit. Other channels (postal mail, in person, phone) are delivered by hand."""
    case = communication.case
    email = case.contact.email if case.contact else ""
    by_email = communication.delivery_channel == Communication.DeliveryChannel.EMAIL
    delivery = Delivery.objects.create(
        communication=communication,
        letter=letter,
        channel=communication.delivery_channel,
        recipient=email if by_email else communication.recipient,
        state=Delivery.State.PENDING if by_email and email else Delivery.State.MANUAL,
        last_error="" if email or not by_email else _("The petitioner has no e-mail address."),
    )
    if delivery.state == Delivery.State.PENDING:
        transaction.on_commit(lambda: _hand_to_broker(delivery.pk))
    return delivery


def _hand_to_broker(delivery_id: int) -> None:
    """The answer has committed with its outgoing number: a broker outage must not turn the
    officer's page into an error (a retry would then be refused as already answered). The
    delivery stays pending on the case page, where it can be seen."""
    from .tasks import send_delivery

    try:
        send_delivery.delay(delivery_id)
    except Exception:
        logger.exception("could not queue answer delivery %s", delivery_id)


def _own_text(user: User, draft: AnswerDraft, settings_row: AnswerSettings) -> bool:
    """Whether four eyes keep ``user`` from approving ``draft`` (``AnswerSettings.four_eyes``):
    they wrote the text as it stands. Once someone else rewrites it, that person is the one who
    cannot approve it: an area with a single lead (the confidential area, typically) approves
    what its officers wrote, even on an answer the lead started."""
    return settings_row.four_eyes and user.pk == (draft.last_edited_by_id or draft.author_id)


def four_eyes_message(case: Case) -> str:
    """Who approves a text its last writer cannot: administrators do not see confidential
    cases, so there only another lead of the area can (``policies``)."""
    if case.is_confidential:
        return _(
            "You wrote this answer as it stands: another lead of this area must approve it "
            "(administrators do not see confidential reports), or someone else of the area "
            "must edit it first."
        )
    return _(
        "You wrote this answer as it stands: another lead of the area or an administrator "
        "must approve it."
    )


def can_approve(user: User, draft: AnswerDraft, settings_row: AnswerSettings) -> bool:
    """Whether the case page offers ``user`` the approval of ``draft``."""
    return _approver(user, draft.case) and not _own_text(user, draft, settings_row)


def approval_needs_someone_else(
    user: User, draft: AnswerDraft, settings_row: AnswerSettings
) -> bool:
    """Whether ``user`` could approve ``draft`` but for four eyes (the page says so)."""
    return _approver(user, draft.case) and _own_text(user, draft, settings_row)
