"""Issue 8, item 1: a staff filing with someone's document number must neither read nor change
that person's data. Each case keeps the petitioner data it was filed with (where its answers
go); the person registry only links the cases of one document, and the case page lists them as
far as the viewer may see."""

from __future__ import annotations

import pytest
from django.core import mail

from pqrs.answers import services as answers
from pqrs.answers.models import Delivery
from pqrs.cases.models import Case
from pqrs.cases.services import case_assign, case_file, case_start, case_triage
from pqrs.cases.services.filing import ContactData
from pqrs.cases.tests.factories import SubmissionFactory

from .test_staff_filing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("filing_day")]

MARIA = ContactData(
    full_name="María Gómez",
    id_type="CC",
    id_number="1020304050",
    email="maria@example.com",
    phone="3105550000",
    address="Carrera 9 # 8-7",
    city="Tunja",
    data_consent=True,
    consent_policy_version="2026-1",
)
STORED = ("maria@example.com", "3105550000", "Carrera 9 # 8-7")


def file_for(contact: ContactData, **fields) -> Case:
    return case_file(submission=SubmissionFactory(contact=contact, **fields), actor=None).case


@pytest.fixture
def marias_case_in_b(org) -> Case:
    """María filed on the web; area B (salud) is working on it."""
    case = case_triage(case=file_for(MARIA), actor=org.lead_b, area=org.area_b)
    case = case_assign(case=case, actor=org.lead_b, assignee=org.officer_b)
    return case_start(case=case, actor=org.officer_b)


def filed_by_clerk(org, as_user, **fields) -> tuple[Case, str]:
    """The radicador files with María's document number; the new case and its desk page."""
    client = as_user(org.clerk)
    before = set(Case.objects.values_list("pk", flat=True))
    response = client.post(
        "/desk/file/",
        form_data(id_type="CC", id_number=MARIA.id_number, email_receipt="", **fields),
    )
    assert response.status_code == 302, response.content[:2000]
    (case,) = Case.objects.exclude(pk__in=before)
    page = client.get(f"/desk/cases/{case.pk}/")
    assert page.status_code == 200
    receipt = client.get(f"/desk/cases/{case.pk}/receipt/")
    return case, page.content.decode() + receipt.content.decode()


def test_blank_fields_do_not_show_the_data_on_file(org, as_user, marias_case_in_b):
    case, html = filed_by_clerk(
        org, as_user, full_name="Mallory", email="", phone="", address="", city=""
    )
    for value in STORED:
        assert value not in html
    assert (case.contact.email, case.contact.phone, case.contact.address) == ("", "", "")
    assert case.contact.full_name == "Mallory"


def test_filled_fields_never_change_another_case_nor_where_its_answer_goes(
    org, as_user, marias_case_in_b, django_capture_on_commit_callbacks
):
    filed_by_clerk(
        org,
        as_user,
        full_name="María Gómez",
        email="mallory@example.net",
        phone="3000000000",
        address="Calle Falsa 123",
    )
    contact = Case.objects.get(pk=marias_case_in_b.pk).contact
    assert (contact.email, contact.phone, contact.address) == STORED

    # Area B answers María's case later: the answer goes to the e-mail she filed with.
    draft = answers.draft_save(case=marias_case_in_b, actor=org.officer_b, body="Respuesta.")
    draft = answers.draft_submit(draft=draft, actor=org.officer_b)
    draft = answers.draft_review(draft=draft, actor=org.lead_b, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        communication = answers.answer_send(draft=draft, actor=org.officer_b)
    assert Delivery.objects.get(communication=communication).recipient == "maria@example.com"
    assert [m.to for m in mail.outbox] == [["maria@example.com"]]


@pytest.fixture
def same_person_in_two_areas(org) -> tuple[Case, Case]:
    """María's case in area A and, filed with her number written differently, one in B."""
    in_a = case_triage(case=file_for(MARIA), actor=org.lead_a, area=org.area_a)
    other = ContactData(
        full_name="María Gómez", id_type="CC", id_number="1.020.304.050", email="mg@example.org"
    )
    in_b = case_triage(case=file_for(other), actor=org.lead_b, area=org.area_b)
    return in_a, in_b


def test_person_history_shows_only_what_the_viewer_may_see(org, as_user, same_person_in_two_areas):
    in_a, in_b = same_person_in_two_areas
    officer = as_user(org.officer_a).get(f"/desk/cases/{in_a.pk}/")
    assert officer.context["other_cases"] == []
    assert in_b.filing_number not in officer.content.decode()

    auditor = as_user(org.auditor).get(f"/desk/cases/{in_a.pk}/")
    html = auditor.content.decode()
    assert [c.pk for c in auditor.context["other_cases"]] == [in_b.pk]
    assert auditor.context["other_cases_total"] == 1
    assert 'data-testid="other-cases-total">(1)<' in html
    assert in_b.filing_number in html
    assert "mg@example.org" not in html  # the other case's data stays on the other case
    assert as_user(org.auditor).get(f"/desk/cases/{in_b.pk}/").context["other_cases"] == [in_a]


def test_the_history_counts_all_and_lists_the_newest(org, as_user):
    cases = [file_for(MARIA) for _ in range(12)]
    response = as_user(org.auditor).get(f"/desk/cases/{cases[0].pk}/")
    assert response.context["other_cases_total"] == 11
    assert len(response.context["other_cases"]) == 10
    assert response.context["other_cases"][0] == cases[-1]
    assert 'data-testid="other-cases-total">(11)<' in response.content.decode()


def test_search_by_document_number_however_written_within_the_viewer_scope(
    org, as_user, same_person_in_two_areas
):
    in_a, in_b = same_person_in_two_areas
    for written in ("1020304050", "1.020.304.050", "1020304-050"):
        found = as_user(org.auditor).get("/desk/search/", {"q": written}).context["results"]
        assert {c.pk for c in found} == {in_a.pk, in_b.pk}, written
        found = as_user(org.officer_a).get("/desk/search/", {"q": written}).context["results"]
        assert {c.pk for c in found} == {in_a.pk}, written


def test_a_passport_with_letters_is_found_by_its_number(org, as_user):
    passport = ContactData(full_name="John Smith", id_type="PA", id_number="ab-123456")
    case = file_for(passport)
    found = as_user(org.auditor).get("/desk/search/", {"q": "AB123456"}).context["results"]
    assert [c.pk for c in found] == [case.pk]
