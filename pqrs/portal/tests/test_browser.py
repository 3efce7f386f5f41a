"""The public pages driven in headless Chromium (Debian's, through Playwright) against a live
server on PostgreSQL: what a citizen on a phone does, in Spanish."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pqrs.cases.models import Case, CaseEvent, CaseType, Status
from pqrs.cases.services import (
    case_answer,
    case_assign,
    case_request_information,
    case_start,
    case_triage,
)
from pqrs.surveys.models import SurveyResponse

from .conftest import PDF_BYTES, PNG_BYTES

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evidence(tmp_path) -> dict[str, Path]:
    pdf = tmp_path / "evidencia.pdf"
    pdf.write_bytes(PDF_BYTES)
    png = tmp_path / "foto.png"
    png.write_bytes(PNG_BYTES)
    exe = tmp_path / "factura.pdf.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00")
    disguised = tmp_path / "factura.pdf"
    disguised.write_bytes(exe.read_bytes())
    return {"pdf": pdf, "png": png, "disguised": disguised}


def choose_type(page, name: str) -> None:
    case_type = CaseType.objects.get(name=name)
    label = rf"^{re.escape(name)}\s+{re.escape(case_type.description[:15])}"
    page.get_by_role("radio", name=re.compile(label)).check()


def fill_request(
    page, *, subject: str, text: str, attachment: Path | None, text_label: str = "Su solicitud"
) -> None:
    page.get_by_label("Asunto").fill(subject)
    page.get_by_label(text_label, exact=False).last.fill(text)
    if attachment is not None:
        page.get_by_label("Archivos adjuntos").set_input_files(str(attachment))


def fill_identity(page, n: int) -> None:
    page.get_by_label("Con mis datos personales").check()
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill(f"10203040{n:02d}")
    page.get_by_label("Nombre completo").fill("María Pérez Gómez")
    page.get_by_role("textbox", name="Correo electrónico").fill(f"maria{n}@example.com")
    page.get_by_label("Teléfono").fill("3001234567")
    page.get_by_label("Por correo electrónico").check()
    page.get_by_label("Autorizo el tratamiento").check()


def receipt_of(page) -> tuple[str, str]:
    page.wait_for_url(re.compile(r"/constancia/"))
    number = page.locator("#filing-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    return number, code


def track(page, number: str, code: str) -> None:
    page.goto("/consulta/")
    page.get_by_label("Número de radicado").fill(number)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()


def test_every_type_is_filed_anonymous_and_identified_with_an_attachment(defaults, page, evidence):
    types = list(CaseType.objects.filter(is_active=True).order_by("position"))
    assert len(types) >= 8
    seen = set()
    for n, case_type in enumerate(types):
        anonymous = n % 2 == 1
        page.goto("/")
        choose_type(page, case_type.name)
        fill_request(
            page,
            subject=f"Solicitud de prueba {n}",
            text=f"Texto de la solicitud {case_type.code}.",
            attachment=evidence["png" if n % 3 else "pdf"],
        )
        if anonymous:
            page.get_by_label("De forma anónima").check()
            # With JavaScript the identity block hides itself.
            assert not page.locator("#identity-fields").is_visible()
        else:
            fill_identity(page, n)
        page.get_by_role("button", name="Enviar mi solicitud").click()
        number, code = receipt_of(page)
        assert re.fullmatch(r"[0-9A-Z]{10}", code)
        page_text = page.locator("main").inner_text()
        assert case_type.name in page_text
        assert "Qué sigue" in page_text
        assert "Fecha máxima de respuesta" in page_text
        case = Case.objects.get(filing_number=number)
        assert case.case_type == case_type
        assert case.is_anonymous is anonymous
        assert case.attachments.count() == 1
        seen.add(number)
    assert len(seen) == len(types) == Case.objects.count()


def test_corruption_channel_is_reachable_from_every_page(defaults, page, evidence):
    page.goto("/consulta/")
    page.get_by_role("link", name="Denunciar corrupción").click()
    assert page.locator("h1").inner_text() == "Denuncie un acto de corrupción"
    fill_request(
        page,
        subject="Cobro indebido",
        text="Me cobraron un trámite gratuito.",
        attachment=evidence["pdf"],
        text_label="Qué pasó",
    )
    page.get_by_label("De forma anónima").check()
    page.get_by_role("button", name="Enviar denuncia").click()
    number, _code = receipt_of(page)
    case = Case.objects.get(filing_number=number)
    assert case.case_type.code == "denuncia"
    assert case.needs_credibility_review
    assert case.is_confidential
    assert case.area is not None
    assert case.area.receives_confidential


def test_receipt_pdf_downloads_and_opens(defaults, page):
    page.goto("/")
    choose_type(page, "Petición de documentos o información")
    fill_request(
        page, subject="Copia de contrato", text="Pido copia del contrato 12.", attachment=None
    )
    fill_identity(page, 1)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    number, code = receipt_of(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la constancia (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"constancia-{number}.pdf"
    data = Path(download.path()).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "Constancia de radicación" in text
    assert number in text
    assert code in text
    assert "Petición de documentos o información" in text


def test_disguised_file_is_refused_and_the_text_is_kept(defaults, page, evidence):
    page.goto("/")
    choose_type(page, "Queja")
    fill_request(
        page, subject="Mal trato", text="Me atendieron mal.", attachment=evidence["disguised"]
    )
    fill_identity(page, 2)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "factura.pdf" in summary.inner_text()
    assert page.get_by_label("Asunto").input_value() == "Mal trato"
    attachments = page.get_by_label("Archivos adjuntos")
    assert attachments.get_attribute("aria-invalid") == "true"
    assert "id_attachments_error" in attachments.get_attribute("aria-describedby")
    assert Case.objects.count() == 0


def test_tracking_with_the_right_and_the_wrong_code(defaults, page):
    page.goto("/")
    choose_type(page, "Sugerencia")
    fill_request(page, subject="Más bancas", text="Pongan bancas en el parque.", attachment=None)
    page.get_by_label("De forma anónima").check()
    page.get_by_role("button", name="Enviar mi solicitud").click()
    number, code = receipt_of(page)
    assert page.get_by_role("button", name="Salir de esta solicitud").count() == 0

    track(page, number, "ZZZZZZZZZZ")
    wrong = page.locator(".error-summary").inner_text()
    assert "No encontramos una solicitud" in wrong
    assert page.get_by_label("Código de consulta").input_value() == ""
    track(page, "2099-000001", code)
    assert page.locator(".error-summary").inner_text() == wrong

    track(page, number, code.lower())
    page.wait_for_url(re.compile(r"/consulta/solicitud/"))
    main = page.locator("main").inner_text()
    assert number in main
    assert "Recibida" in main
    assert "Recibimos su solicitud." in main


def file_identified(page, n: int = 5) -> tuple[Case, str]:
    page.goto("/")
    choose_type(page, "Reclamo")
    fill_request(page, subject="Factura mal liquidada", text="Me cobraron de más.", attachment=None)
    fill_identity(page, n)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    number, code = receipt_of(page)
    return Case.objects.get(filing_number=number), code


def test_petitioner_answers_an_information_request(org, page, evidence):
    case, code = file_identified(page)
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case_start(case=case, actor=org.officer_a)
    case_request_information(
        case=case, actor=org.officer_a, reason="incomplete", message="Envíe copia de la factura."
    )
    track(page, case.filing_number, code)
    assert "Envíe copia de la factura." in page.locator("main").inner_text()
    page.get_by_label("Su mensaje").first.fill("Adjunto la factura de marzo.")
    page.locator("#id_reply-attachments").set_input_files(str(evidence["pdf"]))
    page.get_by_role("button", name="Enviar mi respuesta").click()
    page.wait_for_url(re.compile(r"/consulta/solicitud/$"))
    assert "el término vuelve a correr" in page.locator(".messages").inner_text()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.clock_status == "running"
    assert case.events.get(kind=CaseEvent.Kind.PETITIONER_REPLIED).attachments.count() == 1


def test_petitioner_withdraws(defaults, page):
    case, _code = file_identified(page, 6)
    page.get_by_role("link", name="Ver el estado de esta solicitud").click()
    page.get_by_role("link", name="Desistir de mi solicitud").click()
    page.get_by_role("button", name="Desistir de mi solicitud").click()
    assert "Marque la casilla" in page.locator(".error-summary").inner_text()
    case.refresh_from_db()
    assert case.status == Status.FILED
    page.get_by_label("Entiendo que la entidad").check()
    page.get_by_label("Motivo (opcional)").fill("Ya me solucionaron.")
    page.get_by_role("button", name="Desistir de mi solicitud").click()
    page.wait_for_url(re.compile(r"/consulta/solicitud/$"))
    assert "Desistida" in page.locator(".status-card").inner_text()
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_petitioner_reads_the_answer_and_rates_it(org, page):
    case, code = file_identified(page, 7)
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case_start(case=case, actor=org.officer_a)
    from pqrs.cases.services.filing import AttachmentData

    case_answer(
        case=case,
        actor=org.officer_a,
        body="Corregimos la factura; el nuevo valor es $32.000.",
        attachments=(AttachmentData("factura-corregida.pdf", PDF_BYTES, "application/pdf"),),
    )
    track(page, case.filing_number, code)
    answer = page.locator(".answer").inner_text()
    assert "Corregimos la factura" in answer
    with page.expect_download() as info:
        page.locator(".answer").get_by_role("link", name="factura-corregida.pdf").click()
    assert Path(info.value.path()).read_bytes() == PDF_BYTES
    page.get_by_label("4 - Satisfecho(a)").check()
    page.locator("#id_nps_9").check()
    page.get_by_label("Comentario (opcional)").fill("Respondieron rápido.")
    page.get_by_role("button", name="Enviar mi calificación").click()
    page.wait_for_url(re.compile(r"/consulta/solicitud/$"))
    assert "Gracias por calificar" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="Enviar mi calificación").count() == 0
    rating = SurveyResponse.objects.get(case=case)
    assert (rating.csat, rating.nps, rating.comment) == (4, 9, "Respondieron rápido.")


def test_double_click_files_one_case(defaults, page):
    page.goto("/")
    choose_type(page, "Felicitación")
    fill_request(page, subject="Gracias", text="Excelente atención.", attachment=None)
    page.get_by_label("De forma anónima").check()
    page.get_by_role("button", name="Enviar mi solicitud").dblclick()
    number, code = receipt_of(page)
    assert code
    assert Case.objects.count() == 1
    assert Case.objects.get().filing_number == number


def test_works_without_javascript(defaults, browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, locale="es-CO", base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/")
    choose_type(page, "Petición")
    fill_request(page, subject="Sin JavaScript", text="Funciona sin scripts.", attachment=None)
    assert page.locator("#identity-fields").is_visible()  # nothing hides it without JS
    page.get_by_label("De forma anónima").check()
    page.get_by_role("button", name="Enviar mi solicitud").click()
    number, code = receipt_of(page)
    track(page, number, code)
    page.wait_for_url(re.compile(r"/consulta/solicitud/"))
    assert number in page.locator("h1").inner_text()
    context.close()


def test_language_switch_to_english_and_back(defaults, page):
    page.goto("/")
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    assert page.locator("h1").inner_text() == "File a request, complaint or claim"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("lang") == "es-CO"
