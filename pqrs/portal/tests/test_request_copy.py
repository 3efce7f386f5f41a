"""Issue 8 item 14: the petitioner sees a copy of what they filed (subject, full text, names of
the attached files) on the receipt page, in the PDF constancia and on the tracking page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from pqrs.cases.models import Case

from .conftest import PDF_BYTES, PNG_BYTES
from .helpers import form_token, identified, upload

pytestmark = pytest.mark.django_db

TEXT = "Primera línea con <b>etiquetas</b> & símbolos.\nSegunda línea.\n\nOtro párrafo."


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def file_it(client, text: str = TEXT):
    data = identified(form_token(client), text=text)
    data["attachments"] = [upload("foto del poste.png", PNG_BYTES), upload("acta.pdf", PDF_BYTES)]
    response = client.post("/", data)
    assert response.status_code == 302
    return response["Location"], Case.objects.get()


def test_the_receipt_page_shows_what_was_filed(defaults, client):
    location, case = file_it(client)
    html = client.get(location).content.decode()
    assert case.subject in html
    # Escaped, with its line breaks kept.
    assert (
        "Primera línea con &lt;b&gt;etiquetas&lt;/b&gt; &amp; símbolos.<br>Segunda línea." in html
    )
    assert "<p>Otro párrafo.</p>" in html
    names = re.search(r'<ul id="filed-attachments">(.*?)</ul>', html, re.S).group(1)
    assert "foto del poste.png" in names
    assert "acta.pdf" in names


def test_the_tracking_page_shows_what_was_filed(defaults, client):
    _location, case = file_it(client)
    html = client.get("/consulta/solicitud/").content.decode()
    assert "Copia de su solicitud" in html
    assert (
        "Primera línea con &lt;b&gt;etiquetas&lt;/b&gt; &amp; símbolos.<br>Segunda línea." in html
    )
    names = re.search(r'<ul id="filed-attachments">(.*?)</ul>', html, re.S).group(1)
    assert "foto del poste.png" in names
    assert case.attachments.get(original_name="acta.pdf").pk > 0


@pytest.mark.parametrize("url", ["receipt", "tracking"])
def test_the_pdf_constancia_carries_the_filed_text_and_file_names(defaults, client, url):
    location, case = file_it(client)
    pdf_url = location + "pdf/" if url == "receipt" else "/consulta/solicitud/constancia/"
    response = client.get(pdf_url)
    assert response.status_code == 200
    text = " ".join(" ".join(pdf_pages(response.content)).split())
    assert "Copia de su solicitud" in text
    assert case.subject in text
    assert "Primera línea con <b>etiquetas</b> & símbolos." in text
    assert "Otro párrafo." in text
    assert "foto del poste.png" in text
    assert "acta.pdf" in text


def test_a_long_request_paginates_with_every_page_numbered(defaults, client):
    paragraphs = [f"Párrafo {n:03d}: " + "los hechos ocurrieron así " * 6 for n in range(100)]
    paragraphs.append("X" * 400)  # one endless word must wrap, not run off the page
    _location, case = file_it(client, text="\n\n".join(paragraphs))
    pages = pdf_pages(client.get("/consulta/solicitud/constancia/").content)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Constancia de radicación {case.filing_number}" in page
        assert f"página {number} de {len(pages)}" in page
    flat = "".join("".join(pages).split())
    positions = [flat.index(f"Párrafo{n:03d}:") for n in range(100)]
    assert positions == sorted(positions)  # every paragraph, in order
    assert "X" * 400 in flat
