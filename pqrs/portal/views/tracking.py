"""Tracking with radicado and code, and what the petitioner can do from there.

Session key ``portal_case`` holds the case unlocked by a successful lookup (or by filing it
in this browser), with the time of last use."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pqrs.cases.models import RUNNING_STATUSES, Case, Status
from pqrs.cases.selectors import case_clock
from pqrs.cases.services import (
    case_extend_reply_time,
    case_petitioner_reply,
    case_withdraw,
    reply_time_extension,
)
from pqrs.cases.services.petitioner import case_add_information
from pqrs.core.errors import DomainError
from pqrs.core.text import without_bidi_controls
from pqrs.surveys.services import case_can_be_rated, survey_submit

from .. import ratelimit, selectors
from ..forms import PetitionerTextForm, SurveyForm, TrackingForm, WithdrawForm
from ..guessing import wrong_code_seen
from ..uploads import client_upload_quota
from ..wording import STATUS_TEXT, timeline_entry
from .common import CASE_KEY, kept_pdf_response, limit_request_size

# --- tracking -------------------------------------------------------------------------------
# The code has 10 base-32 characters, 50 bits: 2^50 ≈ 1.1e15 codes per radicado. Only wrong
# codes count against a client, PQRS_RATE_TRACKING of them per window (20 per 15 minutes by
# default, 1,920 a day): one address needs about 3e11 days on average to find one code, and a
# botnet of 100,000 addresses about 8,000 years. So the right code always opens its case, for
# whoever types it, unless that client itself is over its limit; wrong codes for one radicado
# only raise an alert (``guessing``). The limit is per address, so people behind one shared
# address (a library, a company's NAT) share it: it leaves room for their mistakes, and the
# refusal tells them it comes from their connection and for how long.
TRACK_SCOPE = "track-wrong"


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["filing_number"].strip().upper()
            client = ratelimit.client_ip(request)
            rate = ratelimit.Rate.parse(settings.PQRS_RATE_TRACKING)
            # Counted before the lookup and given back when the code is right, so concurrent
            # requests cannot all slip under the limit.
            if not ratelimit.hit(TRACK_SCOPE, client, rate):
                ratelimit.give_back(TRACK_SCOPE, client, rate)
                form.add_error(
                    None,
                    _(
                        "Too many wrong codes were tried from your connection (it may be shared, "
                        "as in a library or an office). Wait %(minutes)s minutes and try again."
                    )
                    % {"minutes": ratelimit.minutes_left(rate)},
                )
                status = 429
            else:
                case = selectors.case_lookup(filing_number=number, code=form.cleaned_data["code"])
                if case is not None:
                    ratelimit.give_back(TRACK_SCOPE, client, rate)
                    request.session.cycle_key()
                    request.session[CASE_KEY] = {"id": case.pk, "seen": time.time()}
                    return redirect("portal:case")
                wrong_code_seen(client=client, filing_number=number)
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
    return render(request, "portal/track.html", {"form": form, "nav": "track"}, status=status)


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
def case_detail(request: HttpRequest) -> HttpResponse:
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    return _case_page(request, case)


def _case_page(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    title, explanation = STATUS_TEXT[Status(case.status)]
    request_event = selectors.pending_request(case)
    context = {
        "nav": "track",
        "case": case,
        "status_title": title,
        "status_text": explanation,
        "timeline": [timeline_entry(e) for e in selectors.public_events(case)],
        "answer": selectors.public_answer(case),
        "filed_attachments": selectors.public_attachments().filter(case=case, event__seq=1),
        "request_event": request_event,
        "more_time_until": reply_time_extension(case) if request_event else None,
        "clock": case_clock(case) if case.is_open else None,
        "can_add": case.status in RUNNING_STATUSES,
        "can_withdraw": case.is_open,
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


def _text_action(
    request: HttpRequest, *, prefix: str, service: Callable[..., object], done: str
) -> HttpResponse:
    """A petitioner's text + attachments to the tracked case: a reply or added information."""
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    form = PetitionerTextForm(request.POST, request.FILES, prefix=prefix)
    if not _case_action_allowed(case):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
    elif form.is_valid():
        attachments = form.cleaned_data["attachment_data"]
        try:
            with client_upload_quota(client=ratelimit.client_ip(request), attachments=attachments):
                service(case=case, text=form.cleaned_data["text"], attachments=attachments)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("portal:case")
    return _case_page(request, case, status=400, **{f"{prefix}_form": form})


@require_POST
@limit_request_size
def reply(request: HttpRequest) -> HttpResponse:
    return _text_action(
        request,
        prefix="reply",
        service=case_petitioner_reply,
        done=_("Thank you. We received your answer; the term runs again."),
    )


@require_POST
@limit_request_size
def add_information(request: HttpRequest) -> HttpResponse:
    return _text_action(
        request,
        prefix="add",
        service=case_add_information,
        done=_("Thank you. The information was added to your request."),
    )


@require_POST
def more_time(request: HttpRequest) -> HttpResponse:
    """The petitioner asks for more time to complete the request (Ley 1755 art. 17)."""
    case = _need_case(request)
    if isinstance(case, HttpResponse):
        return case
    if not _case_action_allowed(case):
        messages.error(request, _("Too many attempts. Wait a few minutes and try again."))
        return redirect("portal:case")
    try:
        case = case_extend_reply_time(case=case)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        assert case.info_request_due is not None  # noqa: S101 - the service just set it
        messages.success(
            request,
            _("Done. You have until %(date)s to send the information.")
            % {"date": date_format(case.info_request_due)},
        )
    return redirect("portal:case")


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
    return kept_pdf_response(case)


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
        filename=without_bidi_controls(item.original_name),
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
