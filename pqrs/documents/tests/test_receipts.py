import io

import pytest
from pypdf import PdfReader

from conftest import at
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import SubmissionFactory
from pqrs.documents.receipts import filing_receipt_pdf, qr_data_uri, tracking_url

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_receipt_pdf_carries_number_type_due_date_code_and_tracking_link(
    defaults, frozen, set_entity
):
    set_entity(name="Alcaldía de Prueba")
    frozen(at(2026, 7, 10, 9))  # a queja: 15 business days, due Tue 4 Aug 2026
    result = case_file(submission=SubmissionFactory(case_type_code="queja"), actor=None)
    case = result.case
    text = pdf_text(
        filing_receipt_pdf(
            case=case,
            tracking_code=result.tracking_code,
            base_url="https://pqrs.example.gov.co/",
        )
    )
    assert case.filing_number in text
    assert "Queja" in text
    assert "Alcaldía de Prueba" in text
    assert result.tracking_code in text
    compact = "".join(text.split())  # the printed link may wrap
    assert f"https://pqrs.example.gov.co/consulta/?radicado={case.filing_number}" in compact
    assert "4 de agosto de 2026" in text


def test_receipt_without_code_prints_no_code(defaults):
    result = case_file(submission=SubmissionFactory(), actor=None)
    text = pdf_text(filing_receipt_pdf(case=result.case, tracking_code=None, base_url="http://x/"))
    assert result.case.filing_number in text
    assert "Código de consulta" not in text  # the label shows only with a code


def test_receipt_of_a_verbal_request_answered_on_the_spot_carries_the_answer(defaults):
    """Decreto 1166 de 2016: the constancia of a verbal petition answered at once records the
    answer given."""
    submission = SubmissionFactory(
        channel_code="telefono", verbal_answer="Se informó el horario de atención: 8 a 12."
    )
    result = case_file(submission=submission, actor=None)
    text = pdf_text(filing_receipt_pdf(case=result.case, tracking_code=None, base_url="http://x/"))
    flat = " ".join(text.split())  # table cells wrap
    assert "Se informó el horario de atención: 8 a 12." in flat
    assert "Respuesta dada en el momento" in flat


def test_tracking_url_and_qr():
    class Fake:
        filing_number = "2026-000007"

    url = tracking_url("https://e.gov.co", Fake())  # type: ignore[arg-type]
    assert url == "https://e.gov.co/consulta/?radicado=2026-000007"
    assert qr_data_uri(url).startswith("data:image/svg+xml;base64,")
