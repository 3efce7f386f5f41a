"""Filing (radicación): the single entry point through which every channel creates a case.

In one transaction: the petitioner, the gap-free radicado, the case, its first event, the
filing receipt and the attachments. A retried submission with the same idempotency key returns
the case filed the first time (design.md: "nothing accepted is lost, nothing is filed twice").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date, reception_date
from pqrs.deadlines.selectors import calendar_snapshot

from ..models import (
    Attachment,
    Case,
    CaseEvent,
    CaseType,
    Channel,
    Communication,
    Contact,
    FilingReceipt,
    LegalPriority,
    NumberSeries,
    Topic,
)
from ..policies import Action, require
from ..projection import snapshot
from ..tracking import hash_tracking_code, new_tracking_code
from .numbering import next_number

DELIVERY_CHANNELS = frozenset(Communication.DeliveryChannel.values)

# Anonymous quejas and denuncias go to a credibility review (Ley 962 de 2005 art. 81).
CREDIBILITY_REVIEW_TYPES = frozenset({"queja", "denuncia", "reclamo"})


@dataclass(frozen=True)
class ContactData:
    full_name: str
    id_type: str = ""
    id_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    data_consent: bool = False
    consent_policy_version: str = ""


@dataclass(frozen=True)
class AttachmentData:
    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Submission:
    """One request, normalized from any channel."""

    case_type_code: str
    channel_code: str
    subject: str
    text: str
    contact: ContactData | None = None  # None: anonymous
    received_at: dt.datetime | None = None  # None: now; staff give the actual reception time
    idempotency_key: str | None = None
    topic_code: str | None = None
    legal_priority: str = ""
    attachments: tuple[AttachmentData, ...] = field(default_factory=tuple)
    verbal_answer: str = ""  # Decreto 1166 de 2016: answered on the spot
    parent: Case | None = None  # reopening: the closed case this one continues
    existing_contact: Contact | None = None  # reopening: the same petitioner
    answer_channel: str = ""  # Communication.DeliveryChannel value; "" = by the contact data


@dataclass(frozen=True)
class FilingResult:
    case: Case
    # Shown once; None when the submission was a retry of an earlier filing.
    tracking_code: str | None
    created: bool


def case_file(*, submission: Submission, actor: User | None) -> FilingResult:
    if actor is not None:
        require(actor, Action.FILE)
    if submission.idempotency_key:
        existing = _by_idempotency_key(submission.idempotency_key)
        if existing is not None:
            return FilingResult(case=existing, tracking_code=None, created=False)
    try:
        return _file(submission, actor)
    except IntegrityError:
        # A concurrent retry with the same key won the race; everything here rolled back,
        # including the number it had taken, so the sequence stays gap-free.
        if submission.idempotency_key:
            existing = _by_idempotency_key(submission.idempotency_key)
            if existing is not None:
                return FilingResult(case=existing, tracking_code=None, created=False)
        raise


def _by_idempotency_key(key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=key).first()


def _validate(submission: Submission) -> tuple[CaseType, Channel, Topic | None, dt.datetime]:
    errors: dict[str, str] = {}
    if not submission.subject.strip():
        errors["subject"] = _("The subject is required.")
    if not submission.text.strip():
        errors["text"] = _("The text of the request is required.")
    if submission.contact is not None and not submission.contact.full_name.strip():
        errors["full_name"] = _("The name is required unless the request is anonymous.")
    if submission.answer_channel and submission.answer_channel not in DELIVERY_CHANNELS:
        errors["answer_channel"] = _("Unknown answer channel.")
    if submission.legal_priority not in LegalPriority.values:
        errors["legal_priority"] = _("Unknown priority attention reason.")
    case_type, channel = _type_and_channel(submission.case_type_code, submission.channel_code)
    if case_type is None:
        errors["case_type"] = _("Unknown or inactive case type.")
    if channel is None:
        errors["channel"] = _("Unknown or inactive channel.")
    topic = None
    if submission.topic_code:
        topic = Topic.objects.filter(code=submission.topic_code, is_active=True).first()
        if topic is None:
            errors["topic"] = _("Unknown or inactive topic.")
    now = clock.now()
    received_at = submission.received_at or now
    if received_at.tzinfo is None:
        errors["received_at"] = _("The reception time must include its time zone.")
    elif received_at > now + dt.timedelta(minutes=5):
        errors["received_at"] = _("The reception time cannot be in the future.")
    if errors:
        raise FilingError(errors)
    assert case_type is not None  # noqa: S101 - narrowed above
    assert channel is not None  # noqa: S101
    return case_type, channel, topic, received_at


def _type_and_channel(type_code: str, channel_code: str) -> tuple[CaseType | None, Channel | None]:
    """The active case type and channel, read in one query: every filing needs both, and two
    ORM queries cost a tenth of the filing's CPU (docs/benchmarks.md). Always read fresh, so an
    administrator's change applies to the very next filing."""
    if connection.vendor != "postgresql":
        return (
            CaseType.objects.filter(code=type_code, is_active=True).first(),
            Channel.objects.filter(code=channel_code, is_active=True).first(),
        )
    type_fields = CaseType._meta.concrete_fields
    channel_fields = Channel._meta.concrete_fields
    columns = ", ".join(
        [f't."{f.column}"' for f in type_fields] + [f'c."{f.column}"' for f in channel_fields]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM (SELECT 1) AS one "  # noqa: S608 - our own column names
            f'LEFT JOIN "{CaseType._meta.db_table}" t ON t.code = %s AND t.is_active '
            f'LEFT JOIN "{Channel._meta.db_table}" c ON c.code = %s AND c.is_active',
            [type_code, channel_code],
        )
        row = cursor.fetchone()
    type_row, channel_row = row[: len(type_fields)], row[len(type_fields) :]
    type_names = [f.attname for f in type_fields]
    channel_names = [f.attname for f in channel_fields]
    return (
        CaseType.from_db(connection.alias, type_names, type_row) if type_row[0] else None,
        Channel.from_db(connection.alias, channel_names, channel_row) if channel_row[0] else None,
    )


class FilingError(DomainError):
    """The submission is invalid; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()), code="invalid_submission")
        self.errors = errors


def _contact(data: ContactData, now: dt.datetime) -> Contact:
    values = {
        "full_name": data.full_name.strip(),
        "email": data.email.strip().lower(),
        "phone": data.phone.strip(),
        "address": data.address.strip(),
        "city": data.city.strip(),
    }
    consent = {}
    if data.data_consent:
        consent = {
            "data_consent": True,
            "consent_policy_version": data.consent_policy_version,
            "consent_at": now,
        }
    contact = None
    if data.id_type and data.id_number.strip():
        # Not get_or_create: its savepoint guards a unique constraint this table does not have,
        # and costs two round trips per filing (docs/benchmarks.md).
        contact = Contact.objects.filter(
            id_type=data.id_type, id_number=data.id_number.strip()
        ).first()
    if contact is None:
        return Contact.objects.create(
            id_type=data.id_type, id_number=data.id_number.strip(), **values, **consent
        )
    changed = {k: v for k, v in (values | consent).items() if v and getattr(contact, k) != v}
    if changed:
        Contact.objects.filter(pk=contact.pk).update(**changed)
        for key, value in changed.items():
            setattr(contact, key, value)
    return contact


def _file(submission: Submission, actor: User | None) -> FilingResult:
    case_type, channel, topic, received_at = _validate(submission)
    cal = calendar_snapshot()
    received_on = reception_date(received_at, cal.calendar, cal.policy, clock.local_tz())
    term = Term(case_type.term_value, TermUnit(case_type.term_unit))
    due = due_date(received_on, term, cal.calendar)
    tracking_code = new_tracking_code()
    now = clock.now()
    year = clock.local_date(received_at).year
    stored = [_prepare_attachment(a) for a in submission.attachments]

    with transaction.atomic():
        contact = (
            _contact(submission.contact, now) if submission.contact else submission.existing_contact
        )
        case = Case(
            case_type=case_type,
            channel=channel,
            topic=topic,
            subject=submission.subject.strip(),
            text=submission.text.strip(),
            contact=contact,
            is_anonymous=contact is None,
            needs_credibility_review=contact is None and case_type.code in CREDIBILITY_REVIEW_TYPES,
            answer_channel=submission.answer_channel,
            area=topic.default_area if topic else None,
            legal_priority=submission.legal_priority,
            priority=2 if submission.legal_priority else 0,
            received_at=received_at,
            received_on=received_on,
            term_value=term.value,
            term_unit=term.unit.value,
            due_date=due,
            clock_status=ClockStatus.RUNNING.value,
            parent=submission.parent,
            idempotency_key=submission.idempotency_key or None,
            tracking_code_hash=hash_tracking_code(tracking_code),
            created_by=actor,
            last_event_seq=1,
        )
        event = CaseEvent(
            seq=1,
            kind=CaseEvent.Kind.FILED,
            at=now,
            actor=actor,
            actor_label="" if actor else "petitioner",
            data={"channel": channel.code, "attachments": len(stored)},
        )
        receipt = FilingReceipt(
            filed_at=received_at,
            case_type_name=case_type.name,
            channel_name=channel.name,
            due_date=due,
            verbal_answer=submission.verbal_answer.strip(),
        )
        _reserve_ids(case, event)
        # Taken as late as possible: the counter row stays locked until this commit, so every
        # concurrent filer waits for what happens from here on (docs/benchmarks.md).
        number = next_number(series_code=NumberSeries.INCOMING, year=year)
        case.filing_number = number.text
        case.filing_year = number.year
        case.filing_sequence = number.sequence
        event.after = snapshot(case)
        receipt.filing_number = number.text
        _insert_filing(case, event, receipt)
        for prepared in stored:
            attachment_save(case=case, event=event, prepared=prepared, actor=actor)
    return FilingResult(case=case, tracking_code=tracking_code, created=True)


def _reserve_ids(case: Case, event: CaseEvent) -> None:
    """On PostgreSQL, take the ids of the case and its first event before the number, so the
    rows can be sent together afterwards (see ``_insert_filing``)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')), "
            "nextval(pg_get_serial_sequence(%s, 'id'))",
            [Case._meta.db_table, CaseEvent._meta.db_table],
        )
        case.pk, event.pk = cursor.fetchone()


def _insert_filing(case: Case, event: CaseEvent, receipt: FilingReceipt) -> None:
    """Write the case, its first event and its receipt while the counter row is locked.

    On PostgreSQL the three INSERTs go in one round trip (psycopg pipeline mode, ids taken
    beforehand): three ORM round trips with Python between them made the counter lock the
    bottleneck of concurrent filing (docs/benchmarks.md). What is written is the same.
    """
    event.case = case
    receipt.case = case
    if connection.vendor != "postgresql":
        for row in (case, event, receipt):
            row.save(force_insert=True)
        return
    with connection.wrap_database_errors, connection.connection.pipeline():
        for row in (case, event, receipt):
            meta = row._meta
            manager: Any = meta.base_manager
            fields = [f for f in meta.local_concrete_fields if row.pk or not f.primary_key]
            manager._insert([row], fields=fields, using=connection.alias)
            row._state.adding = False
            row._state.db = connection.alias


@dataclass(frozen=True)
class PreparedAttachment:
    data: AttachmentData
    sha256: str


def _prepare_attachment(data: AttachmentData) -> PreparedAttachment:
    return PreparedAttachment(data=data, sha256=hashlib.sha256(data.content).hexdigest())


def attachment_save(
    *,
    case: Case,
    event: CaseEvent | None,
    prepared: PreparedAttachment,
    actor: User | None,
    is_public: bool = True,
) -> Attachment:
    attachment = Attachment(
        case=case,
        event=event,
        original_name=prepared.data.name[:255],
        content_type=prepared.data.content_type,
        size=len(prepared.data.content),
        sha256=prepared.sha256,
        uploaded_by=actor,
        is_public=is_public,
    )
    attachment.file.save(prepared.sha256, ContentFile(prepared.data.content), save=False)
    attachment.save()
    return attachment


def attachments_save(
    *,
    case: Case,
    event: CaseEvent,
    items: tuple[AttachmentData, ...],
    actor: User | None,
    is_public: bool = True,
) -> list[Attachment]:
    return [
        attachment_save(
            case=case,
            event=event,
            prepared=_prepare_attachment(item),
            actor=actor,
            is_public=is_public,
        )
        for item in items
    ]
