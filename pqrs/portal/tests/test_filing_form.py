"""The filing form through Django's test client: what is filed, what is refused, and that a
refusal keeps what was typed and files nothing."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from pqrs.cases.models import Case, Contact
from pqrs.notifications.models import Delivery

from .conftest import EXE_BYTES, PDF_BYTES, PNG_BYTES
from .helpers import anonymous, form_token, identified, upload

pytestmark = pytest.mark.django_db


def test_form_lists_every_active_type_with_its_plain_explanation(defaults, client):
    html = client.get("/").content.decode()
    for code, explanation in [
        ("peticion", "Pide algo a la entidad"),
        ("queja", "Manifiesta inconformidad con la conducta"),
        ("datos_reclamo", "Pide corregir, actualizar o suprimir"),
    ]:
        assert f'value="{code}"' in html
        assert explanation in html


def test_identified_filing_stores_contact_consent_and_shows_receipt(
    defaults, client, django_capture_on_commit_callbacks
):
    token = form_token(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/", identified(token, attachments=[upload("factura.pdf", PDF_BYTES)])
        )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel.code == "web"
    assert case.answer_channel == "email"
    assert case.idempotency_key.startswith("web:")
    assert token not in case.idempotency_key
    contact = case.contact
    assert contact.full_name == "María Pérez Gómez"
    assert contact.data_consent
    assert contact.consent_policy_version == "2026-1"
    assert contact.consent_at is not None
    attachment = case.attachments.get()
    assert attachment.content_type == "application/pdf"

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert case.filing_number in html
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    assert len(code) == 10
    # The receipt e-mail left after the commit, with the PDF, and the code was then erased.
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.tracking_code == ""
    (message,) = mail.outbox
    assert case.filing_number in message.subject
    assert code in message.body
    assert message.attachments[0][2] == "application/pdf"


def test_anonymous_denuncia_keeps_no_personal_data_and_is_flagged(defaults, client):
    token = form_token(client, "/denuncia-corrupcion/")
    # Identity fields typed before switching to anonymous are dropped, not stored.
    response = client.post(
        "/denuncia-corrupcion/", anonymous(token, full_name="No Guardar", email="x@example.com")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.case_type.code == "denuncia"
    assert case.is_anonymous
    assert case.contact is None
    assert case.needs_credibility_review
    assert case.answer_channel == "portal"
    assert Contact.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_corruption_page_files_only_denuncias(defaults, client):
    token = form_token(client, "/denuncia-corrupcion/")
    client.post("/denuncia-corrupcion/", anonymous(token, case_type="felicitacion"))
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("missing", "field_id"),
    [
        ("subject", "id_subject"),
        ("text", "id_text"),
        ("full_name", "id_full_name"),
        ("id_number", "id_id_number"),
        ("consent", "id_consent"),
        ("case_type", "id_case_type"),
    ],
)
def test_missing_field_is_reported_on_the_field_and_keeps_the_rest(
    defaults, client, missing, field_id
):
    token = form_token(client)
    data = identified(token)
    del data[missing]
    response = client.post("/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Case.objects.count() == 0
    assert 'role="alert"' in html
    assert f'id="{field_id}_error"' in html
    # What was typed is still there.
    for kept in ("maria@example.com", "Calle 5 # 12-30"):
        assert kept in html
    if missing != "subject":
        assert "Alumbrado dañado en la calle 5" in html


def test_email_answer_channel_needs_an_email(defaults, client):
    response = client.post("/", identified(form_token(client), email=""))
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert Case.objects.count() == 0


def test_invalid_email_is_refused(defaults, client):
    response = client.post("/", identified(form_token(client), email="no-es-correo"))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_anonymous_filing_needs_no_consent(defaults, client):
    response = client.post("/", anonymous(form_token(client), case_type="queja"))
    assert response.status_code == 302
    assert Case.objects.get().needs_credibility_review


FIELDS_SHOWN_BACK = [
    "subject",
    "text",
    "full_name",
    "id_number",
    "email",
    "phone",
    "address",
    "city",
]


@pytest.mark.parametrize("field", FIELDS_SHOWN_BACK)
def test_markup_in_any_text_field_is_shown_back_escaped(defaults, client, field):
    evil = '<script>alert("x")</script><b onmouseover=1>'
    data = identified(form_token(client), consent="")  # refused: no consent
    data[field] = evil
    del data["consent"]
    html = client.post("/", data).content.decode()
    assert Case.objects.count() == 0
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_markup_in_a_filed_request_is_escaped_on_receipt_and_tracking(defaults, client):
    evil = "<script>alert(1)</script>"
    response = client.post("/", identified(form_token(client), subject=evil, text=evil))
    receipt = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in receipt
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in receipt
    case_page = client.get("/consulta/solicitud/").content.decode()
    assert "<script>alert(1)</script>" not in case_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in case_page


def test_honeypot_files_nothing(defaults, client):
    response = client.post("/", identified(form_token(client), website="http://spam.example"))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_exe_renamed_pdf_is_refused(defaults, client):
    data = identified(form_token(client), attachments=[upload("factura.pdf", EXE_BYTES)])
    response = client.post("/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Case.objects.count() == 0
    assert "factura.pdf" in html
    assert 'id="id_attachments_error"' in html
    # The typed text survives; the files must be attached again (browsers cannot refill them).
    assert "Alumbrado dañado en la calle 5" in html


def test_png_named_pdf_is_refused(defaults, client):
    data = identified(form_token(client), attachments=[upload("foto.pdf", PNG_BYTES)])
    assert client.post("/", data).status_code == 400
    assert Case.objects.count() == 0


def test_png_and_text_are_accepted_with_their_detected_type(defaults, client):
    files = [
        upload("foto.PNG", PNG_BYTES, "application/pdf"),
        upload("nota.txt", "Hola ñandú".encode()),
    ]
    response = client.post("/", identified(form_token(client), attachments=files))
    assert response.status_code == 302
    types = sorted(Case.objects.get().attachments.values_list("content_type", flat=True))
    assert types == ["image/png", "text/plain"]


def test_oversized_file_is_refused(defaults, client, settings):
    settings.PQRS_UPLOAD_MAX_FILE_BYTES = 1024
    big = PDF_BYTES + b"0" * 2048
    response = client.post("/", identified(form_token(client), attachments=[upload("a.pdf", big)]))
    assert response.status_code == 400
    assert "a.pdf" in response.content.decode()
    assert Case.objects.count() == 0


def test_too_many_files_are_refused(defaults, client, settings):
    settings.PQRS_UPLOAD_MAX_FILES = 2
    files = [upload(f"{n}.pdf", PDF_BYTES) for n in range(3)]
    response = client.post("/", identified(form_token(client), attachments=files))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_resubmitted_form_files_once_and_shows_the_same_receipt(defaults, client):
    data = identified(form_token(client))
    first = client.post("/", data)
    second = client.post("/", data)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    html_first = client.get(first["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html_first).group(1)
    assert code in client.get(second["Location"]).content.decode()


def test_a_leaked_token_with_other_content_files_a_new_case_and_reveals_nothing(defaults, client):
    from django.test import Client

    token = form_token(client)
    first = client.post("/", identified(token))
    other = Client()
    second = other.post("/", identified(token, subject="Otra solicitud", id_number="999"))
    assert Case.objects.count() == 2
    assert first["Location"] != second["Location"]
    first_number = Case.objects.order_by("pk").first().filing_number
    assert first_number not in other.get(second["Location"]).content.decode()


def test_flood_from_one_address_is_throttled_without_losing_what_was_typed(
    defaults, client, settings
):
    settings.PQRS_RATE_FILING = "3/3600"
    for _ in range(3):
        client.post("/", identified(form_token(client), subject=""))  # invalid attempts
    response = client.post("/", identified(form_token(client)))
    html = response.content.decode()
    assert response.status_code == 429
    assert Case.objects.count() == 0
    assert "Alumbrado dañado en la calle 5" in html
    # Another address is not affected.
    other = client.post("/", identified(form_token(client)), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    assert Case.objects.count() == 1


def test_receipt_pdf_has_the_radicado(defaults, client):
    response = client.post("/", identified(form_token(client)))
    pdf = client.get(response["Location"] + "pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert Case.objects.get().filing_number in pdf["Content-Disposition"]


def test_language_switch_to_english(defaults, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Send my request" in html
    assert 'lang="en"' in html


def test_oversized_request_is_refused_before_it_is_read(defaults, client, settings):
    settings.PQRS_UPLOAD_MAX_FILES = 1
    settings.PQRS_UPLOAD_MAX_FILE_BYTES = 1024  # the request limit is then 1 MiB + 1 KiB
    big = PDF_BYTES + b"0" * (2 * 1024 * 1024)
    response = client.post("/", identified(form_token(client), attachments=[upload("a.pdf", big)]))
    assert response.status_code == 413
    assert Case.objects.count() == 0


def test_csrf_is_still_enforced_on_the_filing_form(defaults):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/", identified(form_token(strict)))
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_error_summary_links_reach_each_field(defaults, client):
    html = client.post(
        "/", {"form_token": form_token(client), "identity": "identified"}
    ).content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert "id_case_type_0" in targets
    assert "id_consent" in targets
    for target in targets:
        assert f'id="{target}"' in html
