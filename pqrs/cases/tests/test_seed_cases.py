"""``seed_cases`` writes behind the services' back (with COPY), so it must be held to what the
services guarantee: gap-free chronological numbers and counters to match, histories whose
replay is the case row, due dates from the real calendar, nothing in the future."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from conftest import at
from pqrs.accounts.models import Area, User
from pqrs.cases.models import (
    Case,
    CaseEvent,
    CaseType,
    Communication,
    Contact,
    FilingReceipt,
    NumberCounter,
    NumberSeries,
    Person,
    Status,
    normalize_id_number,
)
from pqrs.cases.projection import replay, snapshot
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import SubmissionFactory
from pqrs.deadlines.calendar import Suspension
from pqrs.deadlines.clock import Term, TermUnit, due_date
from pqrs.deadlines.selectors import calendar_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

COUNT = 1_500
NOW = at(2026, 11, 20, 10)


@pytest.fixture
def seeded(defaults, frozen):  # type: ignore[no-untyped-def]
    frozen(NOW)
    # Several chunks on two workers: outgoing numbers must still follow time across chunks.
    call_command("seed_cases", count=COUNT, chunk=400, workers=2, stdout=io.StringIO())


def _counters(series: str) -> dict[int, int]:
    return dict(NumberCounter.objects.filter(series__code=series).values_list("year", "last_value"))


def test_numbers_are_gap_free_chronological_and_counters_match(seeded):
    assert Case.objects.count() == COUNT
    assert FilingReceipt.objects.count() == COUNT
    by_year: dict[int, list[tuple[dt.datetime, int, str]]] = defaultdict(list)
    for year, seq, number, received in Case.objects.values_list(
        "filing_year", "filing_sequence", "filing_number", "received_at"
    ):
        by_year[year].append((received, seq, number))
    assert len(by_year) >= 3  # three years back from NOW
    for year, rows in by_year.items():
        rows.sort()
        assert [seq for _r, seq, _n in rows] == list(range(1, len(rows) + 1))
        assert rows[0][2] == f"{year}-000001"
    assert _counters(NumberSeries.INCOMING) == {y: len(r) for y, r in by_year.items()}

    outgoing: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for year, seq, created in Communication.objects.values_list(
        "number_year", "number_sequence", "created_at"
    ):
        outgoing[year].append((created, seq))
    assert outgoing
    for rows in outgoing.values():
        rows.sort()
        assert [seq for _c, seq in rows] == list(range(1, len(rows) + 1))
    assert _counters(NumberSeries.OUTGOING) == {y: len(r) for y, r in outgoing.items()}

    # The next real filing continues the series of its year.
    frozen_year = NOW.year
    follow_up = case_file(submission=SubmissionFactory(received_at=NOW), actor=None).case
    assert follow_up.filing_sequence == len(by_year[frozen_year]) + 1


ENDED = frozenset(
    {Status.CLOSED, Status.TRANSFERRED, Status.WITHDRAWN, Status.ARCHIVED, Status.MERGED}
)


def test_histories_replay_to_the_row_and_follow_the_law(seeded):
    cal = calendar_snapshot().calendar
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in CaseEvent.objects.order_by("case_id", "seq"):
        events[event.case_id].append(event)
    numbers = dict(Communication.objects.values_list("number", "case_id"))
    merged_into = {}
    denuncia = CaseType.objects.get(code="denuncia").pk
    control = Area.objects.get(receives_confidential=True).pk
    control_people = set(
        User.objects.filter(Q(memberships__area_id=control) | Q(led_areas=control)).values_list(
            "pk", flat=True
        )
    )
    for case in Case.objects.all():
        history = events[case.pk]
        assert [e.seq for e in history] == list(range(1, case.last_event_seq + 1))
        assert history[0].kind == CaseEvent.Kind.FILED
        assert all(a.at <= b.at for a, b in itertools.pairwise(history))
        assert history[-1].at <= NOW
        assert replay(history) == snapshot(case), case.filing_number
        # Denuncias are filed into the confidential area and never routed by anyone else.
        assert case.is_confidential == (case.case_type_id == denuncia)
        if case.is_confidential:
            assert case.area_id == control
            assert {e.actor_id for e in history[1:]} <= control_people | {None}
        for event in history:
            if "communication" in event.data:
                assert numbers[event.data["communication"]] == case.pk
        if case.status == Status.WAITING_PETITIONER or any(e is None for _s, e in case.suspensions):
            # Waiting, or withdrawn/archived while waiting: the clock never resumed (art. 17).
            assert case.due_date is None
        else:
            stops = [
                Suspension(dt.date.fromisoformat(s), dt.date.fromisoformat(e))
                for s, e in case.suspensions
            ]
            expected = due_date(
                case.received_on,
                Term(case.term_value, TermUnit(case.term_unit)),
                cal,
                stops,
                case.extension_days,
            )
            assert case.due_date == expected, case.filing_number
        if case.status in ENDED:
            # As lifecycle.base.ended(): every way out records when the case stopped.
            assert case.closed_at is not None, (case.filing_number, case.status)
        if case.status == Status.MERGED:
            merged_into[case.filing_number] = case.merged_into_id
    assert merged_into, "the sample has merged cases to check"
    # The case that absorbed a duplicate says so in its own history.
    for number, target in merged_into.items():
        assert any(
            e.kind == CaseEvent.Kind.MERGE_RECEIVED and e.data["from"] == number
            for e in events[target]
        )


def test_states_come_in_realistic_proportions(seeded):
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert statuses[Status.CLOSED] > COUNT * 0.6
    for status in (Status.FILED, Status.IN_PROGRESS, Status.ANSWERED, Status.TRANSFERRED):
        assert statuses[status] > 0, status
    # Recent cases are still open, old ones are not.
    recent = Case.objects.filter(received_at__gte=NOW - dt.timedelta(days=3))
    assert recent.exclude(status=Status.CLOSED).exists()
    old_open = Case.objects.filter(
        received_at__lt=NOW - dt.timedelta(days=365),
        status__in=[Status.FILED, Status.TRIAGED, Status.ASSIGNED, Status.WAITING_PETITIONER],
    )
    assert not old_open.exists()
    assert Case.objects.filter(contact__isnull=True, is_anonymous=True).exists()


def test_each_case_has_its_own_snapshot_and_repeat_petitioners_share_a_person(seeded):
    """As ``case_file`` writes them (issue 8): no petitioner row serves two cases."""
    contact_ids = list(Case.objects.filter(contact__isnull=False).values_list("contact", flat=True))
    assert len(contact_ids) == len(set(contact_ids)) == Contact.objects.count()
    assert not Contact.objects.filter(person__isnull=True).exists()
    per_person = Counter(Contact.objects.values_list("person", flat=True))
    assert max(per_person.values()) > 1  # some people filed again
    assert len(per_person) == Person.objects.count()
    for contact in Contact.objects.select_related("person")[:200]:
        assert contact.person.id_number == normalize_id_number(contact.id_number)
        assert contact.person.id_type == contact.id_type


def test_refuses_to_seed_over_existing_cases(seeded):
    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_cases", count=10, stdout=io.StringIO())
    assert Case.objects.count() == COUNT
