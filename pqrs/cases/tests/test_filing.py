import datetime as dt
import hashlib

import pytest

from conftest import at
from pqrs.cases.models import Case, CaseEvent, FilingReceipt, NumberSeries, Status
from pqrs.cases.projection import replay, snapshot
from pqrs.cases.services import case_file
from pqrs.cases.services.filing import AttachmentData, FilingError
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory, file_case
from pqrs.cases.tracking import tracking_code_matches
from pqrs.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_filing_gives_radicado_receipt_due_date_and_first_event(defaults, frozen):
    frozen(at(2026, 7, 10, 9))
    result = case_file(submission=SubmissionFactory(), actor=None)
    case = result.case
    assert result.created
    assert case.filing_number == "2026-000001"
    assert case.status == Status.FILED
    # Ley 1755 art. 14: 15 business days from the day after; 13 Jul 2026 is a holiday (Ley 2578).
    assert case.due_date == dt.date(2026, 8, 4)
    receipt = FilingReceipt.objects.get(case=case)
    assert receipt.filing_number == case.filing_number
    assert receipt.due_date == dt.date(2026, 8, 4)
    assert tracking_code_matches(result.tracking_code, case.tracking_code_hash)
    assert result.tracking_code not in case.tracking_code_hash
    event = case.events.get()
    assert event.kind == CaseEvent.Kind.FILED
    assert replay(case.events.all()) == snapshot(case)


def test_numbers_are_consecutive_and_restart_each_year(defaults, frozen):
    frozen(at(2026, 12, 31, 16))
    numbers = [file_case().filing_number for _ in range(3)]
    assert numbers == ["2026-000001", "2026-000002", "2026-000003"]
    frozen(at(2027, 1, 5, 9))
    assert file_case().filing_number == "2027-000001"


def test_number_format_is_configurable(defaults):
    NumberSeries.objects.filter(code="incoming").update(format="ER-{year}-{number:08d}")
    assert file_case().filing_number.endswith("-00000001")
    assert file_case().filing_number.startswith("ER-")


def test_same_idempotency_key_returns_the_same_case(defaults):
    submission = SubmissionFactory(idempotency_key="web:abc")
    first = case_file(submission=submission, actor=None)
    again = case_file(submission=submission, actor=None)
    assert again.case.pk == first.case.pk
    assert not again.created
    assert again.tracking_code is None
    assert Case.objects.count() == 1
    assert file_case().filing_sequence == 2  # no number was spent on the retry


def test_a_public_filing_never_changes_a_petitioner_on_file(defaults):
    """Anyone can type someone else's ID number on the web form: it must not redirect where
    that person's answers go."""
    owner = ContactDataFactory(id_number="1020304050", email="maria@example.com")
    first = case_file(submission=SubmissionFactory(contact=owner), actor=None).case
    stranger = ContactDataFactory(
        id_number="1020304050", full_name="Mallory", email="mallory@example.com"
    )
    second = case_file(submission=SubmissionFactory(contact=stranger), actor=None).case
    assert second.contact_id != first.contact_id
    first.contact.refresh_from_db()
    assert (first.contact.full_name, first.contact.email) == (owner.full_name, "maria@example.com")
    assert second.contact.email == "mallory@example.com"


def test_a_staff_filing_with_a_known_document_reads_and_changes_nothing_on_file(org):
    """Staff filings too: the new case gets its own snapshot of what was given, linked to the
    same person; blank fields stay blank and the earlier case keeps its data."""
    first = case_file(
        submission=SubmissionFactory(contact=ContactDataFactory(id_number="77", phone="1")),
        actor=org.clerk,
    ).case
    again = ContactDataFactory(id_number="77", phone="3109998877", email="")
    second = case_file(submission=SubmissionFactory(contact=again), actor=org.clerk).case
    assert second.contact_id != first.contact_id
    assert (second.contact.phone, second.contact.email) == ("3109998877", "")
    assert second.contact.person_id == first.contact.person_id
    first.contact.refresh_from_db()
    assert (first.contact.phone, first.contact.email) != ("3109998877", "")
    assert first.contact.phone == "1"


def test_anonymous_filing_has_no_contact(defaults):
    case = case_file(
        submission=SubmissionFactory(contact=None, case_type_code="denuncia"), actor=None
    ).case
    assert case.is_anonymous
    assert case.contact is None


def test_invalid_submission_changes_nothing(defaults):
    with pytest.raises(FilingError) as caught:
        case_file(submission=SubmissionFactory(subject=" ", case_type_code="nope"), actor=None)
    assert set(caught.value.errors) == {"subject", "case_type"}
    assert Case.objects.count() == 0
    assert file_case().filing_number.endswith("000001")


def test_future_reception_time_is_refused(defaults, frozen):
    frozen(at(2026, 3, 2, 9))
    with pytest.raises(FilingError):
        case_file(submission=SubmissionFactory(received_at=at(2026, 3, 3, 9)), actor=None)


def test_attachments_are_stored_with_size_type_and_checksum(defaults):
    content = b"%PDF-1.4 evidence"
    case = file_case(attachments=(AttachmentData("factura.pdf", content, "application/pdf"),))
    attachment = case.attachments.get()
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.read() == content


def test_auditor_cannot_file(org):
    with pytest.raises(DomainError):
        case_file(submission=SubmissionFactory(), actor=org.auditor)


def test_priority_attention_cases_come_first_in_the_queue(defaults, frozen):
    from pqrs.cases.models import LegalPriority
    from pqrs.cases.selectors import in_queue_order

    frozen(at(2026, 3, 2, 9))
    early = file_case()
    frozen(at(2026, 3, 10, 9))
    journalist = file_case(legal_priority=LegalPriority.JOURNALIST)
    frozen(at(2026, 3, 11, 9))
    assert journalist.priority == 2  # art. 20: marked urgent at filing
    ordered = list(in_queue_order(Case.objects.all()).values_list("pk", flat=True))
    assert ordered == [journalist.pk, early.pk]
