"""Staff filing for phone, walk-in, paper mail and the suggestion box (Decreto 1166 de 2016):
the actual reception time, the scan, the verbal answer in the constancia, print and e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import at
from pqrs.cases.models import Case, CaseType, Channel
from pqrs.notifications.models import Delivery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("filing_day")]


def form_data(**overrides):
    data = {
        "channel": Channel.objects.get(code="telefono").pk,
        "received_at": "2026-07-10T08:15",
        "case_type": CaseType.objects.get(code="peticion").pk,
        "full_name": "Luz Marina Rodríguez",
        "id_type": "CC",
        "id_number": "40123456",
        "email": "luz@example.com",
        "phone": "3001234567",
        "address": "Calle 1 # 2-3",
        "city": "Tunja",
        "data_consent": "on",
        "email_receipt": "on",
        "subject": "Horario del punto de vacunación",
        "text": "Llamó para preguntar el horario del punto de vacunación del barrio.",
        "verbal_answer": "Se le informó que atiende de 8 a. m. a 4 p. m.",
        "idempotency_key": "form-1",
    }
    data.update(overrides)
    return data


def test_phone_call_filed_with_reception_time_verbal_answer_and_scan(
    org, frozen, as_user, django_capture_on_commit_callbacks
):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    scan = SimpleUploadedFile("formato.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/desk/file/", {**form_data(), "scan": scan})
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/desk/cases/{case.pk}/receipt/"
    assert case.channel.kind == Channel.Kind.PHONE
    assert case.received_at == at(2026, 7, 10, 8, 15)  # when the call came, not when typed
    assert case.created_by == org.clerk
    assert case.due_date == dt.date(2026, 8, 4)
    assert case.receipt.verbal_answer.startswith("Se le informó")
    assert case.attachments.get().original_name == "formato.pdf"

    receipt = client.get(response["Location"]).content.decode()
    assert case.filing_number in receipt
    assert "Se le informó que atiende" in receipt
    assert 'data-testid="tracking-code"' in receipt
    # The tracking code is shown once only.
    assert 'data-testid="tracking-code"' not in client.get(response["Location"]).content.decode()

    # The notifications outbox e-mailed the PDF constancia with the tracking code.
    (sent,) = mail.outbox
    assert sent.to == ["luz@example.com"]
    assert sent.attachments[0][2] == "application/pdf"
    assert client.get(f"/desk/cases/{case.pk}/receipt.pdf").content.startswith(b"%PDF")


def test_double_submission_files_once(org, as_user):
    client = as_user(org.clerk)
    client.post("/desk/file/", form_data(email_receipt=""))
    client.post("/desk/file/", form_data(email_receipt=""))
    assert Case.objects.count() == 1
    client.post("/desk/file/", form_data(idempotency_key="form-2", email_receipt=""))
    assert Case.objects.count() == 2


def test_name_required_unless_anonymous_and_future_time_refused(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9, 30))
    client = as_user(org.clerk)
    response = client.post("/desk/file/", form_data(full_name=""))
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    response = client.post("/desk/file/", form_data(received_at="2026-07-11T08:00"))
    assert response.context["form"].errors["received_at"]
    assert Case.objects.count() == 0
    box = Channel.objects.get(code="buzon").pk
    response = client.post(
        "/desk/file/",
        form_data(
            anonymous="on",
            full_name="",
            channel=box,
            case_type=CaseType.objects.get(code="sugerencia").pk,
            email_receipt="",
        ),
    )
    assert response.status_code == 302
    assert Case.objects.get().is_anonymous


def test_only_staff_channels_are_offered_and_auditors_cannot_file(org, as_user):
    client = as_user(org.clerk)
    choices = client.get("/desk/file/").context["form"].fields["channel"].queryset
    assert set(choices.values_list("kind", flat=True)) == {"phone", "walk_in", "paper", "box"}
    response = client.post("/desk/file/", form_data(channel=Channel.objects.get(code="web").pk))
    assert response.context["form"].errors["channel"]
    assert as_user(org.auditor).get("/desk/file/").status_code == 404


def test_a_disguised_scan_is_refused_and_nothing_is_filed(org, as_user):
    """Staff uploads are checked like the portal's: by content, not by name or claimed type."""
    client = as_user(org.clerk)
    scan = SimpleUploadedFile(
        "formato.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post("/desk/file/", {**form_data(), "scan": scan})
    assert response.status_code == 200
    assert "formato.pdf" in response.content.decode()
    assert not Case.objects.exists()


def test_the_consent_recorded_is_the_policy_in_force(org, as_user, settings):
    settings.PQRS_CONSENT_POLICY_VERSION = "2026-2"
    as_user(org.clerk).post("/desk/file/", form_data(email_receipt=""))
    contact = Case.objects.get().contact
    assert (contact.data_consent, contact.consent_policy_version) == (True, "2026-2")


def test_a_read_only_auditor_cannot_resend_the_constancia(org, as_user):
    as_user(org.clerk).post("/desk/file/", form_data(email_receipt=""))
    case = Case.objects.get()
    response = as_user(org.auditor).post(f"/desk/cases/{case.pk}/receipt/email/")
    assert response.status_code == 403
    assert not Delivery.objects.filter(case=case).exists()
    # The filing desk may.
    assert as_user(org.clerk).post(f"/desk/cases/{case.pk}/receipt/email/").status_code == 302
    assert Delivery.objects.filter(case=case).count() == 1
