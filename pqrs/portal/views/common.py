"""What the portal views share: session keys, the request-size guard, the PDF responses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pqrs.cases.models import Case
from pqrs.documents.receipts import filing_receipt_pdf, receipt_filename
from pqrs.documents.services import receipt_pdf_kept_bytes

CASE_KEY = "portal_case"


# --- request size -----------------------------------------------------------------------------
def max_request_bytes() -> int:
    """Every allowed file at its largest, plus room for the text fields."""
    return int(settings.PQRS_UPLOAD_MAX_FILES * settings.PQRS_UPLOAD_MAX_FILE_BYTES + 1024 * 1024)


def limit_request_size(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse an oversized POST from its Content-Length, before its body is read. The CSRF
    check runs after this one (Django's documented csrf_exempt/csrf_protect pattern), because
    the CSRF middleware would otherwise read, and store, the whole body first."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if request.method == "POST" and length > max_request_bytes():
            context = {"max_mb": max_request_bytes() // (1024 * 1024)}
            return render(request, "portal/too_large.html", context, status=413)
        return protected(request, *args, **kwargs)

    return wrapper


def kept_pdf_response(case: Case) -> HttpResponse:
    """The constancia without the code, from storage (rendered once: ``receipt_pdf_kept``)."""
    return _pdf(receipt_pdf_kept_bytes(case=case), case)


def code_pdf_response(
    request: HttpRequest, case: Case, code: str, *, token: str, seconds_left: int
) -> HttpResponse:
    """The constancia with the tracking code, while the receipt page lasts. It is never
    stored: it stays in the cache that already holds the code for that hour
    (``filing._publish_receipt``), so a second click does not render it again."""
    language = translation.get_language() or "es"
    parts = f"{token}\x1f{case.pk}\x1f{language}"
    key = "pqrs:receipt-pdf:" + hashlib.sha256(parts.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = filing_receipt_pdf(
            case=case,
            tracking_code=code,
            base_url=request.build_absolute_uri("/"),
            language=language,
        )
        cache.set(key, pdf, timeout=max(1, seconds_left))
    return _pdf(pdf, case)


def _pdf(content: bytes, case: Case) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(case)}"'
    response["Cache-Control"] = "no-store"
    return response
