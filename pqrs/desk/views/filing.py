"""Staff filing (phone, walk-in, paper mail, suggestion box) and the constancia, and search."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pqrs.cases.confidential import identity_reserved
from pqrs.cases.models import Case
from pqrs.cases.policies import Action, allows
from pqrs.cases.selectors import (
    SEARCH_LIMIT,
    case_search_newest,
    case_visible_or_404,
    cases_visible_to,
    search_term,
)
from pqrs.cases.services import case_file
from pqrs.cases.services.filing import (
    ContactData,
    FilingError,
    IdempotencyConflict,
    Submission,
)
from pqrs.core import clock
from pqrs.documents.receipts import filed_attachment_names, filing_receipt_pdf, receipt_filename
from pqrs.documents.services import receipt_pdf_kept_bytes
from pqrs.notifications.services import receipt_enqueue, receipt_owed

from ..access import desk_user, is_htmx, staff_view
from ..forms import SearchForm, StaffFilingForm

# The tracking code is shown once, on the constancia printed right after filing.
SESSION_CODES = "desk_tracking_codes"
# Cases filed in this session by this user: their constancia stays printable for the filer
# even when the case itself is out of their sight (a confidential denuncia taken by phone).
SESSION_FILED = "desk_filed_cases"
FILED_KEPT = 20


@staff_view
def file_case(request: HttpRequest) -> HttpResponse:
    user = desk_user(request)
    if not allows(user, Action.FILE):
        raise Http404
    if request.method == "POST":
        form = StaffFilingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            contact = None
            if not data["anonymous"]:
                contact = ContactData.from_form(
                    data,
                    data_consent=data["data_consent"],
                    consent_policy_version=(
                        settings.PQRS_CONSENT_POLICY_VERSION if data["data_consent"] else ""
                    ),
                )
            submission = Submission(
                case_type_code=data["case_type"].code,
                channel_code=data["channel"].code,
                subject=data["subject"],
                text=data["text"],
                contact=contact,
                received_at=data["received_at"],
                # A double click or a resent form files once (the key is per form shown).
                idempotency_key=f"desk:{user.pk}:{data['idempotency_key']}",
                topic_code=data["topic"].code if data.get("topic") else None,
                legal_priority=data.get("legal_priority") or "",
                attachments=data["scan"],
                verbal_answer=data.get("verbal_answer") or "",
                answer_channel=data.get("answer_channel") or "",
            )
            email = contact.email if contact else ""
            # The notifications outbox sends the PDF constancia with the tracking code after
            # the commit and logs every attempt.
            owe_receipt = receipt_owed(recipient=email, language=get_language() or "es")
            try:
                result = case_file(
                    submission=submission,
                    actor=user,
                    also_write=owe_receipt if email and data.get("email_receipt") else None,
                )
            except IdempotencyConflict as conflict:
                form = _fresh_form(request, conflict)
            except FilingError as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                if result.tracking_code:
                    codes = request.session.get(SESSION_CODES, {})
                    codes[str(result.case.pk)] = result.tracking_code
                    request.session[SESSION_CODES] = codes
                if result.case.created_by_id == user.pk:
                    filed = [
                        pk for pk in request.session.get(SESSION_FILED, []) if pk != result.case.pk
                    ]
                    request.session[SESSION_FILED] = [*filed, result.case.pk][-FILED_KEPT:]
                messages.success(
                    request,
                    _("Filed with number %(number)s.") % {"number": result.case.filing_number},
                )
                return redirect("desk:receipt", pk=result.case.pk)
    else:
        form = StaffFilingForm(
            initial={
                "received_at": timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M"),
                "idempotency_key": secrets.token_urlsafe(16),
            }
        )
    return render(request, "desk/file.html", {"form": form})


def _receipt_case(request: HttpRequest, pk: int) -> tuple[Case, bool]:
    """The case whose constancia is asked for, and whether the reporter's identity is reserved
    on it for this user. A case out of the user's sight is a 404, except for its filer in the
    session it was filed in, who typed the identity themselves."""
    user = desk_user(request)
    if pk in request.session.get(SESSION_FILED, []):
        filed = Case.objects.filter(pk=pk, created_by=user).select_related("contact").first()
        if filed is not None:
            return filed, False
    case = case_visible_or_404(user, pk)
    return case, identity_reserved(user, case)


def _fresh_form(request: HttpRequest, conflict: IdempotencyConflict) -> StaffFilingForm:
    """The form as typed, with a new key: this form's key already filed a case with other
    content (the form was reused, or changed and sent again), and nothing was filed now.
    Sending it again files it as a new request. A file is never sent back to the browser, so
    the scan has to be attached again: the form says so next to it."""
    data = request.POST.copy()
    data["idempotency_key"] = secrets.token_urlsafe(16)
    form = StaffFilingForm(data)
    form.is_valid()
    number = {"number": conflict.case.filing_number}
    if cases_visible_to(desk_user(request)).filter(pk=conflict.case.pk).exists():
        message = _(
            "This form was already filed as %(number)s with different content, so nothing "
            "was filed now. Check that case; to file what the form says now as a new "
            "request, send it again."
        )
    else:
        # A denuncia, or a case routed to an area: the filer cannot open it.
        message = _(
            "This form was already filed as %(number)s with different content, so nothing "
            "was filed now. To file what the form says now as a new request, send it again."
        )
    form.add_error(None, message % number)
    if request.FILES.get("scan"):
        form.add_error(
            "scan", _("The scan you attached was not kept: attach it again before sending.")
        )
    return form


def _receipt_context(request: HttpRequest, pk: int, *, pop_code: bool) -> dict[str, object]:
    case, reserved = _receipt_case(request, pk)
    codes = request.session.get(SESSION_CODES, {})
    code = codes.get(str(pk))
    if pop_code and code is not None:
        codes.pop(str(pk))
        request.session[SESSION_CODES] = codes
    return {
        "case": case,
        "receipt": case.receipt,
        "tracking_code": code,
        "attachments": filed_attachment_names(case),
        "identity_reserved": reserved,
        # Filed into an area out of the filer's sight (a denuncia, a topic of another area):
        # the link would lead to "not found".
        "can_open_case": cases_visible_to(desk_user(request)).filter(pk=case.pk).exists(),
    }


@staff_view
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable constancia (print CSS). The tracking code appears on the first view only."""
    context = _receipt_context(request, pk, pop_code=True)
    return render(request, "desk/receipt.html", context)


@staff_view
@require_POST
def receipt_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the constancia again (without the tracking code, which is shown only once): a write
    on the petitioner's behalf, for the filing desk or the people handling the case, not for a
    read-only auditor."""
    user = desk_user(request)
    case, reserved = _receipt_case(request, pk)
    if not (allows(user, Action.FILE) or allows(user, Action.NOTE, case)):
        raise PermissionDenied
    if not (case.contact and case.contact.email):
        messages.error(request, _("The petitioner has no e-mail address."))
        return redirect("desk:receipt", pk=pk)
    receipt_enqueue(
        case=case, recipient=case.contact.email, tracking_code="", language=get_language() or "es"
    )
    if reserved:
        messages.success(request, _("The filing receipt is being sent to the petitioner's e-mail."))
    else:
        messages.success(
            request,
            _("The filing receipt is being sent to %(email)s.") % {"email": case.contact.email},
        )
    return redirect("desk:receipt", pk=pk)


@staff_view
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The constancia without the code, as kept with the case (rendered once); a copy with the
    reporter's identity reserved is rendered each time (confidential cases only)."""
    case, reserved = _receipt_case(request, pk)
    if reserved:
        pdf = filing_receipt_pdf(
            case=case,
            tracking_code=None,
            base_url=settings.PQRS_PUBLIC_BASE_URL,
            language=get_language() or "es",
            reserve_identity=True,
        )
    else:
        pdf = receipt_pdf_kept_bytes(case=case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{receipt_filename(case)}"'
    return response


@staff_view
def search(request: HttpRequest) -> HttpResponse:
    user = desk_user(request)
    form = SearchForm(request.GET)
    results: list[Case] = []
    error = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            results = case_search_newest(user, query, SEARCH_LIMIT)
    else:
        error = str(form.errors["q"][0])
        # Shown again in the box without what made it invalid, so it can be corrected.
        query = search_term(request.GET.get("q", ""))
    template = "desk/_search_results.html" if is_htmx(request) else "desk/search.html"
    # HTMX swaps in only 2xx answers: the live results carry the message with a 200.
    status = 400 if error and not is_htmx(request) else 200
    context = {
        "query": query,
        "results": results,
        "limit": SEARCH_LIMIT,
        "error": error,
    }
    return render(request, template, context, status=status)
