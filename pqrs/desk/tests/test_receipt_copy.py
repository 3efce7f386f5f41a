"""Issue 8 items 14 and 8: the desk's printable constancia (handed to walk-in petitioners)
carries a copy of the request with the names of the attached files; its PDF is the copy kept
with the case."""

from __future__ import annotations

import io

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from pqrs.cases.models import Case

from .test_staff_filing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("filing_day")]


def test_the_printable_constancia_names_the_attached_files(org, as_user):
    client = as_user(org.clerk)
    scan = SimpleUploadedFile("carta firmada.pdf", b"%PDF-1.4 scan", "application/pdf")
    text = "Solicito copia del contrato.\nGracias <de antemano>."
    response = client.post("/desk/file/", {**form_data(text=text, email_receipt=""), "scan": scan})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Solicito copia del contrato.<br>Gracias &lt;de antemano&gt;." in html
    assert "<li>carta firmada.pdf</li>" in html


def test_the_desk_pdf_is_rendered_once_and_served_from_storage(org, as_user, monkeypatch):
    renders = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        renders.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    client = as_user(org.clerk)
    client.post("/desk/file/", form_data(email_receipt=""))
    case = Case.objects.get()
    first = client.get(f"/desk/cases/{case.pk}/receipt.pdf")
    second = client.get(f"/desk/cases/{case.pk}/receipt.pdf")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(renders) == 1
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    assert case.filing_number in text
