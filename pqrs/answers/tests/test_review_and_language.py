"""The lead's review comment is never dropped in silence (issue 8 review, finding 6), and a
template is filled in the entity's language whatever the officer's screen is in (finding 9)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from conftest import at
from pqrs.answers import services
from pqrs.answers.defaults import templates_load
from pqrs.answers.models import AnswerDraft, AnswerTemplate, DraftState
from pqrs.cases.services import case_assign, case_start, case_triage
from pqrs.cases.tests.factories import file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org, frozen):
    frozen(at(2026, 7, 10, 9))
    filed = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    filed = case_assign(case=filed, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=filed, actor=org.officer_a)


@pytest.fixture
def waiting(org, case) -> AnswerDraft:
    draft = services.draft_save(case=case, actor=org.officer_a, body="Se accede a la devolución.")
    return services.draft_submit(draft=draft, actor=org.officer_a)


def test_an_over_long_comment_stops_the_approval_and_says_why(org, case, waiting, as_user):
    response = as_user(org.lead_a).post(
        f"/desk/cases/{case.pk}/answer/approve/", {"review-comment": "y" * 2_001}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Revise el comentario." in html
    assert "menos de 2000 caracteres (tiene 2001)" in html
    assert "y" * 2_001 in html  # what the lead wrote is there to shorten
    assert AnswerDraft.objects.get(pk=waiting.pk).state == DraftState.SUBMITTED


def test_a_return_with_a_comment_that_cannot_be_kept_says_what_is_wrong(
    org, case, waiting, as_user
):
    response = as_user(org.lead_a).post(
        f"/desk/cases/{case.pk}/answer/return/", {"review-comment": "Falta\x00 la norma"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "caracteres nulos" in html
    assert "Diga qué debe cambiar" not in html
    assert AnswerDraft.objects.get(pk=waiting.pk).state == DraftState.SUBMITTED


def test_a_valid_comment_goes_with_the_return(org, case, waiting, as_user):
    response = as_user(org.lead_a).post(
        f"/desk/cases/{case.pk}/answer/return/", {"review-comment": "Cite la norma."}
    )
    assert response.status_code == 302
    draft = AnswerDraft.objects.get(pk=waiting.pk)
    assert (draft.state, draft.review_comment) == (DraftState.DRAFT, "Cite la norma.")


@pytest.fixture
def english():
    """Makes a client read the desk in English; the request leaves English active in this
    thread, so it is undone for the tests that follow."""

    def switch(client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    yield switch
    translation.deactivate()


def test_a_template_is_filled_in_the_entitys_language(org, case, as_user, english):
    templates_load()
    template = AnswerTemplate.objects.get(kind="answer", name="Respuesta de fondo")
    officer = english(as_user(org.officer_a))
    assert "Save draft" in officer.get(f"/desk/cases/{case.pk}/").content.decode()
    text = officer.get(
        f"/desk/cases/{case.pk}/template/", {"answer-template": template.pk}
    ).content.decode()
    assert "del 10 de julio de 2026" in text
    assert "July" not in text


def test_a_confidential_template_greets_the_reporter_in_the_entitys_language(
    org, control, frozen, as_user, english
):
    frozen(at(2026, 7, 10, 9))
    denuncia = case_triage(case=file_case(case_type_code="denuncia"), actor=control.lead)
    templates_load()
    template = AnswerTemplate.objects.get(kind="answer", name="Respuesta de fondo")
    lead = english(as_user(control.lead))
    text = lead.get(
        f"/desk/cases/{denuncia.pk}/template/", {"answer-template": template.pk}
    ).content.decode()
    assert text.startswith("Señor(a) denunciante\n")
