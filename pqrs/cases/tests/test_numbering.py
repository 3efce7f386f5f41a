"""The number format (Python and SQL must agree) and filing as the web form calls it on
PostgreSQL: outside any transaction, with the COMMIT sent together with the statement that
takes the number (``pqrs.core.db.committed_with_last_statement``). Most tests run inside a test transaction,
where that path is never taken; these commit for real (``transaction=True``)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from pqrs.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseType,
    FilingReceipt,
    NumberCounter,
    NumberSeries,
)
from pqrs.cases.number_format import NumberFormat, validate_number_format
from pqrs.cases.projection import replay, snapshot
from pqrs.cases.services import case_file
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.tests.factories import SubmissionFactory
from pqrs.notifications.models import Delivery
from pqrs.notifications.services import receipt_owed

FORMATS = [
    "{year}-{number:06d}",
    "{number}",
    "{number:d}",
    "ER-{year}-{number:08d}",
    "{number:03d}/{year:04d} radicado",
    "{year}{number:010d}",
    "RAD{number:07}",
    "100% {number:02d} {{literal}}",
]


@pytest.mark.parametrize("text", FORMATS)
def test_supported_formats_render_as_python_does(text):
    for number in (1, 7, 123, 999_999, 1_234_567):
        assert NumberFormat.parse(text).render(year=2026, number=number) == text.format(
            year=2026, number=number
        )


@pytest.mark.parametrize(
    "text",
    [
        "{year}",  # no number
        "{number}-{number}",  # twice
        "{year}-{number:6d}",  # padded with spaces
        "{year}-{number:x}",  # hexadecimal
        "{year}-{number!r}",
        "{year}-{sequence}",
        "{year}-{number",
        "{year:q}-{number}",
    ],
)
def test_other_formats_are_refused_with_a_clear_error(text):
    with pytest.raises(ValidationError) as refused:
        validate_number_format(text)
    assert "{number}" in str(refused.value)
    series = NumberSeries(code="x", name="x", format=text)
    with pytest.raises(ValidationError) as refused_in_admin:
        series.clean_fields()  # what the admin form runs
    assert set(refused_in_admin.value.message_dict) == {"format"}


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    text=st.sampled_from(FORMATS),
    year=st.integers(min_value=2000, max_value=2099),
    number=st.integers(min_value=1, max_value=2_000_000_000),
)
def test_the_sql_text_of_a_number_is_the_python_text(text, year, number):
    expression, params = NumberFormat.parse(text).sql(year=year, sequence="seq")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM (SELECT %s::bigint AS seq) AS n",  # noqa: S608
            [*params, number],
        )
        assert cursor.fetchone()[0] == text.format(year=year, number=number)


pipelined = pytest.mark.django_db(transaction=True)


@pipelined
def test_a_pipelined_filing_commits_number_rows_attachment_and_callers_row(defaults):
    assert connection.vendor == "postgresql"
    assert not connection.in_atomic_block
    assert not NumberCounter.objects.exists()  # the first number of the year creates it
    content = b"%PDF-1.4 scanned letter"
    submission = SubmissionFactory(
        attachments=(AttachmentData("carta.pdf", content, "application/pdf"),),
    )
    result = case_file(
        submission=submission,
        actor=None,
        also_write=receipt_owed(recipient="ana@example.com", language="es"),
    )
    case = Case.objects.get()
    assert result.case.pk == case.pk
    assert (result.case.filing_number, result.case.filing_sequence) == (
        case.filing_number,
        case.filing_sequence,
    )
    assert case.filing_sequence == 1
    assert case.filing_number == f"{case.filing_year}-000001"
    assert NumberCounter.objects.get().last_value == 1
    assert FilingReceipt.objects.get(case=case).filing_number == case.filing_number
    event = CaseEvent.objects.get(case=case)
    assert event.after["filing_number"] == case.filing_number
    assert replay([event]) == snapshot(case)
    assert result.case.events.get().after == event.after
    attachment = Attachment.objects.get()
    assert (attachment.case_id, attachment.event_id) == (case.pk, event.pk)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.read() == content
    delivery = Delivery.objects.get()
    assert (delivery.case_id, delivery.recipient) == (case.pk, "ana@example.com")
    assert delivery.tracking_code == result.tracking_code


@pipelined
def test_a_pipelined_filing_uses_the_series_format(defaults):
    NumberSeries.objects.filter(code=NumberSeries.INCOMING).update(format="ER-{year}-{number:08d}")
    first = case_file(submission=SubmissionFactory(), actor=None).case
    second = case_file(submission=SubmissionFactory(), actor=None).case
    assert first.filing_number == f"ER-{first.filing_year}-00000001"
    assert second.filing_number == f"ER-{second.filing_year}-00000002"
    assert list(Case.objects.order_by("pk").values_list("filing_number", flat=True)) == [
        first.filing_number,
        second.filing_number,
    ]


@pipelined
def test_a_failing_callers_write_leaves_nothing_and_spends_no_number(defaults):
    class Refused(Exception):
        pass

    def refuse(case: Case, tracking_code: str) -> None:
        raise Refused

    case_file(submission=SubmissionFactory(), actor=None)
    with pytest.raises(Refused):
        case_file(submission=SubmissionFactory(), actor=None, also_write=refuse)
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == FilingReceipt.objects.count() == 1
    # The connection is fine and the next filing takes the next number.
    assert case_file(submission=SubmissionFactory(), actor=None).case.filing_sequence == 2


@pipelined
def test_a_retry_returns_the_first_case_even_if_its_type_was_deactivated_since(defaults):
    submission = SubmissionFactory(idempotency_key="web:k1")
    first = case_file(submission=submission, actor=None)
    CaseType.objects.filter(pk=first.case.case_type_id).update(is_active=False)
    again = case_file(submission=submission, actor=None)
    assert (again.case.pk, again.created, again.tracking_code) == (first.case.pk, False, None)
    assert again.case.filing_number == first.case.filing_number
    assert NumberCounter.objects.get().last_value == 1


@pipelined
def test_the_callers_writes_and_commit_hooks_run_outside_pipeline_mode(defaults, org):
    """Only the numbering statement and the COMMIT are pipelined: in pipeline mode an UPDATE
    reports no row count, and Django's save() of an existing row would try an INSERT."""
    seen: list[str] = []

    def update_existing(case: Case, tracking_code: str) -> None:
        org.area_a.name = "Atención renombrada"
        org.area_a.save()  # an UPDATE of an existing row
        transaction.on_commit(lambda: seen.append(Case.objects.get(pk=case.pk).filing_number))
        transaction.on_commit(lambda: org.area_b.save())

    result = case_file(submission=SubmissionFactory(), actor=None, also_write=update_existing)
    org.area_a.refresh_from_db()
    assert org.area_a.name == "Atención renombrada"
    assert seen == [result.case.filing_number]
