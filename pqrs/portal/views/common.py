"""What the portal views share: session keys, the request-size guard, the PDF response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pqrs.cases.models import Case
from pqrs.documents.receipts import filing_receipt_pdf, receipt_filename

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


def pdf_response(request: HttpRequest, case: Case, code: str | None) -> HttpResponse:
    pdf = filing_receipt_pdf(
        case=case,
        tracking_code=code,
        base_url=request.build_absolute_uri("/"),
        language=translation.get_language() or "es",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(case)}"'
    response["Cache-Control"] = "no-store"
    return response
