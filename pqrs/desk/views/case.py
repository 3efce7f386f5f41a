"""The case page: everything about one case on one screen, and its actions as forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from pqrs.answers import services as answer_services
from pqrs.answers.models import AnswerTemplate, DraftState
from pqrs.cases.confidential import case_accesses, identity_reserved
from pqrs.cases.models import Attachment, Case, CaseEvent, Communication
from pqrs.cases.policies import Action, allows, may_reveal_identity
from pqrs.cases.selectors import (
    case_clock,
    case_visible_or_404,
    cases_visible_to,
    petitioner_other_cases,
)
from pqrs.cases.services import case_identity_reveal
from pqrs.cases.services.confidential import REVEAL_DURATION, REVEAL_REASON_MAX_LENGTH
from pqrs.cases.services.lifecycle import WORKABLE
from pqrs.core.errors import DomainError
from pqrs.core.limits import REASON_MAX_LENGTH, TEXT_MAX_LENGTH
from pqrs.core.params import int_param
from pqrs.core.text import without_bidi_controls
from pqrs.deadlines.selectors import calendar_snapshot

from ..access import desk_user, is_htmx, staff_view
from ..actions import ACTIONS, CaseAction, offered_actions
from ..forms import CHOOSE, TemplatedForm

OTHER_CASES_SHOWN = 10


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    template = forms.ModelChoiceField(
        label=gettext_lazy("Template"),
        queryset=AnswerTemplate.objects.filter(is_active=True, kind=Communication.Kind.ANSWER),
        required=False,
        empty_label=CHOOSE,
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to see who reported it?"),
        max_length=REVEAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment for the author"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


def _templates_by_kind() -> dict[str, list[AnswerTemplate]]:
    grouped: dict[str, list[AnswerTemplate]] = {}
    for template in AnswerTemplate.objects.filter(is_active=True):
        grouped.setdefault(template.kind, []).append(template)
    return grouped


def case_context(
    request: HttpRequest,
    case: Case,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: tuple[str, str] | None = None,
) -> dict[str, Any]:
    user = desk_user(request)
    snap = calendar_snapshot()
    events = list(
        CaseEvent.objects.filter(case=case)
        .select_related("actor")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("seq")
    )
    attachments = list(case.attachments.order_by("created_at", "pk"))
    communications = list(
        case.communications.select_related("created_by", "delivery").order_by("created_at")
    )
    other_cases, other_cases_total = petitioner_other_cases(user, case, limit=OTHER_CASES_SHOWN)
    templates = _templates_by_kind()
    actions = []
    for action in offered_actions(case, user):
        form = bound[1] if bound and bound[0] == action.name else action.make_form(case)
        kind = form.template_kind if isinstance(form, TemplatedForm) else ""
        actions.append(
            {
                "action": action,
                "form": form,
                "error": error[1] if error and error[0] == action.name else "",
                "templates": templates.get(kind, []),
                "template_target": f"id_{action.name}-{form.template_field}"
                if isinstance(form, TemplatedForm)
                else "",
            }
        )
    settings_row = answer_services.answer_settings()
    draft = answer_services.open_draft(case)
    can_answer = allows(user, Action.ANSWER, case) and case.status in WORKABLE
    answer_form = (
        bound[1]
        if bound and bound[0] == "answer"
        else AnswerForm(prefix="answer", initial={"body": draft.body if draft else ""})
    )
    reserved = identity_reserved(user, case)
    return {
        "case": case,
        "identity": {
            "reserved": reserved,
            "can_reveal": reserved and may_reveal_identity(user, case),
            "form": bound[1] if bound and bound[0] == "reveal" else RevealForm(prefix="reveal"),
            "error": error[1] if error and error[0] == "reveal" else "",
            "accesses": case_accesses(case) if case.is_confidential else [],
        },
        "clock": case_clock(case, snap=snap),
        "events": events,
        "notes": [e for e in events if e.kind == CaseEvent.Kind.NOTE],
        "attachments": attachments,
        "communications": communications,
        "other_cases": other_cases,
        "other_cases_total": other_cases_total,
        "answer_channel_label": Communication.DeliveryChannel(case.answer_channel).label
        if case.answer_channel in Communication.DeliveryChannel.values
        else "",
        "actions": actions,
        "answer": {
            "can_write": can_answer,
            "draft": draft,
            "form": answer_form,
            "error": error[1] if error and error[0] in {"answer", "review"} else "",
            "templates": templates.get(Communication.Kind.ANSWER, []),
            "approval_required": settings_row.approval_required,
            # Without the approval step the answer can go out straight from the form.
            "can_send": can_answer
            and (
                answer_services.send_allowed(draft, settings_row)
                if draft is not None
                else not settings_row.approval_required
            ),
            "can_review": draft is not None
            and draft.state == DraftState.SUBMITTED
            and answer_services.can_approve(user, draft, settings_row),
            "review_by_another": draft is not None
            and draft.state == DraftState.SUBMITTED
            and answer_services.approval_needs_someone_else(user, draft, settings_row),
            "review_form": bound[1]
            if bound and bound[0] == "review"
            else ReviewForm(prefix="review"),
            "can_discard": draft is not None and answer_services.may_discard(user, draft),
            "four_eyes_message": answer_services.four_eyes_message(case),
        },
    }


@staff_view
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_visible_or_404(desk_user(request), pk)
    return render(request, "desk/case.html", case_context(request, case))


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    """Back to the case page, or to the inbox when the action took the case out of what the
    user may see (a radicador triages it into an area, a lead moves it to another): the case
    page would be "not found", so the message says where the case went."""
    if cases_visible_to(desk_user(request)).filter(pk=case.pk).exists():
        messages.success(request, message)
        url = reverse("desk:case", args=[case.pk])
    else:
        messages.success(request, f"{message} {_gone_to(case)}")
        url = reverse("desk:inbox")
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)


def _gone_to(case: Case) -> str:
    now = Case.objects.select_related("area").get(pk=case.pk)
    if now.area is not None:
        return _("Case %(number)s is now in the area %(area)s and no longer in your inbox.") % {
            "number": now.filing_number,
            "area": now.area.name,
        }
    return _("Case %(number)s is no longer in your inbox.") % {"number": now.filing_number}


def _refused(
    request: HttpRequest, case: Case, name: str, form: forms.Form, message: str
) -> HttpResponse:
    """The form again, with the service's message next to it (HTMX: only that form).

    An action the page no longer offers (someone else changed the case while the page was
    open) has no form to show the message next to: the case page as it is now is shown, with
    the message on top (HTMX: the browser loads it)."""
    context = case_context(request, case, bound=(name, form), error=(name, message))
    item = next((a for a in context["actions"] if a["action"].name == name), None)
    if item is None and name in ACTIONS:
        messages.error(request, message)
        if is_htmx(request):
            return HttpResponseClientRedirect(reverse("desk:case", args=[case.pk]))
        return render(request, "desk/case.html", context, status=422)
    if is_htmx(request) and name != "reveal":
        if name in {"answer", "review"}:
            return render(request, "desk/_answer.html", context, status=422)
        return render(request, "desk/_action.html", {"case": case, "item": item}, status=422)
    return render(request, "desk/case.html", context, status=422)


@staff_view
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    user = desk_user(request)
    case = case_visible_or_404(user, pk)
    action: CaseAction | None = ACTIONS.get(name)
    if action is None:
        return HttpResponseBadRequest()
    form = action.make_form(case, request.POST, request.FILES)
    if not action.offered(case, user):
        return _refused(
            request, case, name, form, _("This action is not available for this case now.")
        )
    if not form.is_valid():
        return _refused(request, case, name, form, _("Check the fields marked below."))
    try:
        message = action.handle(case, user, form.cleaned_data)
    except DomainError as error:
        return _refused(request, case, name, form, error.message)
    return _done(request, case, message)


@staff_view
@require_POST
def reveal_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the reporter of a confidential case for a while, with a reason that is logged."""
    user = desk_user(request)
    case = case_visible_or_404(user, pk)
    form = RevealForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return _refused(request, case, "reveal", form, _("Say why you need to see it."))
    try:
        case_identity_reveal(case=case, actor=user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _refused(request, case, "reveal", form, error.message)
    minutes = int(REVEAL_DURATION.total_seconds() // 60)
    return _done(
        request,
        case,
        _("The petitioner's identity is shown to you for %(minutes)s minutes; this was logged.")
        % {"minutes": minutes},
    )


@staff_view
@require_POST
def answer_action(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    """Draft, send for approval, approve or return, discard, and send the answer."""
    user = desk_user(request)
    case = case_visible_or_404(user, pk)
    form = AnswerForm(request.POST, prefix="answer")
    try:
        if op in {"save", "submit", "send"} and "answer-body" in request.POST:
            if not form.is_valid():
                return _refused(request, case, "answer", form, _("Write the answer."))
            answer_services.draft_save(
                case=case,
                actor=user,
                body=form.cleaned_data["body"],
                template=form.cleaned_data.get("template"),
            )
        draft = answer_services.open_draft(case)
        if draft is None:
            raise DomainError(_("Write the answer first."), code="no_draft")
        if op == "save":
            return _done(request, case, _("Draft saved."))
        if op == "submit":
            answer_services.draft_submit(draft=draft, actor=user)
            return _done(request, case, _("Answer sent to the area lead for approval."))
        if op in {"approve", "return"}:
            review = ReviewForm(request.POST, prefix="review")
            if not review.is_valid():
                # A comment that cannot be kept is not dropped in silence: the lead corrects it.
                return _refused(request, case, "review", review, _("Check the comment."))
            try:
                answer_services.draft_review(
                    draft=draft,
                    actor=user,
                    approve=op == "approve",
                    comment=review.cleaned_data["comment"],
                )
            except DomainError as error:
                return _refused(request, case, "review", review, error.message)
            return _done(
                request, case, _("Answer approved.") if op == "approve" else _("Answer returned.")
            )
        if op == "discard":
            answer_services.draft_discard(draft=draft, actor=user)
            return _done(request, case, _("Draft discarded."))
        if op == "send":
            communication = answer_services.answer_send(draft=draft, actor=user)
            return _done(
                request,
                case,
                _("Answer %(number)s sent by %(channel)s.")
                % {
                    "number": communication.number,
                    "channel": communication.get_delivery_channel_display(),
                },
            )
    except DomainError as error:
        if "answer-body" in request.POST:
            return _refused(request, case, "answer", form, error.message)
        # A button without the text (approve, discard): the text on record is shown again.
        return _refused(request, case, "review", ReviewForm(prefix="review"), error.message)
    return HttpResponseBadRequest()


@staff_view
def template_text(request: HttpRequest, pk: int) -> HttpResponse:
    """A template filled with this case's data, for the textarea it was picked for (HTMX)."""
    user = desk_user(request)
    case = case_visible_or_404(user, pk)
    # The pickers are named "template" (notices) and "answer-template" (the answer form).
    picked = request.GET.get("template") or request.GET.get("answer-template") or ""
    template = get_object_or_404(AnswerTemplate, pk=int_param(picked) or 0)
    return HttpResponse(
        answer_services.template_render(template=template, case=case, actor=user),
        content_type="text/plain; charset=utf-8",
    )


@staff_view
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    case = case_visible_or_404(desk_user(request), pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, case=case)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.content_type != "application/pdf",
        filename=without_bidi_controls(attachment.original_name),
        content_type=attachment.content_type,
    )
