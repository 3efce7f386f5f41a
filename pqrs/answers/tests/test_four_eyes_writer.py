"""Four eyes refuse only whoever wrote the answer as it stands, a draft can be thrown away, and
the refusal names who can approve (issue 8 review, finding 1). The confidential area has one
lead, as is typical: he wrote and submitted an answer, his officer rewrote it, and he was still
refused; with nobody else able to approve (administrators do not see confidential reports) the
answer could never go out."""

from __future__ import annotations

import pytest

from conftest import at
from pqrs.answers import services
from pqrs.answers.models import AnswerDraft, DraftState
from pqrs.cases.models import CaseEvent
from pqrs.cases.services import case_assign, case_start, case_triage
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def denuncia(org, control, frozen):
    frozen(at(2026, 7, 10, 9))
    case = case_triage(case=file_case(case_type_code="denuncia"), actor=control.lead)
    case = case_assign(case=case, actor=control.lead, assignee=control.officer)
    return case_start(case=case, actor=control.officer)


@pytest.fixture
def case(org, frozen):
    frozen(at(2026, 7, 10, 9))
    filed = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    filed = case_assign(case=filed, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=filed, actor=org.officer_a)


def submitted(case, author, body="Se abrió indagación disciplinaria.") -> AnswerDraft:
    draft = services.draft_save(case=case, actor=author, body=body)
    return services.draft_submit(draft=draft, actor=author)


def notes(case) -> list[str]:
    return [e.data["text"] for e in case.events.filter(kind=CaseEvent.Kind.NOTE).order_by("seq")]


def test_the_only_lead_approves_once_his_officer_rewrote_his_text(control, denuncia, as_user):
    submitted(denuncia, control.lead)
    officer = as_user(control.officer)
    rewrite = {"answer-body": "Se abrió indagación disciplinaria contra el funcionario."}
    assert officer.post(f"/desk/cases/{denuncia.pk}/answer/submit/", rewrite).status_code == 302
    lead = as_user(control.lead)
    page = lead.get(f"/desk/cases/{denuncia.pk}/").content.decode()
    assert 'data-answer="approve"' in page
    assert lead.post(f"/desk/cases/{denuncia.pk}/answer/approve/").status_code == 302
    draft = AnswerDraft.objects.get(case=denuncia)
    assert (draft.state, draft.reviewed_by) == (DraftState.APPROVED, control.lead)


def test_the_author_approves_a_text_someone_else_rewrote(org, case):
    submitted(case, org.lead_a, body="Se accede.")
    draft = services.draft_save(case=case, actor=org.officer_a, body="Se accede a la devolución.")
    draft = services.draft_submit(draft=draft, actor=org.officer_a)
    approved = services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    assert approved.state == DraftState.APPROVED


def test_the_last_writer_is_still_refused(org, case):
    submitted(case, org.officer_a)
    draft = submitted(case, org.lead_a, body="Se accede, con la norma aplicable.")
    with refused("four_eyes"):
        services.draft_review(draft=draft, actor=org.lead_a, approve=True)


def test_the_refusal_on_a_confidential_case_names_no_administrator(control, denuncia, as_user):
    submitted(denuncia, control.lead)
    lead = as_user(control.lead)
    refusal = lead.post(f"/desk/cases/{denuncia.pk}/answer/approve/")
    assert refusal.status_code == 422
    message = refusal.context["answer"]["error"]
    assert "otro jefe de esta dependencia" in message
    assert "administradores no ven" in message
    assert "o un administrador" not in message
    page = lead.get(f"/desk/cases/{denuncia.pk}/").content.decode()
    notice = page[page.index('data-testid="four-eyes"') :]
    assert message.split(":")[0] in notice  # the page says what the refusal says


def test_an_officer_of_the_confidential_area_is_told_who_approves(control, denuncia):
    draft = submitted(denuncia, control.officer)
    with refused("forbidden") as caught:
        services.draft_review(draft=draft, actor=control.officer, approve=True)
    assert "jefe de esta dependencia" in caught.value.message
    assert "administrador" not in caught.value.message


def test_the_refusal_on_another_case_names_administrators(org, case):
    draft = submitted(case, org.lead_a)
    with refused("four_eyes") as caught:
        services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    assert "otro jefe de la dependencia o un administrador" in caught.value.message


def test_the_only_lead_discards_his_draft_from_the_case_page(control, denuncia, as_user):
    submitted(denuncia, control.lead)
    lead = as_user(control.lead)
    page = lead.get(f"/desk/cases/{denuncia.pk}/").content.decode()
    assert 'data-answer="discard"' in page
    response = lead.post(f"/desk/cases/{denuncia.pk}/answer/discard/")
    assert response.status_code == 302
    assert not AnswerDraft.objects.filter(case=denuncia).exists()
    assert notes(denuncia) == ["Borrador de respuesta descartado."]
    assert "Borrador descartado." in lead.get(response["Location"]).content.decode()
    # The officer writes the answer anew, and the lead approves it.
    submitted(denuncia, control.officer)
    draft = services.open_draft(denuncia)
    assert services.draft_review(draft=draft, actor=control.lead, approve=True).state == (
        DraftState.APPROVED
    )


def test_who_may_discard_a_draft(org, case):
    def written() -> AnswerDraft:
        services.draft_save(case=case, actor=org.officer_a, body="Primera versión.")
        return services.draft_save(case=case, actor=org.officer_a2, body="Segunda versión.")

    for outsider in (org.lead_b, org.auditor, org.clerk):
        with refused("forbidden"):
            services.draft_discard(draft=written(), actor=outsider)
    for allowed in (org.officer_a, org.officer_a2, org.lead_a, org.admin):
        services.draft_discard(draft=written(), actor=allowed)
        assert services.open_draft(case) is None
    # An officer of the area who did not write it does not throw away a colleague's work.
    draft = services.draft_save(case=case, actor=org.officer_a, body="Solo mía.")
    with refused("forbidden"):
        services.draft_discard(draft=draft, actor=org.officer_a2)


def test_a_sent_answer_is_not_discarded(org, case):
    draft = submitted(case, org.officer_a)
    draft = services.draft_review(draft=draft, actor=org.lead_a, approve=True)
    services.answer_send(draft=draft, actor=org.officer_a)
    with refused("invalid_state"):
        services.draft_discard(draft=AnswerDraft.objects.get(pk=draft.pk), actor=org.lead_a)
