"""The public pages. Each view validates a form and calls one service or selector.

Session keys: ``portal_receipts`` holds the receipts this browser was given (token → case id
and tracking code) so a retried form still shows its receipt; ``portal_case`` holds the case
unlocked by a successful lookup, with the time of last use.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from pqrs.cases.models import OPEN_STATUSES, Case, CaseType, Status
from pqrs.cases.selectors import case_clock
from pqrs.cases.services import case_petitioner_reply, case_withdraw
from pqrs.cases.services.filing import FilingError
from pqrs.cases.services.petitioner import case_add_information
from pqrs.core.errors import DomainError
from pqrs.documents.receipts import filing_receipt_pdf, receipt_filename
from pqrs.surveys.services import case_can_be_rated, survey_submit

from . import ratelimit, selectors
from .forms import FilingForm, PetitionerTextForm, SurveyForm, TrackingForm, WithdrawForm
from .services import portal_file
from .wording import STATUS_TEXT, timeline_entry

RECEIPTS_KEY = "portal_receipts"
CASE_KEY = "portal_case"
RECEIPTS_KEPT = 5
RECEIPT_SECONDS = 60 * 60
# A double click sends the same form twice at once; the second request waits this long for
# the first to publish its receipt (it is published right after the filing commits).
RETRY_WAIT_SECONDS = 5.0
CORRUPTION_TYPE = "denuncia"


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


# --- filing ---------------------------------------------------------------------------------
@never_cache
@limit_request_size
def file_request(request: HttpRequest) -> HttpResponse:
    return _filing(request, fixed_type=None, template="portal/file.html")


@never_cache
@limit_request_size
def report_corruption(request: HttpRequest) -> HttpResponse:
    """Ley 1474 de 2011 art. 76: a visible place to report acts of corruption."""
    if not CaseType.objects.filter(code=CORRUPTION_TYPE, is_active=True).exists():
        raise Http404
    return _filing(request, fixed_type=CORRUPTION_TYPE, template="portal/report.html")


def _filing(request: HttpRequest, *, fixed_type: str | None, template: str) -> HttpResponse:
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
                    submission=form.submission(), language=translation.get_language() or "es"
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
                    # Whoever holds the receipt may follow the case without typing the code.
                    request.session[CASE_KEY] = {"id": result.case.pk, "seen": time.time()}
                return redirect("portal:receipt", token=token)
        status = 400 if status == 200 else status
    else:
        form = FilingForm(fixed_type=fixed_type, initial={"form_token": secrets.token_urlsafe(24)})
    return render(request, template, _filing_context(form), status=status)


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
        },
    )


def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    entry = _receipt_entry(request, token)
    if entry is None:
        raise Http404
    case = Case.objects.select_related("receipt", "contact").get(pk=entry["case"])
    return _pdf_response(request, case, entry["code"])


def _pdf_response(request: HttpRequest, case: Case, code: str | None) -> HttpResponse:
    pdf = filing_receipt_pdf(
        case=case,
        tracking_code=code,
        base_url=request.build_absolute_uri("/"),
        entity_name=str(settings.PQRS_ENTITY_NAME),
        language=translation.get_language() or "es",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(case)}"'
    response["Cache-Control"] = "no-store"
    return response


def data_policy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/data_policy.html", {"version": settings.PQRS_CONSENT_POLICY_VERSION}
    )


# --- tracking -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["filing_number"].strip().upper()
            ip_ok = ratelimit.hit(
                "track",
                ratelimit.client_ip(request),
                ratelimit.Rate.parse(settings.PQRS_RATE_TRACKING),
            )
            case_ok = ratelimit.hit(
                "track-case", number, ratelimit.Rate.parse(settings.PQRS_RATE_TRACKING_PER_CASE)
            )
            if not (ip_ok and case_ok):
                form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
                status = 429
            else:
                case = selectors.case_lookup(filing_number=number, code=form.cleaned_data["code"])
                if case is not None:
                    request.session.cycle_key()
                    request.session[CASE_KEY] = {"id": case.pk, "seen": time.time()}
                    return redirect("portal:case")
                echoed = request.POST.copy()
                echoed["code"] = ""  # a code is never echoed back
                form.data = echoed
                form.add_error(
                    None,
                    _(
                        "We found no request with that filing number and tracking code. "
                        "Check both and try again."
                    ),
                )
                status = 400
        else:
            status = 400
    else:
        form = TrackingForm(initial={"filing_number": request.GET.get("radicado", "")[:40]})
    return render(request, "portal/track.html", {"form": form}, status=status)


def _session_case(request: HttpRequest) -> Case | None:
    entry = request.session.get(CASE_KEY)
    if not entry:
        return None
    if time.time() - entry["seen"] > settings.PQRS_TRACKING_SESSION_MINUTES * 60:
        del request.session[CASE_KEY]
        return None
    request.session[CASE_KEY] = {"id": entry["id"], "seen": time.time()}
    return (
        Case.objects.select_related("case_type", "contact", "receipt")
        .filter(pk=entry["id"])
        .first()
    )


def _need_case(request: HttpRequest) -> Case | HttpResponse:
    case = _session_case(request)
    if case is None:
        messages.info(request, _("Enter your filing number and tracking code to continue."))
        return redirect("portal:track")
    return case


@never_cache
def case_detail(request: HttpRequest, **forms: Any) -> HttpResponse:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    return _case_page(request, case, **forms)


def _case_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    title, explanation = STATUS_TEXT[Status(case.status)]
    context = {
        "case": case,
        "status_title": title,
        "status_text": explanation,
        "timeline": [timeline_entry(e) for e in selectors.public_events(case)],
        "answer": selectors.public_answer(case),
        "request_event": selectors.pending_request(case),
        "clock": case_clock(case) if case.is_open else None,
        "can_add": case.status in OPEN_STATUSES and case.status != Status.WAITING_PETITIONER,
        "can_withdraw": case.status in OPEN_STATUSES,
        "can_rate": case_can_be_rated(case),
        "reply_form": forms.get("reply_form") or PetitionerTextForm(prefix="reply"),
        "add_form": forms.get("add_form") or PetitionerTextForm(prefix="add"),
        "survey_form": forms.get("survey_form") or SurveyForm(),
    }
    return render(request, "portal/case.html", context, status=status)


def _case_action_allowed(case: Case) -> bool:
    """Uploads to one case are limited too: a tracking session is not a free file store."""
    return ratelimit.hit(
        "case-action", str(case.pk), ratelimit.Rate.parse(settings.PQRS_RATE_CASE_ACTIONS)
    )


@require_POST
@limit_request_size
def reply(request: HttpRequest) -> HttpResponse:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    form = PetitionerTextForm(request.POST, request.FILES, prefix="reply")
    if not _case_action_allowed(case):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
    elif form.is_valid():
        try:
            case_petitioner_reply(
                case=case,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachment_data"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. We received your answer; the term runs again."))
            return redirect("portal:case")
    return _case_page(request, case, status=400, reply_form=form)


@require_POST
@limit_request_size
def add_information(request: HttpRequest) -> HttpResponse:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    form = PetitionerTextForm(request.POST, request.FILES, prefix="add")
    if not _case_action_allowed(case):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
    elif form.is_valid():
        try:
            case_add_information(
                case=case,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachment_data"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. The information was added to your request."))
            return redirect("portal:case")
    return _case_page(request, case, status=400, add_form=form)


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    """Desistimiento expreso (Ley 1755 art. 18): confirmed on its own page, never by one click."""
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_withdraw(case=case, reason=form.cleaned_data["reason"], actor=None)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your request was withdrawn."))
            return redirect("portal:case")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/withdraw.html", {"case": case, "form": form}, status=status)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            survey_submit(
                case=case,
                csat=form.cleaned_data["csat"],
                nps=form.cleaned_data["nps"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you for rating our answer."))
            return redirect("portal:case")
    return _case_page(request, case, status=400, survey_form=form)


def case_receipt_pdf(request: HttpRequest) -> HttpResponse:
    """The constancia again, from the tracking page; the code is not kept, so not printed."""
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    return _pdf_response(request, case, None)


def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    item = selectors.public_attachment(case, pk)
    if item is None:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(CASE_KEY, None)
    messages.info(request, _("You left the request. Nobody else using this device can see it now."))
    return redirect(reverse("portal:track"))
