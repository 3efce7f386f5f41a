"""Answer templates, drafts, the area lead's approval, the PDF letter and its delivery."""

from __future__ import annotations

import re
import socket

import pytest
from django.core import mail

from conftest import at
from pqrs.answers import services
from pqrs.answers.defaults import templates_load
from pqrs.answers.models import (
    AnswerDraft,
    AnswerSettings,
    AnswerTemplate,
    Delivery,
    DraftState,
)
from pqrs.answers.tasks import send_delivery
from pqrs.cases.models import Case, CaseEvent, Communication, Status
from pqrs.cases.services import case_assign, case_start, case_triage
from pqrs.cases.tests.factories import ContactDataFactory, file_case
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org, frozen):
    frozen(at(2026, 7, 10, 9))
    filed = file_case(
        subject="Cobro doble del predial",
        contact=ContactDataFactory(full_name="María Gómez", email="maria@example.com"),
    )
    filed = case_triage(case=filed, actor=org.admin, area=org.area_a)
    filed = case_assign(case=filed, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=filed, actor=org.officer_a)


def test_template_fills_its_variables_and_keeps_unknown_ones(org, case):
    template = AnswerTemplate.objects.create(
        kind="answer",
        name="Prueba",
        body="Señora {{ petitioner }}, radicado {{radicado}} del {{ filing_date }}; {{ nada }}.",
    )
    text = services.template_render(template=template, case=case, actor=org.officer_a)
    assert text == (
        f"Señora María Gómez, radicado {case.filing_number} del 10 de julio de 2026; {{{{ nada }}}}."
    )


def test_default_templates_exist_for_the_answer_and_each_notice():
    templates_load()  # also run by migration 0002; transactional tests flush its rows
    assert templates_load() == 0  # loading again adds nothing
    kinds = set(AnswerTemplate.objects.values_list("kind", flat=True))
    assert kinds == set(Communication.Kind.values)


def test_draft_approval_and_sending_with_pdf_and_email(
    org, case, django_capture_on_commit_callbacks
):
    draft = services.draft_save(case=case, actor=org.officer_a, body="Se accede a la devolución.")
    with refused("not_approved"):
        services.answer_send(draft=draft, actor=org.officer_a)
    draft = services.draft_submit(draft=draft, actor=org.officer_a)
    with refused("forbidden"):
        services.draft_review(draft=draft, actor=org.officer_a, approve=True)
    with refused("forbidden"):  # a lead of another area
        services.draft_review(draft=draft, actor=org.lead_b, approve=True)
    draft = services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    assert draft.state == DraftState.APPROVED
    note = case.events.filter(kind=CaseEvent.Kind.NOTE).get()
    assert note.actor == org.lead_a
    assert not note.is_public

    with django_capture_on_commit_callbacks(execute=True):
        communication = services.answer_send(draft=draft, actor=org.officer_a)
    case.refresh_from_db()
    assert case.status == Status.ANSWERED
    assert communication.body == "Se accede a la devolución."
    assert communication.delivery_channel == Communication.DeliveryChannel.EMAIL
    answered = case.events.get(kind=CaseEvent.Kind.ANSWERED)
    letter = answered.attachments.get()
    assert letter.content_type == "application/pdf"
    assert letter.file.open("rb").read().startswith(b"%PDF")
    delivery = Delivery.objects.get(communication=communication)
    assert delivery.state == Delivery.State.SENT
    assert delivery.attempts == 1
    (sent,) = mail.outbox
    assert sent.to == ["maria@example.com"]
    assert case.filing_number in sent.subject
    assert sent.attachments[0][0] == f"respuesta-{communication.number}.pdf"
    draft.refresh_from_db()
    assert draft.state == DraftState.SENT
    assert draft.communication == communication


def test_editing_an_approved_answer_needs_a_new_approval(org, case):
    draft = services.draft_save(case=case, actor=org.officer_a, body="Texto 1")
    services.draft_submit(draft=draft, actor=org.officer_a)
    services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    draft = services.draft_save(case=case, actor=org.officer_a, body="Texto 2")
    assert draft.state == DraftState.DRAFT
    with refused("not_approved"):
        services.answer_send(draft=draft, actor=org.officer_a)


def test_returned_answer_needs_a_comment(org, case):
    draft = services.draft_submit(
        draft=services.draft_save(case=case, actor=org.officer_a, body="Texto"),
        actor=org.officer_a,
    )
    with refused("required"):
        services.draft_review(draft=draft, actor=org.lead_a, approve=False)
    draft = services.draft_review(
        draft=draft, actor=org.lead_a, approve=False, comment="Cite la norma."
    )
    assert draft.state == DraftState.DRAFT
    assert draft.review_comment == "Cite la norma."


def test_without_approval_step_the_officer_sends_directly(org, case):
    AnswerSettings.objects.update(approval_required=False)
    Case.objects.filter(pk=case.pk).update(answer_channel=Communication.DeliveryChannel.POSTAL)
    draft = services.draft_save(case=case, actor=org.officer_a, body="Respuesta")
    communication = services.answer_send(draft=draft, actor=org.officer_a)
    assert communication.delivery_channel == Communication.DeliveryChannel.POSTAL
    assert Delivery.objects.get().state == Delivery.State.MANUAL  # printed and mailed by hand
    assert mail.outbox == []


def test_failed_email_is_recorded_not_silenced(org, case, settings):
    AnswerSettings.objects.update(approval_required=False)
    communication = services.answer_send(
        draft=services.draft_save(case=case, actor=org.officer_a, body="Respuesta"),
        actor=org.officer_a,
    )
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    delivery = Delivery.objects.get(communication=communication)
    with pytest.raises(ConnectionRefusedError):
        send_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error


def test_answer_flow_through_the_case_page(org, case, as_user):
    from pqrs.desk.tests.conftest import login

    templates_load()
    template = AnswerTemplate.objects.filter(kind="answer").first()
    officer = as_user(org.officer_a)
    filled = officer.get(f"/desk/cases/{case.pk}/template/", {"answer-template": template.pk})
    assert case.filing_number in filled.content.decode()
    # The officer writes the analysis where the template leaves it to them.
    body = re.sub(r"\[[^\]]*\]", "Se accede a la devolución.", filled.content.decode())
    officer.post(
        f"/desk/cases/{case.pk}/answer/submit/",
        {"answer-body": body, "answer-template": template.pk},
    )
    refused = officer.post(f"/desk/cases/{case.pk}/answer/send/", {})
    assert refused.status_code == 422
    assert b'data-testid="answer-error"' in refused.content

    from django.test import Client

    lead = login(Client(), org.lead_a)
    page = lead.get(f"/desk/cases/{case.pk}/")
    assert page.context["answer"]["can_review"]
    lead.post(f"/desk/cases/{case.pk}/answer/approve/", {})
    page = officer.get(f"/desk/cases/{case.pk}/")
    assert page.context["answer"]["can_send"]
    response = officer.post(f"/desk/cases/{case.pk}/answer/send/", {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ANSWERED


def test_sending_the_approved_text_unchanged_keeps_the_approval(org, case):
    draft = services.draft_save(case=case, actor=org.officer_a, body="Línea 1\r\nLínea 2")
    services.draft_submit(draft=draft, actor=org.officer_a)
    services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    # The browser posts the textarea again with the send button, CRLF line breaks included.
    draft = services.draft_save(case=case, actor=org.officer_a, body="Línea 1\r\nLínea 2")
    assert draft.state == DraftState.APPROVED
    assert services.answer_send(draft=draft, actor=org.officer_a).body == "Línea 1\nLínea 2"


def test_without_approval_the_case_page_sends_straight_from_the_form(org, case, as_user):
    AnswerSettings.objects.update(approval_required=False)
    officer = as_user(org.officer_a)
    page = officer.get(f"/desk/cases/{case.pk}/")
    assert page.context["answer"]["can_send"]
    assert b'data-answer="submit"' not in page.content
    response = officer.post(f"/desk/cases/{case.pk}/answer/send/", {"answer-body": "Respuesta."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ANSWERED


def test_a_review_of_a_text_changed_since_is_refused(org, case):
    """The lead opened the submitted text; the author rewrote it before the lead approved:
    what is approved must be what is on record, so the stale approval is refused."""
    draft = services.draft_submit(
        draft=services.draft_save(case=case, actor=org.officer_a, body="Texto 1"),
        actor=org.officer_a,
    )
    seen_by_lead = AnswerDraft.objects.get(pk=draft.pk)
    services.draft_save(case=case, actor=org.officer_a, body="Texto 2")
    with refused("invalid_state"):
        services.draft_review(draft=seen_by_lead, actor=org.lead_a, approve=True)
    assert AnswerDraft.objects.get(pk=draft.pk).state == DraftState.DRAFT


def test_broker_outage_after_the_answer_commits_does_not_break_the_page(
    org, case, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(send_delivery, "delay", broker_down)
    AnswerSettings.objects.update_or_create(pk=1, defaults={"approval_required": False})
    draft = services.draft_save(case=case, actor=org.officer_a, body="Respuesta.")
    with django_capture_on_commit_callbacks(execute=True):
        communication = services.answer_send(draft=draft, actor=org.officer_a)
    assert Case.objects.get(pk=case.pk).status == Status.ANSWERED
    assert Delivery.objects.get(communication=communication).state == Delivery.State.PENDING
    assert "could not queue answer delivery" in caplog.text
