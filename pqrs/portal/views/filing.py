"""Filing from the public form and the receipt that follows it.

Session key ``portal_receipts`` holds the receipts this browser was given (token → case id and
tracking code) so a retried form still shows its receipt."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pqrs.accounts.selectors import confidential_area
from pqrs.cases.models import Case, CaseType
from pqrs.cases.services.filing import FilingError
from pqrs.documents.receipts import filed_attachment_names

from .. import ratelimit
from ..forms import FilingForm
from ..services import portal_file
from .common import CASE_KEY, code_pdf_response, limit_request_size

RECEIPTS_KEY = "portal_receipts"
RECEIPTS_KEPT = 5
RECEIPT_SECONDS = 60 * 60
# A double click sends the same form twice at once; the second request waits this long for
# the first to publish its receipt (it is published right after the filing commits).
RETRY_WAIT_SECONDS = 5.0
CORRUPTION_TYPE = "denuncia"


# --- filing ---------------------------------------------------------------------------------
@never_cache
@limit_request_size
def file_request(request: HttpRequest) -> HttpResponse:
    return _filing(request, fixed_type=None, template="portal/file.html")


@never_cache
@limit_request_size
def report_corruption(request: HttpRequest) -> HttpResponse:
    """Ley 1474 de 2011 art. 76: a visible place to report acts of corruption, which says who
    reads the report and how the reporter is protected (``cases.policies``)."""
    if not CaseType.objects.filter(code=CORRUPTION_TYPE, is_active=True).exists():
        raise Http404
    area = confidential_area()
    return _filing(
        request,
        fixed_type=CORRUPTION_TYPE,
        template="portal/report.html",
        extra={"confidential_area": area.name if area else ""},
    )


def _corruption_wording(form: FilingForm) -> None:
    """A report is not a request: its own example and help."""
    form.fields["subject"].help_text = _(
        "A short title, for example: “Money asked for to speed up a permit”."
    )
    form.fields["text"].label = _("What happened")
    form.fields["text"].help_text = _(
        "Who was involved (names or positions, if you know them), what they did, when and "
        "where. You do not need to cite any law."
    )


def _filing(
    request: HttpRequest,
    *,
    fixed_type: str | None,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = FilingForm(request.POST, request.FILES, fixed_type=fixed_type)
        rate = ratelimit.Rate.parse(settings.PQRS_RATE_FILING)
        if not ratelimit.hit("filing", ratelimit.client_ip(request), rate):
            form.is_valid()  # keep what was typed, with its own messages
            form.add_error(
                None,
                _("Too many attempts from your connection. Wait %(minutes)s minutes and try again.")
                % {"minutes": ratelimit.retry_minutes(rate)},
            )
            status = 429
        elif form.is_valid():
            try:
                result = portal_file(
                    submission=form.submission(),
                    language=translation.get_language() or "es",
                    client=ratelimit.client_ip(request),
                )
            except FilingError as exc:
                for name, message in exc.errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                token = form.idempotency_key().removeprefix("web:")
                if result.tracking_code:
                    _publish_receipt(request, token, result.case, result.tracking_code)
                else:
                    _wait_for_receipt(request, token)
                if _receipt_entry(request, token) is not None:
                    # A new session key before the receipt is handed over (session fixation):
                    # whoever planted the old key must not read the receipt and its code. The
                    # receipts this browser holds move to the new key.
                    request.session.cycle_key()
                    # Whoever holds the receipt may follow the case without typing the code.
                    request.session[CASE_KEY] = {"id": result.case.pk, "seen": time.time()}
                return redirect("portal:receipt", token=token)
        status = 400 if status == 200 else status
    else:
        form = FilingForm(fixed_type=fixed_type, initial={"form_token": secrets.token_urlsafe(24)})
    if fixed_type == CORRUPTION_TYPE:
        _corruption_wording(form)
    context = _filing_context(form) | {"nav": "report" if fixed_type else "file"} | (extra or {})
    return render(request, template, context, status=status)


def _filing_context(form: FilingForm) -> dict[str, Any]:
    return {
        "form": form,
        "case_types": form.case_types,
        "policy_version": settings.PQRS_CONSENT_POLICY_VERSION,
    }


def _publish_receipt(request: HttpRequest, token: str, case: Case, code: str) -> None:
    entry = {"case": case.pk, "code": code, "at": time.time()}
    cache.set(f"pqrs:receipt:{token}", entry, timeout=RECEIPT_SECONDS)
    _remember_receipt(request, token, entry)


def _remember_receipt(request: HttpRequest, token: str, entry: dict[str, Any]) -> None:
    receipts = dict(request.session.get(RECEIPTS_KEY, {}))
    receipts[token] = entry
    newest = sorted(receipts.items(), key=lambda item: item[1]["at"])[-RECEIPTS_KEPT:]
    request.session[RECEIPTS_KEY] = dict(newest)


def _wait_for_receipt(request: HttpRequest, token: str) -> None:
    """The form was already filed (retry or double click): find the receipt the first request
    published, so this response shows the same number and code."""
    if token in request.session.get(RECEIPTS_KEY, {}):
        return
    deadline = time.monotonic() + RETRY_WAIT_SECONDS
    while time.monotonic() < deadline:
        entry = cache.get(f"pqrs:receipt:{token}")
        if entry is not None:
            _remember_receipt(request, token, entry)
            return
        time.sleep(0.1)


def _receipt_entry(request: HttpRequest, token: str) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = request.session.get(RECEIPTS_KEY, {}).get(token)
    if entry is None or time.time() - entry["at"] > RECEIPT_SECONDS:
        return None
    return entry


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    entry = _receipt_entry(request, token)
    if entry is None:
        return render(request, "portal/receipt_gone.html", status=404)
    case = Case.objects.select_related("receipt", "case_type", "contact").get(pk=entry["case"])
    return render(
        request,
        "portal/receipt.html",
        {
            "case": case,
            "receipt": case.receipt,
            "tracking_code": entry["code"],
            "token": token,
            "emailed": bool(case.contact and case.contact.email),
            "attachments": filed_attachment_names(case),
        },
    )


def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    entry = _receipt_entry(request, token)
    if entry is None:
        raise Http404
    case = Case.objects.select_related("receipt", "contact").get(pk=entry["case"])
    seconds_left = int(RECEIPT_SECONDS - (time.time() - entry["at"]))
    return code_pdf_response(request, case, entry["code"], token=token, seconds_left=seconds_left)


def data_policy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/data_policy.html", {"version": settings.PQRS_CONSENT_POLICY_VERSION}
    )
