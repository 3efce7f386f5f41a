"""The person registry under real concurrency, on PostgreSQL: filings with the same new
document number at the same time all succeed and share one ``Person`` (the upsert waits for a
concurrent insert of the same key instead of failing on the unique constraint).

Real threads and connections (``transaction=True``), as in test_concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from pqrs.cases.models import Case, Contact, Person
from pqrs.cases.services import FilingResult, case_file
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

THREADS = 8


def _file(submission) -> FilingResult:  # type: ignore[no-untyped-def]
    try:
        return case_file(submission=submission, actor=None)
    finally:
        connection.close()


def test_simultaneous_filings_with_one_new_number_share_one_person(defaults):
    submissions = [
        SubmissionFactory(contact=ContactDataFactory(id_type="CC", id_number=f"1.234.567-{i % 2}"))
        for i in range(THREADS * 2)
    ]
    start = threading.Barrier(THREADS)

    def worker(index: int) -> list[int]:
        start.wait()
        return [_file(s).case.pk for s in submissions[index::THREADS]]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        filed = [pk for pks in pool.map(worker, range(THREADS)) for pk in pks]
    assert len(filed) == len(submissions) == Case.objects.count()
    assert sorted(Person.objects.values_list("id_number", flat=True)) == ["12345670", "12345671"]
    assert Contact.objects.count() == len(submissions)  # a snapshot each
    assert not Contact.objects.filter(person__isnull=True).exists()


def test_a_filing_waits_for_a_concurrent_insert_of_its_person_and_shares_it(defaults):
    """The first filing registers the person and stays uncommitted while the second files:
    the second must wait for it and then share its row, not fail nor make another."""
    first_filed, second_started = threading.Event(), threading.Event()

    def first() -> FilingResult:
        try:
            with transaction.atomic():
                result = case_file(
                    submission=SubmissionFactory(
                        contact=ContactDataFactory(id_type="CC", id_number="99887766")
                    ),
                    actor=None,
                )
                first_filed.set()
                assert second_started.wait(timeout=30)
                # Let the second reach its upsert and block on this uncommitted row.
                threading.Event().wait(0.5)
            return result
        finally:
            connection.close()

    def second() -> FilingResult:
        assert first_filed.wait(timeout=30)
        second_started.set()
        return _file(
            SubmissionFactory(contact=ContactDataFactory(id_type="CC", id_number="99.887.766"))
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        one, two = pool.submit(first), pool.submit(second)
        results = one.result(timeout=60), two.result(timeout=60)
    person = Person.objects.get()
    assert {r.case.contact.person_id for r in results} == {person.pk}
    assert results[0].case.contact_id != results[1].case.contact_id
