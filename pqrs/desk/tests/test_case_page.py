"""The case page: what it shows, which actions it offers in each state, and how a refused
action comes back (the service's message next to its form, nothing changed)."""

from __future__ import annotations

import pytest

from conftest import at
from pqrs.cases.models import CaseEvent, Status
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_assign,
    case_request_information,
    case_start,
    case_triage,
)
from pqrs.cases.tests.factories import ContactDataFactory, file_case

pytestmark = pytest.mark.django_db


def offered(response) -> list[str]:
    return [item["action"].name for item in response.context["actions"]]


def test_actions_follow_the_state_and_the_role(org, as_user):
    case = file_case()
    lead = as_user(org.lead_a)
    # No area yet: a lead may triage or assign it, nothing else.
    assert offered(lead.get(f"/desk/cases/{case.pk}/")) == ["triage"]
    case = case_triage(case=case, actor=org.admin, area=org.area_a)
    names = offered(lead.get(f"/desk/cases/{case.pk}/"))
    assert {"triage", "assign", "move", "request_info", "extend", "transfer"} <= set(names)
    assert "close" not in names
    assert "reopen" not in names
    assert "start" not in names

    officer = as_user(org.officer_a)
    names = offered(officer.get(f"/desk/cases/{case.pk}/"))
    assert "assign" not in names
    assert "move" not in names
    assert "transfer" not in names
    assert "request_info" in names
    assert "note" in names

    case = case_assign(case=case, actor=org.lead_a, assignee=org.officer_a2)
    # Only the assignee starts the work.
    assert "start" not in offered(officer.get(f"/desk/cases/{case.pk}/"))
    other = as_user(org.officer_a2)
    assert "start" in offered(other.get(f"/desk/cases/{case.pk}/"))

    case = case_start(case=case, actor=org.officer_a2)
    case_answer(case=case, actor=org.officer_a2, body="Respuesta.")
    names = offered(other.get(f"/desk/cases/{case.pk}/"))
    assert names == ["close", "note"]


def test_page_shows_petitioner_other_cases_timeline_notes_and_clock(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9))
    petitioner = ContactDataFactory()
    first = file_case(contact=petitioner)
    second = file_case(contact=petitioner)
    case_triage(case=first, actor=org.admin, area=org.area_a)
    case_triage(case=second, actor=org.admin, area=org.area_a)
    case_add_note(case=first, actor=org.lead_a, text="Revisar el expediente físico.")
    response = as_user(org.lead_a).get(f"/desk/cases/{first.pk}/")
    html = response.content.decode()
    assert first.contact.full_name in html
    assert [c.pk for c in response.context["other_cases"]] == [second.pk]
    assert "Revisar el expediente físico." in html
    assert [e.kind for e in response.context["events"]] == ["filed", "triaged", "note"]
    assert response.context["clock"].due_date.isoformat() == "2026-08-04"


def test_refused_action_shows_the_domain_error_next_to_its_form(org, frozen, as_user):
    frozen(at(2026, 7, 1, 9))
    case = case_start(
        case=case_assign(
            case=case_triage(case=file_case(), actor=org.admin, area=org.area_a),
            actor=org.lead_a,
            assignee=org.officer_a,
        ),
        actor=org.officer_a,
    )
    frozen(at(2026, 7, 28, 9))  # more than 10 business days after filing (art. 17)
    client = as_user(org.officer_a)
    before = case.events.count()
    response = client.post(
        f"/desk/cases/{case.pk}/actions/request_info/",
        {"request_info-reason": "incomplete", "request_info-message": "Envíe la factura."},
    )
    assert response.status_code == 422
    item = next(a for a in response.context["actions"] if a["action"].name == "request_info")
    assert "10" in item["error"]
    assert b'data-testid="action-error"' in response.content
    assert case.events.count() == before
    # With HTMX only the form comes back, still holding what was typed.
    partial = client.post(
        f"/desk/cases/{case.pk}/actions/request_info/",
        {"request_info-reason": "incomplete", "request_info-message": "Envíe la factura."},
        HTTP_HX_REQUEST="true",
    )
    assert partial.status_code == 422
    body = partial.content.decode()
    assert "<html" not in body
    assert "Envíe la factura." in body
    assert "action-error" in body


def test_action_success_redirects_and_records_the_event(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    client = as_user(org.lead_a)
    response = client.post(
        f"/desk/cases/{case.pk}/actions/assign/", {"assign-assignee": org.officer_a.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee_id == org.officer_a.pk
    assert case.status == Status.ASSIGNED
    htmx = client.post(
        f"/desk/cases/{case.pk}/actions/note/", {"note-text": "Hola"}, HTTP_HX_REQUEST="true"
    )
    assert htmx["HX-Redirect"] == f"/desk/cases/{case.pk}/"
    assert case.events.filter(kind=CaseEvent.Kind.NOTE).count() == 1


def test_staff_record_the_petitioners_request_for_more_time(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    case = case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case = case_start(case=case, actor=org.officer_a)
    officer = as_user(org.officer_a)
    assert "extend_reply_time" not in offered(officer.get(f"/desk/cases/{case.pk}/"))
    case_request_information(case=case, actor=org.officer_a, reason="incomplete", message="x")
    case.refresh_from_db()
    first_due = case.info_request_due
    assert "extend_reply_time" in offered(officer.get(f"/desk/cases/{case.pk}/"))
    response = officer.post(f"/desk/cases/{case.pk}/actions/extend_reply_time/", {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.info_request_due > first_due
    event = case.events.get(kind=CaseEvent.Kind.REPLY_TIME_EXTENDED)
    assert event.actor == org.officer_a
    # Once: no longer offered, and a stale form is refused.
    assert "extend_reply_time" not in offered(officer.get(f"/desk/cases/{case.pk}/"))
    again = officer.post(f"/desk/cases/{case.pk}/actions/extend_reply_time/", {})
    assert again.status_code == 422
    assert case.events.filter(kind=CaseEvent.Kind.REPLY_TIME_EXTENDED).count() == 1


def test_action_not_offered_in_this_state_is_refused(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    response = as_user(org.lead_a).post(f"/desk/cases/{case.pk}/actions/close/", {})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.status == Status.TRIAGED


def test_case_page_query_count_does_not_grow_with_history(org, as_user, django_assert_num_queries):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    client = as_user(org.lead_a)
    client.get(f"/desk/cases/{case.pk}/")
    with django_assert_num_queries(QUERIES):
        client.get(f"/desk/cases/{case.pk}/")
    for index in range(12):
        case_add_note(case=case, actor=org.lead_a, text=f"Nota {index}")
    for _ in range(3):
        file_case(contact=ContactDataFactory(id_number=case.contact.id_number))
    with django_assert_num_queries(QUERIES):
        response = client.get(f"/desk/cases/{case.pk}/")
    assert len(response.context["events"]) == 14


# session, user, second-factor device, areas of the user (2), case, calendar version, events,
# their attachments, attachments, communications, other cases, templates, answer settings,
# open draft, and the choices of the offered forms (types, topics, areas for triage and move,
# assignees).
QUERIES = 20


def test_notice_to_the_petitioner_is_emailed_after_commit(
    org, frozen, as_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    from pqrs.answers.models import Delivery

    frozen(at(2026, 7, 13, 9))
    case = case_start(
        case=case_assign(
            case=case_triage(case=file_case(), actor=org.admin, area=org.area_a),
            actor=org.lead_a,
            assignee=org.officer_a,
        ),
        actor=org.officer_a,
    )
    client = as_user(org.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/desk/cases/{case.pk}/actions/request_info/",
            {"request_info-reason": "incomplete", "request_info-message": "Envíe la factura."},
        )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == [case.contact.email]
    # The notice as recorded, signed with the entity's name.
    assert sent.body == "Envíe la factura.\n\n-- \nEntidad de demostración"
    assert case.filing_number in sent.subject
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_an_expired_term_is_not_offered_for_extension(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9))
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)  # due Tue 4 Aug
    frozen(at(2026, 8, 4, 16))
    lead = as_user(org.lead_a)
    assert "extend" in offered(lead.get(f"/desk/cases/{case.pk}/"))
    frozen(at(2026, 8, 5, 8))
    lead = as_user(org.lead_a)  # a new working day, a new session
    assert "extend" not in offered(lead.get(f"/desk/cases/{case.pk}/"))
