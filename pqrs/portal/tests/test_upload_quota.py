"""Issue 8 item 5: public uploads have byte quotas per client address and per case, and the
same content is stored once, however many cases carry it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from django.db import connections

from pqrs.cases.models import Attachment, Case, CaseEvent
from pqrs.cases.services import case_request_information, case_triage
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.services.petitioner import case_add_information
from pqrs.core.errors import DomainError

from .conftest import PDF_BYTES
from .helpers import form_token, identified, upload

pytestmark = pytest.mark.django_db

KB = 1024


def pdf_of(size: int, marker: str) -> bytes:
    """A PDF (by its content) of exactly ``size`` bytes; the marker makes the content unique."""
    head = PDF_BYTES + f"% {marker}\n".encode()
    return head + b"%" * (size - len(head))


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def file_with(client, address: str, *files: tuple[str, bytes], **fields: str):
    data = identified(form_token(client), **fields)
    data["attachments"] = [upload(name, content) for name, content in files]
    return client.post("/", data, REMOTE_ADDR=address)


def add_information(client, address: str, text: str, *files: tuple[str, bytes]):
    data = {"add-text": text, "add-attachments": [upload(n, c) for n, c in files]}
    return client.post("/consulta/solicitud/agregar/", data, REMOTE_ADDR=address)


def test_the_client_quota_refuses_the_filing_that_would_exceed_it(defaults, client, settings):
    settings.PQRS_UPLOAD_CLIENT_BYTES_PER_HOUR = 5 * KB
    first = file_with(client, "203.0.113.5", ("uno.pdf", pdf_of(3 * KB, "uno")))
    assert first.status_code == 302
    before = stored_files(settings)
    refused = file_with(
        client,
        "203.0.113.5",
        ("dos.pdf", pdf_of(3 * KB, "dos")),
        subject="Segunda solicitud",
        text="Lo que escribí con cuidado.",
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "5,0\xa0KB de archivos por hora" in html
    assert "Lo que escribí con cuidado." in html  # what was typed is kept
    assert Case.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert stored_files(settings) == before
    # Another address has its own quota.
    other = file_with(client, "198.51.100.8", ("dos.pdf", pdf_of(3 * KB, "dos")))
    assert other.status_code == 302
    assert Case.objects.count() == 2


def test_a_resent_form_at_the_quota_still_leads_to_its_receipt(defaults, client, settings):
    """A double click or a reload stores nothing new: it is not refused for the quota."""
    settings.PQRS_UPLOAD_CLIENT_BYTES_PER_HOUR = 5 * KB
    token = form_token(client)
    content = pdf_of(3 * KB, "uno")
    responses = []
    for _ in range(2):
        data = identified(token, attachments=[upload("uno.pdf", content)])
        responses.append(client.post("/", data, REMOTE_ADDR="203.0.113.5"))
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Case.objects.count() == 1
    assert Attachment.objects.count() == 1


def test_added_information_counts_against_the_client_quota(defaults, client, settings):
    settings.PQRS_UPLOAD_CLIENT_BYTES_PER_HOUR = 5 * KB
    response = file_with(client, "203.0.113.5", ("uno.pdf", pdf_of(3 * KB, "uno")))
    assert response.status_code == 302  # and this browser may follow its case
    case = Case.objects.get()
    before = stored_files(settings)
    refused = add_information(
        client, "203.0.113.5", "Otro dato importante.", ("dos.pdf", pdf_of(3 * KB, "dos"))
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "de archivos por hora" in html
    assert "Otro dato importante." in html
    assert not case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()
    assert case.attachments.count() == 1
    assert stored_files(settings) == before
    # Within the quota, text alone still goes through.
    assert add_information(client, "203.0.113.5", "Solo texto.").status_code == 302


def test_the_case_quota_refuses_what_the_petitioner_adds_beyond_it(defaults, client, settings):
    settings.PQRS_UPLOAD_CASE_MAX_BYTES = 5 * KB
    # What came with the filing does not count against what may be added after it.
    assert file_with(client, "203.0.113.5", ("uno.pdf", pdf_of(4 * KB, "uno"))).status_code == 302
    case = Case.objects.get()
    added = add_information(client, "198.51.100.1", "Anexo.", ("dos.pdf", pdf_of(3 * KB, "dos")))
    assert added.status_code == 302
    before = stored_files(settings)
    refused = add_information(
        client, "198.51.100.2", "Otro anexo.", ("tres.pdf", pdf_of(3 * KB, "tres"))
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "como máximo 5,0\xa0KB en archivos" in html
    assert "Otro anexo." in html
    assert case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).count() == 1
    assert case.attachments.count() == 2
    assert stored_files(settings) == before


def test_the_case_quota_covers_the_reply_to_an_information_request(org, settings):
    from pqrs.cases.services import case_petitioner_reply
    from pqrs.cases.tests.factories import file_case

    settings.PQRS_UPLOAD_CASE_MAX_BYTES = 5 * KB
    case = file_case()
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_add_information(
        case=case,
        text="Anexo.",
        attachments=(AttachmentData("a.pdf", pdf_of(3 * KB, "a"), "application/pdf"),),
    )
    case_request_information(case=case, actor=org.lead_a, reason="incomplete", message="Falta.")
    big = (AttachmentData("b.pdf", pdf_of(3 * KB, "b"), "application/pdf"),)
    with pytest.raises(DomainError):
        case_petitioner_reply(case=case, text="Aquí está.", attachments=big)
    case.refresh_from_db()
    assert case.status == "waiting_petitioner"
    assert case.attachments.count() == 1


def test_the_same_content_from_several_cases_is_one_file_on_disk(defaults, client, settings):
    content = pdf_of(40 * KB, "el mismo")
    for number in range(3):
        response = file_with(client, f"203.0.113.{number}", (f"copia{number}.pdf", content))
        assert response.status_code == 302
        client.post("/consulta/salir/")
    assert Attachment.objects.count() == 3
    (blob,) = stored_files(settings)
    assert blob.read_bytes() == content
    assert blob.name == hashlib.sha256(content).hexdigest()
    for attachment in Attachment.objects.all():
        with attachment.file.open("rb") as handle:
            assert handle.read() == content


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_cannot_both_pass_the_case_quota(defaults, settings):
    from pqrs.cases.tests.factories import file_case

    settings.PQRS_UPLOAD_CASE_MAX_BYTES = 5 * KB
    case = file_case()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def add(marker: str) -> None:
        try:
            barrier.wait()
            item = AttachmentData(f"{marker}.pdf", pdf_of(3 * KB, marker), "application/pdf")
            case_add_information(case=case, text="Anexo.", attachments=(item,))
            outcomes.append("added")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(m,)) for m in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["added", "refused"]
    assert case.attachments.count() == 1
