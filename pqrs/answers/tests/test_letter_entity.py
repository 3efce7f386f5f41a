"""Letters name the entity the portal shows (issue 8, item 11: the shipped transfer notice
said "no es competencia de Entidad" while the portal said another name)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from conftest import at
from pqrs.answers import services as answers
from pqrs.answers.defaults import templates_load
from pqrs.answers.models import AnswerSettings, AnswerTemplate
from pqrs.cases.models import Case, CaseEvent, Communication
from pqrs.cases.services import case_assign, case_start, case_triage
from pqrs.cases.tests.factories import ContactDataFactory, file_case

pytestmark = pytest.mark.django_db

SITE_NAME = re.compile(r'<p class="site-name"><a href="/">(.*?) · ')


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap where the layout wants


def working_case(org) -> Case:  # type: ignore[no-untyped-def]
    filed = file_case(
        subject="Cobro doble del predial",
        contact=ContactDataFactory(full_name="María Gómez", email="maria@example.com"),
    )
    filed = case_triage(case=filed, actor=org.admin, area=org.area_a)
    filed = case_assign(case=filed, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=filed, actor=org.officer_a)


@pytest.fixture
def case(org, frozen):  # type: ignore[no-untyped-def]
    frozen(at(2026, 7, 10, 9))
    return working_case(org)


def shipped(kind: str) -> AnswerTemplate:
    templates_load()  # also run by a migration; transactional tests flush its rows
    template = AnswerTemplate.objects.filter(kind=kind).order_by("position").first()
    assert template is not None
    return template


def letter_text(org, case: Case) -> str:  # type: ignore[no-untyped-def]
    """The PDF letter of an answer sent through the answer services."""
    AnswerSettings.objects.update_or_create(pk=1, defaults={"approval_required": False})
    draft = answers.draft_save(case=case, actor=org.officer_a, body="Se accede a lo pedido.")
    answers.answer_send(draft=draft, actor=org.officer_a)
    letter = case.events.get(kind=CaseEvent.Kind.ANSWERED).attachments.get()
    with letter.file.open("rb") as handle:
        return pdf_text(handle.read())


def test_letters_name_the_entity_the_portal_shows(org, case, client):
    name = SITE_NAME.search(client.get("/").content.decode()).group(1)
    transfer = answers.template_render(
        template=shipped(Communication.Kind.TRANSFER_LETTER), case=case, actor=org.lead_a
    )
    assert f"no es competencia de {name}." in transfer
    assert name in letter_text(org, case)
