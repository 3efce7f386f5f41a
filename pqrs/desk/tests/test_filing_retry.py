"""The desk form's idempotency key reused with other content: the clerk is told, nothing is
filed, and a fresh form files it as a new request (issue 8, item 9)."""

from __future__ import annotations

import re

import pytest

from conftest import at
from pqrs.cases.models import Case

from .test_staff_filing import form_data

pytestmark = pytest.mark.django_db


def test_a_reused_form_with_other_content_files_nothing_and_says_so(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    client.post("/desk/file/", form_data(email_receipt=""))
    first = Case.objects.get()
    changed = form_data(email_receipt="", subject="Certificado de residencia")
    response = client.post("/desk/file/", changed)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Este formulario ya se radicó como {first.filing_number} con otro contenido" in html
    assert Case.objects.count() == 1
    # The form comes back as typed, with a key of its own: sending it files the new request.
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    assert key != "form-1"
    assert "Certificado de residencia" in html
    again = client.post("/desk/file/", {**changed, "idempotency_key": key})
    assert again.status_code == 302
    assert Case.objects.count() == 2
    assert Case.objects.latest("pk").subject == "Certificado de residencia"


def test_the_same_form_sent_twice_still_shows_the_first_receipt(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    first = client.post("/desk/file/", form_data(email_receipt=""))
    second = client.post("/desk/file/", form_data(email_receipt=""))
    assert second["Location"] == first["Location"]
    assert Case.objects.count() == 1
