"""The radicado under real concurrency, on PostgreSQL: many filers at once, some of whose
transactions roll back *after* they took their number, must still leave a register numbered
1..N with no gap and no repeat (CPACA art. 61: "estricto control" of the radicación), and a
retried submission must never be filed twice nor spend a second number.

These tests use real threads and real connections (``transaction=True``), because a row lock
can only be proven by two sessions that want it at the same time.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import IntegrityError, connection, transaction

from pqrs.cases.models import (
    Case,
    CaseEvent,
    Communication,
    FilingReceipt,
    NumberCounter,
    NumberSeries,
)
from pqrs.cases.services import FilingResult, case_file
from pqrs.cases.services.lifecycle.base import communication
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

THREADS = 16
FILINGS = 2_000
# Every tenth filing is rolled back after its number was taken.
FAIL_EVERY = 10

T = TypeVar("T")


class InjectedFailureError(Exception):
    """Raised after a successful case_file so the enclosing transaction rolls back."""


def _fail_at_commit(case: Case, tracking_code: str) -> None:
    """For ``also_write``: an event of a case that does not exist. Its foreign key is checked
    at COMMIT, i.e. after the statement that took the number ran: on the pipelined path that
    is the only moment left to fail."""
    CaseEvent.objects.bulk_create(
        [CaseEvent(case_id=-case.pk, seq=1, kind=CaseEvent.Kind.NOTE, at=case.received_at)]
    )


def _in_own_connection(func: Callable[[], T]) -> T:
    """Run in this thread's own database connection and close it afterwards, as a web
    worker would; an open connection left behind would block the test database teardown."""
    try:
        return func()
    finally:
        connection.close()


def _counters(series_code: str) -> dict[int, int]:
    return dict(
        NumberCounter.objects.filter(series__code=series_code).values_list("year", "last_value")
    )


def _incoming_counters() -> dict[int, int]:
    return _counters(NumberSeries.INCOMING)


def _assert_numbered_one_to_n(rows: list[tuple[int, int, str]], counters: dict[int, int]) -> None:
    """Each year's sequences are exactly 1..N and the year's counter stands at N."""
    per_year: dict[int, list[int]] = {}
    for year, sequence, _number in rows:
        per_year.setdefault(year, []).append(sequence)
    for year, sequences in per_year.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), f"gap in {year}"
    assert counters == {year: len(sequences) for year, sequences in per_year.items()}


def test_concurrent_filings_with_rollbacks_leave_no_gap_and_no_duplicate(defaults):
    # Built here, in one thread: factory_boy sequences are not thread-safe.
    submissions = [
        SubmissionFactory(contact=ContactDataFactory(id_type="", id_number=""))
        for _ in range(FILINGS)
    ]
    start = threading.Barrier(THREADS)

    def worker(index: int) -> tuple[list[str], Counter[str]]:
        committed: list[str] = []
        failed: Counter[str] = Counter()
        start.wait()
        for position in range(index, FILINGS, THREADS):
            fail = position % FAIL_EVERY == 0
            try:
                if (position // FAIL_EVERY) % 2:  # half of the filings, half of the failures
                    # Outermost, as the web form calls it: the COMMIT rides with the numbering
                    # statement (committed_with_last_statement), and a failure can only come at the commit.
                    result = case_file(
                        submission=submissions[position],
                        actor=None,
                        also_write=_fail_at_commit if fail else None,
                    )
                else:
                    # Inside a caller's transaction that rolls back after case_file returned.
                    with transaction.atomic():
                        result = case_file(submission=submissions[position], actor=None)
                        if fail:
                            raise InjectedFailureError(result.case.filing_number)
            except (InjectedFailureError, IntegrityError) as error:
                failed[type(error).__name__] += 1
                continue
            committed.append(result.case.filing_number)
        return committed, failed

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(lambda i: _in_own_connection(lambda: worker(i)), range(THREADS)))

    reported = [number for numbers, _failed in outcomes for number in numbers]
    failed = sum((failed for _numbers, failed in outcomes), Counter())
    # Both paths failed after taking a number: in the caller's transaction and at the commit.
    half = FILINGS // FAIL_EVERY // 2
    assert failed == {"InjectedFailureError": half, "IntegrityError": half}
    failures = FILINGS // FAIL_EVERY
    successes = FILINGS - failures
    assert len(reported) == successes

    rows = list(Case.objects.values_list("filing_year", "filing_sequence", "filing_number"))
    assert len(rows) == successes
    # What the filers were told is exactly what the register holds: no number given out for
    # a rolled-back filing survives, and none is repeated.
    assert sorted(number for _year, _seq, number in rows) == sorted(reported)
    assert len(set(reported)) == successes

    _assert_numbered_one_to_n(rows, _counters(NumberSeries.INCOMING))

    # The rolled-back filings left nothing behind either.
    assert CaseEvent.objects.count() == successes
    assert FilingReceipt.objects.count() == successes


def test_concurrent_retries_of_one_submission_file_one_case_and_spend_one_number(defaults):
    retries = 8
    submission = SubmissionFactory(idempotency_key="web:retry-storm")
    start = threading.Barrier(retries)

    def retry() -> FilingResult:
        start.wait()
        return case_file(submission=submission, actor=None)

    with ThreadPoolExecutor(max_workers=retries) as pool:
        results = list(pool.map(lambda _i: _in_own_connection(retry), range(retries)))

    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert {result.case.pk for result in results} == {case.pk}
    assert Counter(result.created for result in results) == {True: 1, False: retries - 1}
    # Only the winner saw a tracking code; the retries must not be able to reveal one.
    assert [r.tracking_code is not None for r in results].count(True) == 1
    assert case.filing_sequence == 1
    assert _incoming_counters() == {case.filing_year: 1}

    # The numbers the losers briefly held went back: the next filing gets number 2.
    follow_up = case_file(submission=SubmissionFactory(), actor=None).case
    assert (follow_up.filing_year, follow_up.filing_sequence) == (case.filing_year, 2)


def test_concurrent_outgoing_numbers_with_rollbacks_leave_no_gap(defaults):
    """The radicado de salida (answers, notices, letters) has the same guarantee."""
    case = case_file(submission=SubmissionFactory(), actor=None).case
    notices = 800
    start = threading.Barrier(THREADS)

    def worker(index: int) -> list[str]:
        committed: list[str] = []
        start.wait()
        for position in range(index, notices, THREADS):
            try:
                with transaction.atomic():
                    notice = communication(
                        case,
                        kind=Communication.Kind.INFO_REQUEST,
                        body="Complete su solicitud.",
                        actor=None,
                        delivery_channel=Communication.DeliveryChannel.PORTAL,
                    )
                    if position % FAIL_EVERY == 0:
                        raise InjectedFailureError(notice.number)
            except InjectedFailureError:
                continue
            committed.append(notice.number)
        return committed

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(lambda i: _in_own_connection(lambda: worker(i)), range(THREADS)))

    reported = sorted(number for numbers in outcomes for number in numbers)
    successes = notices - notices // FAIL_EVERY
    rows = list(Communication.objects.values_list("number_year", "number_sequence", "number"))
    assert sorted(number for _year, _seq, number in rows) == reported
    assert len(rows) == successes
    _assert_numbered_one_to_n(rows, _counters(NumberSeries.OUTGOING))
