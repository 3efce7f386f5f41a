"""Issue 8 item 14: the desk's printable constancia (handed to walk-in petitioners) carries a
copy of the request with the names of the attached files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .test_staff_filing import form_data

pytestmark = pytest.mark.django_db


def test_the_printable_constancia_names_the_attached_files(org, as_user):
    client = as_user(org.clerk)
    scan = SimpleUploadedFile("carta firmada.pdf", b"%PDF-1.4 scan", "application/pdf")
    text = "Solicito copia del contrato.\nGracias <de antemano>."
    response = client.post("/desk/file/", {**form_data(text=text, email_receipt=""), "scan": scan})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Solicito copia del contrato.<br>Gracias &lt;de antemano&gt;." in html
    assert "<li>carta firmada.pdf</li>" in html
