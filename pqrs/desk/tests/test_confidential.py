"""Corruption denuncias on the desk: where they land, who works them, the reporter's identity
reserved until a logged reveal, and the reporter's tracking page untouched by outsiders."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from conftest import at
from pqrs.answers.models import AnswerTemplate
from pqrs.cases.models import Case, CaseType, Channel, Communication, Status
from pqrs.cases.services import case_triage
from pqrs.portal.tests.helpers import anonymous, form_token
from pqrs.portal.wording import STATUS_TEXT

from .test_scope import REPORTER, file_denuncia, listed

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def reported_with_code(reporter: Client, data: dict) -> tuple[Case, str]:
    response = reporter.post("/denuncia-corrupcion/", data)
    html = reporter.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    reporter.post("/consulta/salir/")
    return Case.objects.get(case_type__code="denuncia"), code


def tracking_page(reporter: Client, case: Case, code: str) -> str:
    response = reporter.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    assert response.status_code == 302
    return reporter.get(response["Location"]).content.decode()


@pytest.mark.parametrize("identity", ["anonymous", "identified"])
def test_a_denuncia_from_the_corruption_page_lands_in_the_confidential_area(
    org, control, as_user, identity
):
    case = file_denuncia(identity=identity)
    assert (case.is_confidential, case.area) == (True, control.area)
    assert case.is_anonymous == (identity == "anonymous")
    client = as_user(control.officer)
    assert case.filing_number in listed(client.get("/desk/?tab=area"))
    page = client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert 'data-testid="confidential"' in page  # the desk marks the channel


def test_lead_of_area_a_can_neither_take_a_denuncia_nor_record_its_withdrawal(org, as_user):
    reporter = Client()
    token = form_token(reporter, "/denuncia-corrupcion/")
    case, code = reported_with_code(reporter, anonymous(token))
    with translation.override("es"):
        received = str(STATUS_TEXT[Status.FILED][1])
        withdrawn = str(STATUS_TEXT[Status.WITHDRAWN][0])
    assert received in tracking_page(reporter, case, code)
    client = as_user(org.lead_a)
    peticion = CaseType.objects.get(code="peticion").pk
    triage = {"triage-case_type": peticion, "triage-area": org.area_a.pk, "triage-priority": 0}
    assert client.post(f"/desk/cases/{case.pk}/actions/triage/", triage).status_code == 404
    withdraw = {"withdraw-reason": "El denunciante desistió"}
    assert client.post(f"/desk/cases/{case.pk}/actions/withdraw/", withdraw).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.FILED
    assert case.area_id != org.area_a.pk
    page = tracking_page(reporter, case, code)
    assert received in page
    assert withdrawn not in page


def test_identity_is_reserved_in_the_area_until_a_logged_reveal(org, control, as_user, frozen):
    from pqrs.cases.models import CaseAccess  # new with the access log

    frozen(at(2026, 7, 10, 9))
    case = file_denuncia()
    officer = as_user(control.officer)
    name, number, email = REPORTER["full_name"], REPORTER["id_number"], REPORTER["email"]

    def shows_identity(html: str) -> bool:
        return any(value in html for value in (name, number, email))

    page = officer.get(f"/desk/cases/{case.pk}/").content.decode()
    assert 'data-testid="identity-reserved"' in page
    assert not shows_identity(page)
    assert not shows_identity(officer.get("/desk/?tab=all").content.decode())
    results = officer.get("/desk/search/", {"q": case.filing_number})
    assert listed(results) == {case.filing_number}
    assert not shows_identity(results.content.decode())
    for query in (name, number, email):  # probing by person never finds the report
        assert listed(officer.get("/desk/search/", {"q": query})) == set()
    exported = b"".join(officer.get("/desk/export.csv?tab=all").streaming_content).decode()
    assert case.filing_number in exported
    assert not shows_identity(exported)
    assert not shows_identity(officer.get(f"/desk/cases/{case.pk}/receipt/").content.decode())
    assert not shows_identity(pdf_text(officer.get(f"/desk/cases/{case.pk}/receipt.pdf").content))
    answer = AnswerTemplate.objects.get(kind=Communication.Kind.ANSWER)
    text = officer.get(f"/desk/cases/{case.pk}/template/", {"answer-template": answer.pk})
    assert not shows_identity(text.content.decode())

    refused = officer.post(f"/desk/cases/{case.pk}/identity/", {"reveal-reason": " "})
    assert refused.status_code == 422
    assert not CaseAccess.objects.exists()
    # Minutes, not hours, apart: a staff session ends after 30 idle minutes.
    frozen(at(2026, 7, 10, 9, 20))
    reason = "Citar al denunciante para ampliar la denuncia"
    revealed = officer.post(f"/desk/cases/{case.pk}/identity/", {"reveal-reason": reason})
    assert revealed.status_code == 302
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.at, access.reason) == (
        case,
        control.officer,
        at(2026, 7, 10, 9, 20),
        reason,
    )
    page = officer.get(f"/desk/cases/{case.pk}/").content.decode()
    assert name in page
    assert number in page
    frozen(at(2026, 7, 10, 9, 40))
    assert name not in officer.get(f"/desk/cases/{case.pk}/").content.decode()

    auditor = as_user(org.auditor)
    page = auditor.get(f"/desk/cases/{case.pk}/").content.decode()
    assert not shows_identity(page)  # auditors read the report, not its author
    log = page[page.index('data-testid="access-log"') :]
    assert str(control.officer) in log
    assert reason in log


def test_the_confidential_areas_lead_routes_and_closes_it(org, control, as_user):
    case = file_denuncia()
    lead = as_user(control.lead)
    url = f"/desk/cases/{case.pk}/actions"
    denuncia = CaseType.objects.get(code="denuncia").pk
    triage = {"triage-case_type": denuncia, "triage-area": org.area_a.pk, "triage-priority": 1}
    assert lead.post(f"{url}/triage/", triage).status_code == 422  # not area A
    triage["triage-area"] = control.area.pk
    assert lead.post(f"{url}/triage/", triage).status_code == 302
    assert lead.post(f"{url}/assign/", {"assign-assignee": org.officer_a.pk}).status_code == 422
    assert lead.post(f"{url}/assign/", {"assign-assignee": control.officer.pk}).status_code == 302
    move = {"move-area": org.area_a.pk, "move-reason": "Es de Hacienda"}
    assert lead.post(f"{url}/move/", move).status_code == 422
    transfer = {
        "transfer-entity_name": "Procuraduría General de la Nación",
        "transfer-reason": "Conducta de un servidor de elección popular.",
        "transfer-letter": "Remitimos su denuncia a la Procuraduría.",
    }
    assert lead.post(f"{url}/transfer/", transfer).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.area) == (Status.TRANSFERRED, control.area)

    other = file_denuncia(subject="Otra denuncia")
    case_triage(case=other, actor=control.lead)
    officer = as_user(control.officer)
    assert officer.post(f"/desk/cases/{other.pk}/actions/assign/", {}).status_code == 422
    assert (
        as_user(control.lead)
        .post(f"/desk/cases/{other.pk}/actions/assign/", {"assign-assignee": control.officer.pk})
        .status_code
        == 302
    )
    officer = as_user(control.officer)
    assert officer.post(f"/desk/cases/{other.pk}/actions/start/").status_code == 302
    body = {"answer-body": "Se abrió indagación disciplinaria por los hechos denunciados."}
    officer.post(f"/desk/cases/{other.pk}/answer/submit/", body)
    lead = as_user(control.lead)
    assert lead.post(f"/desk/cases/{other.pk}/answer/approve/").status_code == 302
    assert lead.post(f"/desk/cases/{other.pk}/answer/send/").status_code == 302
    assert lead.post(f"/desk/cases/{other.pk}/actions/close/").status_code == 302
    other.refresh_from_db()
    assert other.status == Status.CLOSED
    letter = other.attachments.get(original_name__startswith="respuesta-")
    assert REPORTER["full_name"] not in pdf_text(letter.file.read())


def test_the_radicador_prints_the_constancia_of_a_denuncia_but_cannot_open_it(org, as_user, frozen):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    response = client.post(
        "/desk/file/",
        {
            "channel": Channel.objects.get(code="telefono").pk,
            "received_at": "2026-07-10T08:15",
            "case_type": CaseType.objects.get(code="denuncia").pk,
            "full_name": REPORTER["full_name"],
            "id_type": "CC",
            "id_number": REPORTER["id_number"],
            "data_consent": "on",
            "subject": "Cobro por agilizar licencias",
            "text": "Llamó para denunciar que le pidieron dinero por agilizar una licencia.",
            "idempotency_key": "form-1",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    receipt = client.get(response["Location"]).content.decode()
    assert case.filing_number in receipt
    assert 'data-testid="tracking-code"' in receipt
    assert REPORTER["full_name"] in receipt  # the filer typed it
    assert client.get(f"/desk/cases/{case.pk}/receipt.pdf").status_code == 200
    assert client.get(f"/desk/cases/{case.pk}/").status_code == 404
    assert case.filing_number not in listed(client.get("/desk/?tab=all"))
    client = as_user(org.clerk)  # a new session
    assert client.get(f"/desk/cases/{case.pk}/receipt/").status_code == 404


def test_other_cases_of_the_petitioner_never_list_a_denuncia(org, as_user, frozen):
    frozen(at(2026, 7, 10, 9, 30))
    clerk = as_user(org.clerk)
    person = {
        "channel": Channel.objects.get(code="presencial").pk,
        "received_at": "2026-07-10T08:15",
        "full_name": REPORTER["full_name"],
        "id_type": "CC",
        "id_number": REPORTER["id_number"],
        "data_consent": "on",
        "text": "Texto de la solicitud.",
    }
    peticion = CaseType.objects.get(code="peticion").pk
    denuncia = CaseType.objects.get(code="denuncia").pk
    clerk.post(
        "/desk/file/",
        {**person, "case_type": peticion, "subject": "Paz y salvo", "idempotency_key": "a"},
    )
    clerk.post(
        "/desk/file/",
        {**person, "case_type": denuncia, "subject": "Cobro indebido", "idempotency_key": "b"},
    )
    ordinary = Case.objects.get(subject="Paz y salvo")
    reported = Case.objects.get(subject="Cobro indebido")
    page = as_user(org.auditor).get(f"/desk/cases/{ordinary.pk}/").content.decode()
    assert reported.filing_number not in page
