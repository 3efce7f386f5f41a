"""What the petitioner reads says the same thing everywhere, in the language they chose
(issue 8, item 15): one name for the tracking code, one word for a received request, error
summaries without "?:", no "---------" in selects, and the shipped case types in English in
the English interface."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from pqrs.cases.models import Case, CaseType

from .helpers import form_token, identified

pytestmark = pytest.mark.django_db

RADICADA = re.compile(r"\bradicada\b", re.IGNORECASE)


def in_language(language: str) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def filed_in(language: str, django_capture_on_commit_callbacks) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Everything a web petitioner reads about a new request."""
    client = in_language(language)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/", identified(form_token(client), email="ana@example.com"))
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', receipt).group(1)
    pdf = client.get(response["Location"] + "pdf/").content
    (sent,) = mail.outbox
    case = Case.objects.get()
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    tracking = client.get("/consulta/solicitud/").content.decode()
    return {
        "receipt page": visible_text(receipt),
        "tracking page": visible_text(tracking),
        "receipt e-mail": sent.body,
        "constancia PDF": pdf_text(pdf),
        "e-mailed PDF": pdf_text(sent.attachments[0][1]),
    }


def test_the_petitioner_reads_one_name_for_the_code_and_one_word_for_a_new_request(
    defaults, django_capture_on_commit_callbacks
):
    read = filed_in("es", django_capture_on_commit_callbacks)
    for where, text in read.items():
        assert "seguimiento" not in text.lower(), where
        # Staff say "radicada"; the citizen reads "Recibida" (the portal's first status).
        assert not RADICADA.search(text), where
        assert "Recibida" in text or "Recibimos" in text, where
    for where in ("receipt page", "receipt e-mail", "constancia PDF"):
        assert "Código de consulta" in read[where], where


def test_in_english_too_the_request_was_received(defaults, django_capture_on_commit_callbacks):
    read = filed_in("en", django_capture_on_commit_callbacks)
    assert "We received your request" in read["receipt page"]
    assert "Status: Received" in read["tracking page"]
    for where, text in read.items():
        assert "Received on" in text, where
        assert "Filed on" not in text, where


def test_error_summaries_never_put_a_colon_after_a_question_or_a_full_stop(defaults):
    for language in ("es", "en"):
        client = in_language(language)
        filing = client.post("/", {"form_token": form_token(client), "identity": "identified"})
        assert filing.status_code == 400
        summary = re.search(
            r'class="error-summary".*?</div>', filing.content.decode(), re.DOTALL
        ).group(0)
        assert "?:" not in summary, language
        assert ".:" not in summary, language
        label = "¿Qué desea presentar?" if language == "es" else "What do you want to file?"
        assert f"{label} " in visible_text(summary), language
        assert ("Asunto:" if language == "es" else "Subject:") in summary  # others keep it


def test_the_withdrawal_summary_has_no_colon_after_its_sentence_label(org, client):
    response = client.post("/", identified(form_token(client)))
    html = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    case = Case.objects.get()
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    refused = client.post("/consulta/solicitud/desistir/", {"reason": ""})
    assert refused.status_code == 400
    assert ".:" not in refused.content.decode()


def test_no_select_of_the_portal_shows_dashes(defaults):
    for language in ("es", "en"):
        client = in_language(language)
        for url in ("/", "/denuncia-corrupcion/", "/consulta/"):
            assert "---------" not in client.get(url).content.decode(), (language, url)


def test_the_english_interface_names_the_shipped_types_and_channels_in_english(
    defaults, django_capture_on_commit_callbacks
):
    client = in_language("en")
    form = visible_text(client.get("/").content.decode())
    assert "Petition" in form
    assert "Complaint Express your dissatisfaction with the conduct" in form
    assert "Personal data claim" in form
    assert "Petición" not in form
    assert "Queja" not in form
    assert "Manifiesta" not in form
    assert "Citizenship card (cédula de ciudadanía)" in form
    assert "Pasaporte" not in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/", identified(form_token(client), case_type="queja", email="ana@example.com")
        )
    receipt = visible_text(client.get(response["Location"]).content.decode())
    assert "Type Complaint" in receipt
    pdf = pdf_text(client.get(response["Location"] + "pdf/").content)
    assert "Type Complaint" in pdf
    assert "Channel Web form" in pdf
    assert "Type: Complaint" in mail.outbox[0].body

    spanish = visible_text(in_language("es").get("/").content.decode())
    assert "Queja Manifiesta inconformidad con la conducta" in spanish
    assert "Cédula de ciudadanía" in spanish
    assert "Citizenship" not in spanish


def test_a_type_the_administrator_renamed_or_added_shows_as_typed(defaults, org):
    CaseType.objects.filter(code="queja").update(name="Queja disciplinaria", description="")
    CaseType.objects.create(code="tutela", name="Acción de tutela", term_value=10, position=20)
    english = visible_text(in_language("en").get("/").content.decode())
    assert "Queja disciplinaria" in english
    assert "Acción de tutela" in english
    assert "Complaint" not in english


def test_the_language_switch_names_each_language_in_itself(defaults):
    spanish = in_language("es").get("/").content.decode()
    assert '<option value="en" lang="en">English</option>' in spanish
    assert '<option value="es" lang="es" selected>Español</option>' in spanish
