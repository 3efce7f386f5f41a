"""The petitioner's snapshot per case and the person registry (issue 8, item 1): a document
number links cases for history and reveals or changes nothing."""

from __future__ import annotations

import pytest

from pqrs.cases.models import Contact, Person, normalize_id_number
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory, file_case
from pqrs.cases.tests.steps import FILED_AT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("1020304050", "1020304050"),
        (" 1.020.304.050 ", "1020304050"),
        ("1020304-5", "10203045"),
        ("ab 123\t456", "AB123456"),
        ("900.123.456-7", "9001234567"),
        ("12\u00a0345", "12345"),
    ],
)
def test_document_numbers_are_normalized(written, key):
    assert normalize_id_number(written) == key


def test_every_filing_with_a_document_links_its_own_snapshot_to_one_person(org):
    web = file_case(contact=ContactDataFactory(id_type="CC", id_number="1.020.304.050"))
    desk = file_case(
        contact=ContactDataFactory(id_type="CC", id_number="1020304050"), actor=org.clerk
    )
    assert web.contact_id != desk.contact_id
    person = Person.objects.get()
    assert (person.id_type, person.id_number) == ("CC", "1020304050")
    assert {web.contact.person_id, desk.contact.person_id} == {person.pk}
    assert web.contact.id_number == "1.020.304.050"  # the snapshot keeps what was written


def test_the_type_is_part_of_the_document(defaults):
    cc = file_case(contact=ContactDataFactory(id_type="CC", id_number="123"))
    nit = file_case(contact=ContactDataFactory(id_type="NIT", id_number="123"))
    assert cc.contact.person_id != nit.contact.person_id
    assert Person.objects.count() == 2


@pytest.mark.parametrize(("id_type", "id_number"), [("", "123"), ("CC", ""), ("CC", " .-")])
def test_without_a_whole_document_there_is_no_person(defaults, id_type, id_number):
    case = file_case(contact=ContactDataFactory(id_type=id_type, id_number=id_number))
    assert case.contact.person_id is None
    assert not Person.objects.exists()


def test_the_person_registry_holds_no_contact_data():
    fields = {f.name for f in Person._meta.concrete_fields}
    assert fields == {"id", "id_type", "id_number", "created_at"}


def test_a_filing_never_updates_a_snapshot_of_another_case(org):
    owner = ContactDataFactory(id_number="55", email="owner@example.com", address="Calle 1")
    first = file_case(contact=owner)
    before = Contact.objects.filter(pk=first.contact_id).values().get()
    for actor in (None, org.clerk, org.lead_a):
        file_case(
            contact=ContactDataFactory(
                id_number="55", full_name="Otro", email="otro@example.net", address="Calle 2"
            ),
            actor=actor,
        )
    assert Contact.objects.filter(pk=first.contact_id).values().get() == before
    assert Contact.objects.count() == 4


def test_a_filing_without_a_document_costs_no_extra_query(org, frozen, django_assert_num_queries):
    """The registry upsert is the only statement a document adds (test_filing_query_count):
    without one, 5 as before."""
    frozen(FILED_AT)
    file_case()
    submission = SubmissionFactory(contact=ContactDataFactory(id_type="", id_number=""))
    with django_assert_num_queries(5):
        case_file(submission=submission, actor=org.clerk)
