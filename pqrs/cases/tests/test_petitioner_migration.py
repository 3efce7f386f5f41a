"""The data migrations of issue 8 on data the earlier code wrote: petitioner rows shared by
several cases are separated (the earliest case keeps its row), persons are registered, and
continuations take the tracking code of the case they continue.

Django's MigrationExecutor takes the database back to before these migrations, the rows are
written with the models of then, and it migrates forward again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pqrs.cases.projection import replay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# The first migration of this work, by its name without the number (re-chained on merge).
FIRST = "person"


def _cases_migration(executor: MigrationExecutor, name: str) -> tuple[str, str]:
    (key,) = [
        k for k in executor.loader.graph.nodes if k[0] == "cases" and k[1].split("_", 1)[1] == name
    ]
    return key


@pytest.fixture
def before() -> Iterator[Any]:
    """The historical models from just before this work; the database is migrated forward to
    the latest state again whatever the test does."""
    executor = MigrationExecutor(connection)
    first = executor.loader.get_migration(*_cases_migration(executor, FIRST))
    (previous,) = [d for d in first.dependencies if d[0] == "cases"]
    executor.migrate([previous])
    try:
        yield MigrationExecutor(connection).loader.project_state([previous]).apps
    finally:
        forward = MigrationExecutor(connection)
        forward.migrate(forward.loader.graph.leaf_nodes())


def _latest() -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return (
        MigrationExecutor(connection)
        .loader.project_state(MigrationExecutor(connection).loader.graph.leaf_nodes())
        .apps
    )


MOMENT = dt.datetime(2026, 7, 10, 14, tzinfo=dt.UTC)


class History:
    """Rows as the earlier code wrote them, with its historical models."""

    def __init__(self, apps: Any) -> None:
        self.apps = apps
        self.case_type = apps.get_model("cases", "CaseType").objects.create(
            code="peticion", name="Petición", term_value=15
        )
        self.channel = apps.get_model("cases", "Channel").objects.create(
            code="web", name="Web", kind="web"
        )
        self.sequence = 0

    def contact(self, **fields: Any) -> Any:
        values = {"full_name": "María Gómez", "email": "maria@example.com", "phone": "310"}
        return self.apps.get_model("cases", "Contact").objects.create(**(values | fields))

    def case(self, contact: Any, *, hours: int, parent: Any = None, code: str = "") -> Any:
        self.sequence += 1
        received = MOMENT + dt.timedelta(hours=hours)
        case = self.apps.get_model("cases", "Case").objects.create(
            filing_number=f"2026-{self.sequence:06d}",
            filing_year=2026,
            filing_sequence=self.sequence,
            case_type=self.case_type,
            channel=self.channel,
            subject="Predial",
            text="Cobro doble",
            contact=contact,
            parent=parent,
            received_at=received,
            received_on=received.date(),
            term_value=15,
            term_unit="days",
            tracking_code_hash=code or f"hash-{self.sequence}",
            last_event_seq=2,
        )
        events = self.apps.get_model("cases", "CaseEvent").objects
        after = {"contact_id": contact.pk if contact else None, "status": "filed"}
        events.create(case=case, seq=1, kind="filed", at=received, after=after)
        events.create(case=case, seq=2, kind="triaged", at=received, after={"status": "triaged"})
        return case


def test_shared_petitioner_rows_are_separated_and_persons_registered(before):
    old = History(before)
    shared = old.contact(id_type="CC", id_number="1.020.304.050")
    # Ids do not follow reception: the earliest case is the second one written.
    later = old.case(shared, hours=5)
    earliest = old.case(shared, hours=1)
    latest = old.case(shared, hours=9)
    same_number = old.contact(id_type="CC", id_number="1020304050", email="otra@example.com")
    alone = old.case(same_number, hours=2)
    untyped = old.contact(id_type="", id_number="777")
    no_person = old.case(untyped, hours=3)
    anonymous = old.case(None, hours=4)

    apps = _latest()
    Case = apps.get_model("cases", "Case")
    Contact = apps.get_model("cases", "Contact")
    Person = apps.get_model("cases", "Person")
    rows = {c.pk: c for c in Case.objects.select_related("contact")}

    assert rows[earliest.pk].contact_id == shared.pk  # the earliest keeps the original row
    copies = [rows[later.pk].contact, rows[latest.pk].contact]
    assert len({shared.pk, *(c.pk for c in copies)}) == 3
    original = Contact.objects.get(pk=shared.pk)
    fields = ("full_name", "email", "phone", "id_type", "id_number", "created_at")
    for copy in copies:
        assert [getattr(copy, f) for f in fields] == [getattr(original, f) for f in fields]
    assert rows[alone.pk].contact_id == same_number.pk
    assert rows[no_person.pk].contact_id == untyped.pk
    assert rows[anonymous.pk].contact_id is None

    # One contact per case, one person per document however it was written.
    assert Contact.objects.count() == 5
    person = Person.objects.get()
    assert (person.id_type, person.id_number) == ("CC", "1020304050")
    linked = set(Contact.objects.filter(person=person).values_list("pk", flat=True))
    assert linked == {shared.pk, same_number.pk, *(c.pk for c in copies)}
    assert Contact.objects.get(pk=untyped.pk).person_id is None

    # Each re-pointed case says so in its history, which still replays to the row.
    Event = apps.get_model("cases", "CaseEvent")
    for case in Case.objects.all():
        events = list(Event.objects.filter(case=case).order_by("seq"))
        assert [e.seq for e in events] == list(range(1, case.last_event_seq + 1))
        assert replay(events)["contact_id"] == case.contact_id
        separated = [e for e in events if e.kind == "petitioner_separated"]
        if case.pk in (later.pk, latest.pk):
            (event,) = separated
            assert (event.before, event.after) == (
                {"contact_id": shared.pk},
                {"contact_id": case.contact_id},
            )
            assert not event.is_public
            assert event.actor_label == "system"
        else:
            assert separated == []


def test_continuations_take_the_code_of_the_case_they_continue(before):
    old = History(before)
    first = old.case(old.contact(), hours=1, code="first-code")
    second = old.case(old.contact(), hours=2, parent=first, code="never-sent-1")
    third = old.case(old.contact(), hours=3, parent=second, code="never-sent-2")
    unrelated = old.case(old.contact(), hours=4, code="own-code")

    Case = _latest().get_model("cases", "Case")
    codes = dict(Case.objects.values_list("pk", "tracking_code_hash"))
    assert codes == {
        first.pk: "first-code",
        second.pk: "first-code",
        third.pk: "first-code",
        unrelated.pk: "own-code",
    }
