"""The constancia kept with the case: rendered once, then served from storage.

Rendering a constancia costs WeasyPrint about a second of CPU; the portal, the desk and the
receipt e-mails serve the same document again and again. The copy without the tracking code
is rendered on first use and its storage name written with a conditional update, so concurrent
first requests do not fight: one name wins and the other copy is removed. The copy with the
code is never stored (the case keeps only the code's hash); it is rendered when needed.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pqrs.cases.models import Case, FilingReceipt

from .receipts import filing_receipt_pdf


def receipt_pdf_kept(*, case: Case) -> str:
    """The storage name of the case's constancia without the tracking code, rendering and
    keeping it the first time it is asked for (or again if its file was lost)."""
    receipt = case.receipt
    current = receipt.pdf.name or ""
    if current and default_storage.exists(current):
        return current
    # One canonical copy: the entity's language and its public address, whoever asks first.
    pdf = filing_receipt_pdf(
        case=case,
        tracking_code=None,
        base_url=settings.PQRS_PUBLIC_BASE_URL,
        language=settings.LANGUAGE_CODE,
    )
    # A fresh name each time: the file is complete before its name is published below.
    name = default_storage.save(
        f"receipts/{case.pk}/constancia-{secrets.token_hex(8)}.pdf", ContentFile(pdf)
    )
    kept = FilingReceipt.objects.filter(case_id=case.pk)
    if kept.filter(pdf=current).update(pdf=name):
        receipt.pdf.name = name
        return name
    default_storage.delete(name)  # a concurrent first request kept its copy first
    receipt.pdf.name = kept.values_list("pdf", flat=True).get()
    return str(receipt.pdf.name)


def receipt_pdf_kept_bytes(*, case: Case) -> bytes:
    with default_storage.open(receipt_pdf_kept(case=case), "rb") as kept:
        content: bytes = kept.read()
    return content
