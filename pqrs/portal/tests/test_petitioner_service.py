import pytest

from pqrs.cases.models import CaseEvent, Status
from pqrs.cases.projection import replay, snapshot
from pqrs.cases.services import (
    case_assign,
    case_request_information,
    case_start,
    case_triage,
    case_withdraw,
)
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.services.petitioner import case_add_information
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import refused
from pqrs.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_adding_information_appends_a_public_event_and_keeps_the_clock(defaults):
    case = file_case()
    due = case.due_date
    event = case_add_information(
        case=case,
        text=" Más datos ",
        attachments=(AttachmentData("a.txt", b"hola", "text/plain"),),
    )
    case.refresh_from_db()
    assert event.kind == CaseEvent.Kind.INFORMATION_ADDED
    assert event.is_public
    assert event.data == {"text": "Más datos", "attachments": 1}
    assert event.attachments.get().uploaded_by is None
    assert case.due_date == due
    assert case.status == Status.FILED
    assert replay(case.events.all()) == snapshot(case)


def test_blank_text_is_refused(defaults):
    case = file_case()
    with refused("required"):
        case_add_information(case=case, text="   ")
    assert case.events.count() == 1


def test_closed_case_takes_no_information(defaults):
    case = file_case()
    case_withdraw(case=case)
    with pytest.raises(DomainError) as caught:
        case_add_information(case=case, text="x")
    assert caught.value.code == "invalid_status"


def test_waiting_case_must_be_answered_instead(org):
    case = file_case()
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case_start(case=case, actor=org.officer_a)
    case_request_information(case=case, actor=org.officer_a, reason="incomplete", message="m")
    with pytest.raises(DomainError) as caught:
        case_add_information(case=case, text="x")
    assert caught.value.code == "answer_request"
