"""Filing (radicación): the single entry point through which every channel creates a case.

In one transaction: the petitioner, the gap-free radicado, the case, its first event, the
filing receipt and the attachments. A retried submission with the same idempotency key returns
the case filed the first time (design.md: "nothing accepted is lost, nothing is filed twice"),
and one that says something else is refused.

The counter row of the radicado stays locked from the moment the number is taken until the
commit, and every concurrent filer waits for it; so on PostgreSQL everything is read in one
query before the transaction, everything else is written first, and one last statement takes
the number and inserts the case, its first event and its receipt, with the COMMIT sent in the
same round trip (docs/decisions/0001-gap-free-filing-numbers.md, docs/benchmarks.md §2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pqrs.accounts.models import User
from pqrs.accounts.selectors import confidential_area
from pqrs.core import clock
from pqrs.core.db import committed_with_last_statement
from pqrs.core.errors import DomainError
from pqrs.core.limits import NAME_MAX_LENGTH, SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date, reception_date
from pqrs.deadlines.models import CalendarSettings
from pqrs.deadlines.selectors import calendar_snapshot

from ..blobs import blob_store
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
    Person,
    Topic,
    normalize_id_number,
)
from ..policies import Action, require
from ..projection import snapshot
from ..tracking import hash_tracking_code, new_tracking_code
from .fingerprint import submission_fingerprint
from .numbering import Number, Numbered, PendingNumber, insert_numbered, next_number

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
    consent_at: dt.datetime | None = None  # None: given now, with this filing

    @classmethod
    def from_form(
        cls, data: Mapping[str, Any], *, data_consent: bool, consent_policy_version: str
    ) -> ContactData:
        """From a form's cleaned data that uses these field names (portal and desk)."""
        return cls(
            full_name=data["full_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            city=data["city"],
            data_consent=data_consent,
            consent_policy_version=consent_policy_version,
        )

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactData:
        """The snapshot of an earlier case, to copy for its continuation (``case_reopen``):
        the consent keeps the moment it was actually given."""
        return cls(
            full_name=contact.full_name,
            id_type=contact.id_type,
            id_number=contact.id_number,
            email=contact.email,
            phone=contact.phone,
            address=contact.address,
            city=contact.city,
            data_consent=contact.data_consent,
            consent_policy_version=contact.consent_policy_version,
            consent_at=contact.consent_at,
        )


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
    answer_channel: str = ""  # Communication.DeliveryChannel value; "" = by the contact data


@dataclass(frozen=True)
class FilingResult:
    case: Case
    # Shown once; None when the submission was a retry of an earlier filing.
    tracking_code: str | None
    created: bool


# Writes of the caller that must commit with the filing (the receipt e-mail owed, for one), given
# the new case (its id set; on PostgreSQL its number not yet) and the tracking code.
AlsoWrite = Callable[[Case, str], object]


def case_file(
    *, submission: Submission, actor: User | None, also_write: AlsoWrite | None = None
) -> FilingResult:
    """File the submission, or return the case a submission with the same idempotency key
    filed before. ``also_write`` runs in the filing's transaction, only for a new case, before
    the radicado is taken: the counter row stays locked from then until the commit, so the
    caller's writes go there rather than after this returns (docs/benchmarks.md §2)."""
    if actor is not None:
        require(actor, Action.FILE)
    try:
        return _file(submission, actor, also_write)
    except IntegrityError:
        # A concurrent retry with the same key won the race; everything here rolled back,
        # including the number it had taken, so the sequence stays gap-free.
        if submission.idempotency_key:
            existing = _by_idempotency_key(submission.idempotency_key)
            if existing is not None:
                return _retried(existing, submission)
        raise


def _by_idempotency_key(key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=key).first()


@dataclass(frozen=True)
class _Read:
    """What a filing reads before it writes. On PostgreSQL all of it comes from one query
    (``_read_at_once``); elsewhere the optional parts are None and read where they are used."""

    case_type: CaseType | None
    channel: Channel | None
    series: tuple[int, str] | None = None  # the incoming series' id and format
    calendar_version: int | None = None
    ids: tuple[int, int] | None = None  # reserved ids of the case and its first event
    # The case an earlier submission with the same idempotency key filed.
    existing_case: Case | None = None


@dataclass(frozen=True)
class _Inputs:
    read: _Read
    case_type: CaseType
    channel: Channel
    topic: Topic | None
    received_at: dt.datetime


def _validate(submission: Submission, read: _Read) -> _Inputs:
    errors: dict[str, str] = {}
    if not submission.subject.strip():
        errors["subject"] = _("The subject is required.")
    if not submission.text.strip():
        errors["text"] = _("The text of the request is required.")
    if submission.contact is not None and not submission.contact.full_name.strip():
        errors["full_name"] = _("The name is required unless the request is anonymous.")
    for name, value, limit in (
        ("subject", submission.subject, SUBJECT_MAX_LENGTH),
        ("text", submission.text, TEXT_MAX_LENGTH),
        ("verbal_answer", submission.verbal_answer, TEXT_MAX_LENGTH),
        ("full_name", submission.contact.full_name if submission.contact else "", NAME_MAX_LENGTH),
    ):
        if len(value.strip()) > limit:
            errors[name] = _("At most %(limit)s characters; this has %(length)s.") % {
                "limit": limit,
                "length": len(value.strip()),
            }
    if submission.answer_channel and submission.answer_channel not in DELIVERY_CHANNELS:
        errors["answer_channel"] = _("Unknown answer channel.")
    if submission.legal_priority not in LegalPriority.values:
        errors["legal_priority"] = _("Unknown priority attention reason.")
    if read.case_type is None:
        errors["case_type"] = _("Unknown or inactive case type.")
    if read.channel is None:
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
    elif received_at < now - backdate_window():
        earliest = clock.local_date(now - backdate_window())
        errors["received_at"] = _(
            "The reception date cannot be earlier than %(earliest)s (%(days)s days ago). "
            "Check the date."
        ) % {
            "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
            "days": backdate_window().days,
        }
    if errors:
        raise FilingError(errors)
    assert read.case_type is not None  # noqa: S101 - narrowed above
    assert read.channel is not None  # noqa: S101
    return _Inputs(
        read=read,
        case_type=read.case_type,
        channel=read.channel,
        topic=topic,
        received_at=received_at,
    )


def backdate_window() -> dt.timedelta:
    """How long before filing a request may have been received (``PQRS_FILING_BACKDATE_DAYS``).

    Staff give the real reception time, since the legal clock runs from it (Ley 1755 art.
    14), so a letter found late in the mailroom is filed with the day it arrived. Beyond the
    window a date is a typing error (0001-01-02, 1900, last year's date in January), which
    would file a case overdue from birth and numbered in another year's register."""
    return dt.timedelta(days=settings.PQRS_FILING_BACKDATE_DAYS)


def _read(submission: Submission) -> _Read:
    """Always read fresh, so an administrator's change applies to the very next filing."""
    if connection.vendor == "postgresql":
        return _read_at_once(submission)
    key = submission.idempotency_key
    return _Read(
        case_type=CaseType.objects.filter(code=submission.case_type_code, is_active=True).first(),
        channel=Channel.objects.filter(code=submission.channel_code, is_active=True).first(),
        existing_case=_by_idempotency_key(key) if key else None,
    )


def _read_at_once(submission: Submission) -> _Read:
    """The active case type and channel, the incoming series, the calendar version and the
    ids of the new case and event, in one query: each separate ORM query costs a filing about
    a tenth of its CPU, which is what bounds concurrent filing (docs/benchmarks.md §2).
    Reserving ids outside the transaction is harmless: a sequence never rolls back anyway, and
    ids may have gaps (radicados may not, and are not ids)."""
    joined: list[tuple[type[models.Model], str, str, list[Any]]] = [
        (CaseType, "t", "t.code = %s AND t.is_active", [submission.case_type_code]),
        (Channel, "c", "c.code = %s AND c.is_active", [submission.channel_code]),
    ]
    columns = [
        "s.id",
        "s.format",
        "k.version",
        "nextval(pg_get_serial_sequence(%s, 'id'))",
        "nextval(pg_get_serial_sequence(%s, 'id'))",
        f'(SELECT id FROM "{Case._meta.db_table}" WHERE idempotency_key = %s)',  # noqa: S608
    ]
    params: list[Any] = [
        Case._meta.db_table,
        CaseEvent._meta.db_table,
        submission.idempotency_key or None,
    ]
    joins = [
        f'LEFT JOIN "{NumberSeries._meta.db_table}" s ON s.code = %s',
        f'LEFT JOIN "{CalendarSettings._meta.db_table}" k ON k.id = 1',
    ]
    join_params: list[Any] = [NumberSeries.INCOMING]
    for model, alias, condition, condition_params in joined:
        columns += [f'{alias}."{f.column}"' for f in model._meta.concrete_fields]
        joins.append(f'LEFT JOIN "{model._meta.db_table}" {alias} ON {condition}')
        join_params += condition_params
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM (SELECT 1) AS one {' '.join(joins)}",  # noqa: S608
            params + join_params,
        )
        row = list(cursor.fetchone())
    series_id, series_format, calendar_version, case_id, event_id, existing_id = row[:6]
    rows: dict[type[models.Model], models.Model | None] = {}
    position = 6
    for model, _alias, _condition, _params in joined:
        fields = model._meta.concrete_fields
        values = row[position : position + len(fields)]
        position += len(fields)
        names = [f.attname for f in fields]
        rows[model] = model.from_db(connection.alias, names, values) if values[0] else None
    return _Read(
        case_type=cast(CaseType | None, rows[CaseType]),
        channel=cast(Channel | None, rows[Channel]),
        series=(series_id, series_format) if series_id is not None else None,
        calendar_version=calendar_version,
        ids=(case_id, event_id),
        existing_case=Case.objects.get(pk=existing_id) if existing_id is not None else None,
    )


class FilingError(DomainError):
    """The submission is invalid; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str], *, code: str = "invalid_submission") -> None:
        super().__init__(" ".join(errors.values()), code=code)
        self.errors = errors


class IdempotencyConflict(FilingError):
    """The idempotency key filed ``case`` for a submission that said something else; nothing
    was filed now (``services.fingerprint``)."""

    def __init__(self, case: Case) -> None:
        message = _(
            "This request was already sent with the same key and different content; "
            "nothing was filed now."
        )
        super().__init__({"__all__": message}, code="idempotency_conflict")
        self.case = case


def _retried(existing: Case, submission: Submission) -> FilingResult:
    """A retry gets the case its key filed, if it says what it said then (cases filed before
    the fingerprint was kept have none to compare)."""
    if existing.idempotency_fingerprint:
        digests = [hashlib.sha256(a.content).hexdigest() for a in submission.attachments]
        if submission_fingerprint(submission, digests) != existing.idempotency_fingerprint:
            raise IdempotencyConflict(existing)
    return FilingResult(case=existing, tracking_code=None, created=False)


def _snapshot(data: ContactData, now: dt.datetime) -> Contact:
    """The petitioner as this filing gives them, in a row of this case alone: nothing on file
    is read or changed, whatever document number was typed (anyone can type anyone's)."""
    consent = {}
    if data.data_consent:
        consent = {
            "data_consent": True,
            "consent_policy_version": data.consent_policy_version,
            "consent_at": data.consent_at or now,
        }
    return Contact.objects.create(
        id_type=data.id_type,
        id_number=data.id_number.strip(),
        person_id=_person_id(data),
        full_name=data.full_name.strip(),
        email=data.email.strip().lower(),
        phone=data.phone.strip(),
        address=data.address.strip(),
        city=data.city.strip(),
        **consent,
    )


def _person_id(data: ContactData) -> int | None:
    """The registry entry of the document, created if new, in one statement (an upsert: two
    concurrent filings with the same new number both succeed and share it). It runs before
    the radicado is taken, never under the counter lock (docs/benchmarks.md §2)."""
    number = normalize_id_number(data.id_number)
    if not data.id_type or not number:
        return None
    person = Person(id_type=data.id_type, id_number=number)
    # DO UPDATE rather than DO NOTHING: only then does RETURNING give the id of a row that
    # exists already (or that a concurrent filing committed while this one waited for it).
    Person.objects.bulk_create(
        [person],
        update_conflicts=True,
        unique_fields=["id_number", "id_type"],
        update_fields=["id_number"],
    )
    return person.pk


def _file(submission: Submission, actor: User | None, also_write: AlsoWrite | None) -> FilingResult:
    read = _read(submission)
    if read.existing_case is not None:
        # A retry: the first filing stands even if its type was deactivated since.
        return _retried(read.existing_case, submission)
    inputs = _validate(submission, read)
    case_type, channel, topic, received_at = (
        inputs.case_type,
        inputs.channel,
        inputs.topic,
        inputs.received_at,
    )
    cal = calendar_snapshot(inputs.read.calendar_version)
    received_on = reception_date(received_at, cal.calendar, cal.policy, clock.local_tz())
    term = Term(case_type.term_value, TermUnit(case_type.term_unit))
    due = due_date(received_on, term, cal.calendar)
    tracking_code = new_tracking_code()
    now = clock.now()
    # The register of the year of filing: a letter received on 30 December and filed on
    # 2 January takes the new year's next number (its clock still runs from reception).
    year = clock.local_date(now).year
    stored = [_prepare_attachment(a) for a in submission.attachments]
    # A confidential type (corruption denuncia) goes straight to the area that receives them,
    # whatever the topic says: before triage nobody else may read it (``policies``). So does
    # the continuation of a confidential case, whatever its type became.
    confidential = case_type.is_confidential or bool(
        submission.parent and submission.parent.is_confidential
    )
    area = confidential_area() if confidential else (topic.default_area if topic else None)
    fingerprint = (
        submission_fingerprint(submission, [p.sha256 for p in stored])
        if submission.idempotency_key
        else ""
    )

    pending: PendingNumber | None = None
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        contact = _snapshot(submission.contact, now) if submission.contact else None
        # On PostgreSQL the ids were reserved by the first query, so the attachments and the
        # caller's rows can point at the case before the statement that numbers it.
        case_id, event_id = inputs.read.ids or (None, None)
        case = Case(
            pk=case_id,
            case_type=case_type,
            channel=channel,
            topic=topic,
            subject=submission.subject.strip(),
            text=submission.text.strip(),
            contact=contact,
            is_anonymous=contact is None,
            needs_credibility_review=contact is None and case_type.code in CREDIBILITY_REVIEW_TYPES,
            answer_channel=submission.answer_channel,
            is_confidential=confidential,
            area=area,
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
            idempotency_fingerprint=fingerprint,
            tracking_code_hash=hash_tracking_code(tracking_code),
            created_by=actor,
            last_event_seq=1,
            filing_year=year,
        )
        event = CaseEvent(
            pk=event_id,
            case=case,
            seq=1,
            kind=CaseEvent.Kind.FILED,
            at=now,
            actor=actor,
            actor_label="" if actor else "petitioner",
            data={"channel": channel.code, "attachments": len(stored)},
        )
        receipt = FilingReceipt(
            case=case,
            filed_at=received_at,
            case_type_name=case_type.name,
            channel_name=channel.name,
            due_date=due,
            verbal_answer=submission.verbal_answer.strip(),
        )
        if inputs.read.series is not None and case_id is not None:
            for prepared in stored:
                # Before the number: the foreign keys to the case and the event are checked
                # at commit (Django declares them DEFERRABLE INITIALLY DEFERRED).
                attachment_save(case=case, event=event, prepared=prepared, actor=actor)
            if also_write is not None:
                also_write(case, tracking_code)
            with committed_with_last_statement(outermost):
                pending = _insert_numbered_rows(case, event, receipt, inputs.read.series)
        else:
            _write_numbered(case, event, receipt, stored, actor)
            if also_write is not None:
                also_write(case, tracking_code)
    if pending is not None:
        # Read after the commit: with a pipelined commit the reply comes with it.
        _apply_number(pending.take(), case, event, receipt)
    return FilingResult(case=case, tracking_code=tracking_code, created=True)


def _insert_numbered_rows(
    case: Case, event: CaseEvent, receipt: FilingReceipt, series: tuple[int, str]
) -> PendingNumber:
    """PostgreSQL: with everything else written, one statement takes the number and inserts the
    three rows that carry it (``insert_numbered``); the counter row stays locked from there to
    the commit."""
    event.after = snapshot(case)  # the filing number is merged in by the statement
    series_id, number_format = series
    return insert_numbered(
        series_id=series_id,
        number_format=number_format,
        year=case.filing_year,
        rows=[
            Numbered(case, text_fields=("filing_number",), sequence_fields=("filing_sequence",)),
            Numbered(event, json_keys={"after": "filing_number"}),
            Numbered(receipt, text_fields=("filing_number",)),
        ],
    )


def _write_numbered(
    case: Case,
    event: CaseEvent,
    receipt: FilingReceipt,
    stored: list[PreparedAttachment],
    actor: User | None,
) -> None:
    """Other databases (the embedded SQLite default has one writer at a time anyway): take the
    number, then save the rows."""
    number = next_number(series_code=NumberSeries.INCOMING, year=case.filing_year)
    _apply_number(number, case, event, receipt)
    for row in (case, event, receipt):
        row.save(force_insert=True)
    for prepared in stored:
        attachment_save(case=case, event=event, prepared=prepared, actor=actor)


def _apply_number(number: Number, case: Case, event: CaseEvent, receipt: FilingReceipt) -> None:
    case.filing_number = number.text
    case.filing_sequence = number.sequence
    receipt.filing_number = number.text
    event.after = snapshot(case)


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
        # Content-addressed: the same file sent again, to this case or another, is stored once.
        file=blob_store(content=prepared.data.content, sha256=prepared.sha256),
        original_name=prepared.data.name[:255],
        content_type=prepared.data.content_type,
        size=len(prepared.data.content),
        sha256=prepared.sha256,
        uploaded_by=actor,
        is_public=is_public,
    )
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
