"""The desk's wording (issue 8, item 15): no "---------" in selects, labels that start with a
capital, the receipt handed to the petitioner names the code as the portal does, and the
English interface shows the shipped types and channels, and the filing receipt, in English."""

from __future__ import annotations

import re

import pytest

from pqrs.cases.models import Case
from pqrs.cases.services import case_triage
from pqrs.cases.tests.factories import file_case

from .test_staff_filing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("filing_day")]

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def labels(html: str) -> list[str]:
    return [visible_text(label) for label in re.findall(r"<label[^>]*>(.*?)</label>", html)]


def test_no_select_of_the_desk_shows_dashes(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    case_page = as_user(org.lead_a).get(f"/desk/cases/{case.pk}/", **SPANISH).content.decode()
    clerk_page = as_user(org.clerk).get("/desk/file/", **SPANISH).content.decode()
    for html in (clerk_page, case_page):
        assert "<select" in html
        assert "---------" not in html
    assert 'value="" selected>Elija…</option>' in clerk_page


def test_form_labels_start_with_a_capital(org, as_user):
    page = as_user(org.clerk).get("/desk/file/", **SPANISH).content.decode()
    shown = labels(page)
    assert "Tipo de documento" in shown
    assert "Número de documento" in shown
    assert [label for label in shown if label[:1].islower()] == []


def test_the_printed_receipt_names_the_code_as_the_portal_does(org, as_user):
    client = as_user(org.clerk)
    response = client.post("/desk/file/", form_data(email_receipt=""), **SPANISH)
    receipt = visible_text(client.get(response["Location"], **SPANISH).content.decode())
    assert "Código de consulta" in receipt
    assert "seguimiento" not in receipt.lower()
    assert "Recibida el" in receipt


def test_the_english_desk_shows_types_channels_and_the_receipt_in_english(org, as_user):
    client = as_user(org.clerk)
    filed = client.post("/desk/file/", form_data(email_receipt=""), **ENGLISH)
    case = Case.objects.get()
    receipt = visible_text(client.get(filed["Location"], **ENGLISH).content.decode())
    assert "Type Petition" in receipt
    assert "Channel Phone" in receipt
    filing_page = visible_text(client.get("/desk/file/", **ENGLISH).content.decode())
    assert "Request for documents or information" in filing_page
    assert "In person (front desk)" in filing_page
    for english in (receipt, filing_page):
        assert "constancia" not in english.lower()
        assert "Petición" not in english

    case_triage(case=case, actor=org.admin, area=org.area_a)
    lead = as_user(org.lead_a)
    page = visible_text(lead.get(f"/desk/cases/{case.pk}/", **ENGLISH).content.decode())
    assert "Petition · Phone" in page
    assert "Constancia" not in page
    inbox = visible_text(lead.get("/desk/?tab=all", **ENGLISH).content.decode())
    assert "Petition Phone" in inbox
    exported = b"".join(lead.get("/desk/export.csv?tab=all", **ENGLISH).streaming_content)
    assert ",Petition,Phone," in exported.decode()

    spanish = visible_text(lead.get(f"/desk/cases/{case.pk}/", **SPANISH).content.decode())
    assert "Petición · Teléfono" in spanish


def test_the_shipped_answer_templates_are_offered_by_an_english_name(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    client = as_user(org.lead_a)
    english = client.get(f"/desk/cases/{case.pk}/", **ENGLISH).content.decode()
    assert ">Transfer to the competent entity (art. 21)</option>" in english
    assert "Traslado por competencia" not in english
    spanish = client.get(f"/desk/cases/{case.pk}/", **SPANISH).content.decode()
    assert ">Traslado por competencia (art. 21)</option>" in spanish


def test_a_missing_name_at_the_desk_asks_for_the_petitioners_not_the_clerks(org, as_user):
    client = as_user(org.clerk)
    refused = client.post("/desk/file/", form_data(full_name=""), **SPANISH)
    assert "Escriba el nombre del peticionario" in refused.content.decode()


def test_the_desk_language_switch_names_each_language_in_itself(org, as_user):
    page = as_user(org.officer_a).get("/desk/").content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
    assert "Inglés" not in page
