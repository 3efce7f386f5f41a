"""The constancia de radicación as a PDF (CPACA art. 61; legal-rules.md §1.3): radicado, date and
time of reception, type, due date, tracking code when known, a QR code to the tracking page, and
a copy of what the petitioner filed (subject, full text, names of the attached files).

Rendered from a Django template (autoescaped) by WeasyPrint; the QR is an inline SVG by segno,
so no file or network access is needed.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.template.loader import render_to_string
from django.utils import translation

from pqrs.cases.models import Case
from pqrs.core.selectors import entity


def tracking_url(base_url: str, case: Case) -> str:
    return f"{base_url.rstrip('/')}/consulta/?{urlencode({'radicado': case.filing_number})}"


def qr_data_uri(text: str) -> str:
    svg = segno.make(text, error="m").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def filing_receipt_pdf(
    *,
    case: Case,
    tracking_code: str | None,
    base_url: str,
    language: str = "es",
    reserve_identity: bool = False,
) -> bytes:
    """``reserve_identity``: a copy printed at the desk of a confidential case, which says
    "identity reserved" instead of the reporter's name (the reporter's own copy has it)."""
    url = tracking_url(base_url, case)
    receipt = case.receipt
    with translation.override(language):
        html = render_to_string(
            "documents/filing_receipt.html",
            {
                "case": case,
                "receipt": receipt,
                "tracking_code": tracking_code,
                "tracking_url": url,
                "qr": qr_data_uri(url),
                "entity": entity(),
                "reserve_identity": reserve_identity,
                "attachments": filed_attachment_names(case),
            },
        )
    from weasyprint import HTML  # seconds of start-up; only the processes that render pay it

    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf


def filed_attachment_names(case: Case) -> list[str]:
    """The names of the files that came with the filing, as the petitioner gave them."""
    names = case.attachments.filter(event__seq=1).order_by("pk").values_list("original_name")
    return [name for (name,) in names]


def receipt_filename(case: Case) -> str:
    return f"constancia-{case.filing_number}.pdf"
