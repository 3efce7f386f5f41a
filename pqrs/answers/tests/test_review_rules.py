"""What an answer must pass before it reaches the petitioner (issue 8): a second person's
approval (four eyes, item 9), no unfilled template placeholder (item 12), and a bounded
length (item 9)."""

from __future__ import annotations

import pytest

from conftest import at
from pqrs.accounts.models import AreaMembership, Role, User
from pqrs.answers import services
from pqrs.answers.defaults import templates_load
from pqrs.answers.models import AnswerDraft, AnswerSettings, AnswerTemplate, DraftState
from pqrs.cases.models import Status
from pqrs.cases.services import case_assign, case_start, case_triage
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org, frozen):
    frozen(at(2026, 7, 10, 9))
    filed = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    filed = case_assign(case=filed, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=filed, actor=org.officer_a)


@pytest.fixture
def second_lead(org) -> User:
    user = User.objects.create_user(
        username="jefe.a2", password="x-Secret-2026", role=Role.AREA_LEAD
    )
    AreaMembership.objects.create(user=user, area=org.area_a)
    return user


def submitted(case, author, body="Se accede a la devolución.") -> AnswerDraft:
    draft = services.draft_save(case=case, actor=author, body=body)
    return services.draft_submit(draft=draft, actor=author)


# --- four eyes ------------------------------------------------------------------------------
def test_a_lead_cannot_approve_the_answer_they_wrote(org, case, second_lead):
    draft = submitted(case, org.lead_a)
    with refused("four_eyes") as caught:
        services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    assert "otro jefe de la dependencia o un administrador" in caught.value.message
    approved = services.draft_review(draft=draft, actor=second_lead, approve=True)
    assert (approved.state, approved.reviewed_by) == (DraftState.APPROVED, second_lead)


def test_nor_the_answer_they_last_edited(org, case):
    submitted(case, org.officer_a)
    draft = services.draft_save(case=case, actor=org.lead_a, body="Se accede, con la norma.")
    draft = services.draft_submit(draft=draft, actor=org.lead_a)
    with refused("four_eyes"):
        services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    assert services.draft_review(draft=draft, actor=org.admin, approve=True).state == (
        DraftState.APPROVED
    )


def test_an_entity_may_turn_four_eyes_off(org, case):
    AnswerSettings.objects.update_or_create(pk=1, defaults={"four_eyes": False})
    draft = submitted(case, org.lead_a)
    assert services.draft_review(draft=draft, actor=org.lead_a, approve=True).state == (
        DraftState.APPROVED
    )


def test_the_case_page_offers_approval_only_to_someone_allowed(org, case, as_user):
    submitted(case, org.lead_a)
    author = as_user(org.lead_a).get(f"/desk/cases/{case.pk}/")
    assert not author.context["answer"]["can_review"]
    assert b'data-answer="approve"' not in author.content
    assert b'data-testid="four-eyes"' in author.content
    admin = as_user(org.admin).get(f"/desk/cases/{case.pk}/")
    assert admin.context["answer"]["can_review"]
    refusal = as_user(org.lead_a).post(f"/desk/cases/{case.pk}/answer/approve/", {})
    assert refusal.status_code == 422
    assert "otro jefe de la dependencia" in refusal.content.decode()


# --- placeholders ---------------------------------------------------------------------------
def test_an_answer_with_a_placeholder_is_neither_submitted_nor_sent(org, case):
    body = "En atención a su petición: [Análisis y decisión]. Atentamente,"
    draft = services.draft_save(case=case, actor=org.officer_a, body=body)  # a draft may
    with refused("unfilled_placeholder") as caught:
        services.draft_submit(draft=draft, actor=org.officer_a)
    assert "[Análisis y decisión]" in caught.value.message
    AnswerSettings.objects.update_or_create(pk=1, defaults={"approval_required": False})
    with refused("unfilled_placeholder"):
        services.answer_send(draft=draft, actor=org.officer_a)
    assert case.communications.count() == 0


def test_a_submitted_answer_with_a_placeholder_is_not_approved(org, case):
    """Submitted before this rule: the lead's approval refuses it too."""
    draft = submitted(case, org.officer_a)
    AnswerDraft.objects.filter(pk=draft.pk).update(body="Motivo: {{ motivo }}.")
    with refused("unfilled_placeholder"):
        services.draft_review(draft=draft, actor=org.lead_a, approve=True)


def test_the_shipped_answer_template_must_be_completed_on_the_case_page(org, case, as_user):
    templates_load()
    template = AnswerTemplate.objects.get(kind="answer", name="Respuesta de fondo")
    officer = as_user(org.officer_a)
    filled = officer.get(f"/desk/cases/{case.pk}/template/", {"answer-template": template.pk})
    response = officer.post(
        f"/desk/cases/{case.pk}/answer/submit/",
        {"answer-body": filled.content.decode(), "answer-template": template.pk},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Reemplace [Análisis y decisión: se accede / se niega / se explica" in html
    assert AnswerDraft.objects.get(case=case).state == DraftState.DRAFT
    assert case.status == Status.IN_PROGRESS


# --- length ---------------------------------------------------------------------------------
def test_over_long_answers_and_comments_are_refused(org, case):
    with refused("too_long"):
        services.draft_save(case=case, actor=org.officer_a, body="x" * 20_001)
    draft = submitted(case, org.officer_a)
    with refused("too_long"):
        services.draft_review(draft=draft, actor=org.lead_a, approve=False, comment="y" * 2_001)
