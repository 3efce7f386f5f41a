"""Issue 8 item 8 (part): the constancia PDF is rendered once and kept with the case. The copy
with the tracking code is never stored; the receipt page keeps it in the cache for its hour."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
import weasyprint
from django.core import mail
from django.db import connections
from pypdf import PdfReader

from pqrs.cases.models import Case
from pqrs.notifications.services import receipt_enqueue

from .helpers import form_token, identified

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Counts WeasyPrint renders; each one still runs for real."""
    calls: list[int] = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return calls


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def file_it(client) -> tuple[str, Case, str]:
    response = client.post("/", identified(form_token(client), email="", answer_channel="portal"))
    html = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    return response["Location"], Case.objects.get(), code


def stored_receipts(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "receipts"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_second_pdf_request_does_not_render_again(defaults, client, renders, settings):
    _location, case, code = file_it(client)
    first = client.get("/consulta/solicitud/constancia/")
    second = client.get("/consulta/solicitud/constancia/")
    assert first.status_code == second.status_code == 200
    assert len(renders) == 1
    assert first.content == second.content
    assert case.filing_number in pdf_text(first.content)
    assert code not in pdf_text(first.content)
    (kept,) = stored_receipts(settings)
    assert kept.read_bytes() == first.content


def test_the_stored_copy_is_what_is_served(defaults, client, settings):
    file_it(client)
    client.get("/consulta/solicitud/constancia/")
    (kept,) = stored_receipts(settings)
    kept.write_bytes(kept.read_bytes() + b"\n% kept\n")
    assert client.get("/consulta/solicitud/constancia/").content.endswith(b"\n% kept\n")


def test_the_receipt_page_pdf_with_the_code_is_rendered_once_and_never_stored(
    defaults, client, renders, settings
):
    location, case, code = file_it(client)
    first = client.get(location + "pdf/")
    second = client.get(location + "pdf/")
    assert first.content == second.content
    assert code in pdf_text(first.content)
    assert len(renders) == 1
    assert stored_receipts(settings) == []
    assert not Case.objects.get(pk=case.pk).receipt.pdf


def test_the_receipt_email_without_code_carries_the_kept_copy(
    defaults, client, renders, django_capture_on_commit_callbacks
):
    _location, case, _code = file_it(client)
    kept = client.get("/consulta/solicitud/constancia/").content
    with django_capture_on_commit_callbacks(execute=True):
        receipt_enqueue(case=case, recipient="maria@example.com", tracking_code="", language="es")
    (sent,) = mail.outbox
    assert sent.attachments[0][1] == kept
    assert len(renders) == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_keep_one_copy(defaults, settings):
    from pqrs.cases.tests.factories import file_case
    from pqrs.documents.services import receipt_pdf_kept

    case = file_case()
    barrier = threading.Barrier(2)
    names: list[str] = []
    errors: list[BaseException] = []

    def first_request() -> None:
        try:
            fresh = Case.objects.select_related("receipt").get(pk=case.pk)
            barrier.wait()
            names.append(receipt_pdf_kept(case=fresh))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(names)) == 1
    assert Case.objects.get(pk=case.pk).receipt.pdf.name == names[0]
    (kept,) = stored_receipts(settings)
    assert kept.name == Path(names[0]).name
