"""What the staff filing pages point to (issue 8 review, findings 7 and 8): the constancia's
"Go to the case" link only for a case the filer may open, and the reused-form message neither
sends the filer to a case they cannot open nor drops the scan without saying so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import at
from pqrs.cases.models import Case, CaseType, Topic

from .test_staff_filing import form_data

pytestmark = pytest.mark.django_db


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("carta.pdf", b"%PDF-1.4 carta", content_type="application/pdf")


@pytest.mark.parametrize("topic_area", ["area_a", "area_b"])
def test_the_constancia_links_to_the_case_only_when_the_filer_can_open_it(
    org, frozen, as_user, topic_area
):
    frozen(at(2026, 7, 10, 9, 30))
    topic = Topic.objects.create(code="t", name="Tema", default_area=getattr(org, topic_area))
    client = as_user(org.lead_a)
    response = client.post("/desk/file/", form_data(topic=topic.pk, email_receipt=""))
    assert response.status_code == 302
    case = Case.objects.get()
    html = client.get(response["Location"]).content.decode()
    link = f'href="/desk/cases/{case.pk}/"'
    assert (link in html) == (topic_area == "area_a")
    if link in html:
        assert client.get(f"/desk/cases/{case.pk}/").status_code == 200


def test_a_reused_denuncia_form_does_not_send_the_radicador_to_the_denuncia(
    org, control, frozen, as_user
):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    denuncia = {"case_type": CaseType.objects.get(code="denuncia").pk, "email_receipt": ""}
    assert client.post("/desk/file/", form_data(**denuncia)).status_code == 302
    first = Case.objects.get()
    changed = form_data(**denuncia, subject="Otra denuncia")
    html = client.post("/desk/file/", {**changed, "scan": scan()}).content.decode()
    assert f"Este formulario ya se radicó como {first.filing_number} con otro contenido" in html
    assert "Revise esa solicitud" not in html
    assert "El archivo escaneado que adjuntó no se conservó" in html
    assert Case.objects.count() == 1


def test_a_reused_form_of_a_case_the_filer_sees_still_points_to_it(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    client.post("/desk/file/", form_data(email_receipt=""))
    html = client.post(
        "/desk/file/", form_data(email_receipt="", subject="Certificado")
    ).content.decode()
    assert "Revise esa solicitud" in html
    assert "no se conservó" not in html  # no scan was attached
