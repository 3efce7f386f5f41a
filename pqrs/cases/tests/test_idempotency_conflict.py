"""A retry with the same idempotency key gets the case it filed only if it says the same
thing; a key reused with other content is refused and files nothing (issue 8, item 9: the
desk silently returned the first case)."""

from __future__ import annotations

import pytest

from pqrs.cases.models import Case
from pqrs.cases.services import case_file
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db


def test_the_same_key_with_other_content_is_refused_and_files_nothing(org):
    contact = ContactDataFactory()
    first = case_file(
        submission=SubmissionFactory(idempotency_key="desk:1:form", contact=contact),
        actor=org.clerk,
    ).case
    changed = SubmissionFactory(
        idempotency_key="desk:1:form", contact=contact, text="Otra cosa, otro día."
    )
    with refused("idempotency_conflict") as caught:
        case_file(submission=changed, actor=org.clerk)
    assert caught.value.case == first  # type: ignore[attr-defined]
    assert Case.objects.get() == first


def test_the_same_content_sent_again_gets_the_first_case(org):
    contact = ContactDataFactory()
    sent = SubmissionFactory(
        idempotency_key="desk:1:form", contact=contact, text="Línea uno\nLínea dos"
    )
    first = case_file(submission=sent, actor=org.clerk)
    again = SubmissionFactory(
        idempotency_key="desk:1:form",
        contact=contact,
        subject=sent.subject,
        text="Línea uno\r\nLínea dos ",  # as a browser sends the textarea again
    )
    retry = case_file(submission=again, actor=org.clerk)
    assert (retry.case, retry.created, retry.tracking_code) == (first.case, False, None)
    assert first.case.idempotency_fingerprint  # written by the numbered insert


def test_an_attachment_with_other_content_is_other_content(org):
    def submission(content: bytes):
        return SubmissionFactory(
            idempotency_key="api:7",
            subject="Factura",
            contact=ContactDataFactory(id_number="5"),
            attachments=(AttachmentData("factura.pdf", content, "application/pdf"),),
        )

    case_file(submission=submission(b"%PDF-1.4 one"), actor=org.clerk)
    with refused("idempotency_conflict"):
        case_file(submission=submission(b"%PDF-1.4 two"), actor=org.clerk)


def test_a_case_filed_before_the_fingerprint_was_kept_is_returned_as_before(org):
    first = case_file(submission=SubmissionFactory(idempotency_key="web:old"), actor=None).case
    Case.objects.filter(pk=first.pk).update(idempotency_fingerprint="")
    retry = case_file(submission=SubmissionFactory(idempotency_key="web:old"), actor=None)
    assert retry.case == first
