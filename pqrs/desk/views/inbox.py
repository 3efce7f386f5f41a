"""The inbox: tabs with counts, filters, sorting, keyset pages, bulk assign and move, CSV
export. Everything starts from ``cases_visible_to`` through the inbox selectors."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pqrs.accounts.models import Area, Role, User
from pqrs.cases import services
from pqrs.cases.models import Case, CaseType, Channel, Priority
from pqrs.cases.policies import area_ids_of
from pqrs.cases.selectors import (
    DEFAULT_SORT,
    SORTS,
    InboxFilters,
    InboxTab,
    InboxWindow,
    cases_visible_to,
    inbox_counts,
    inbox_page,
    inbox_tab_q,
)
from pqrs.cases.templatetags.petitioners import petitioner_label
from pqrs.core import clock
from pqrs.core.errors import DomainError
from pqrs.core.params import int_param
from pqrs.core.text import without_bidi_controls

from ..access import desk_user, is_htmx, staff_view
from ..forms import BulkForm

TAB_LABELS = {
    InboxTab.MINE: gettext_lazy("My cases"),
    InboxTab.AREA: gettext_lazy("My areas' queue"),
    InboxTab.UNASSIGNED: gettext_lazy("Unassigned"),
    InboxTab.DUE_SOON: gettext_lazy("Due soon"),
    InboxTab.OVERDUE: gettext_lazy("Overdue"),
    InboxTab.WAITING: gettext_lazy("Waiting for the petitioner"),
    InboxTab.ALL: gettext_lazy("All"),
}
SORT_LABELS = {
    "queue": gettext_lazy("Queue order (priority, due date)"),
    "due": gettext_lazy("Due date"),
    "-received": gettext_lazy("Newest first"),
    "received": gettext_lazy("Oldest first"),
}
EXPORT_LIMIT = 50_000


def _params(request: HttpRequest, user: User) -> dict[str, Any]:
    default_tab = InboxTab.MINE if user.role == Role.OFFICER else InboxTab.AREA
    try:
        tab = InboxTab(request.GET.get("tab") or default_tab)
    except ValueError:
        tab = default_tab
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        sort = DEFAULT_SORT
    # Values that are not an id (or a priority) are no filter: the selects only send valid ones.
    filters = InboxFilters(
        case_type_id=int_param(request.GET.get("type")),
        channel_id=int_param(request.GET.get("channel")),
        priority=int_param(
            request.GET.get("priority"), minimum=min(Priority.values), maximum=max(Priority.values)
        ),
    )
    return {"tab": tab, "sort": sort, "filters": filters}


def _query(tab: str, sort: str, filters: InboxFilters, **extra: str) -> str:
    params = {
        "tab": tab,
        "sort": sort,
        "type": filters.case_type_id or "",
        "channel": filters.channel_id or "",
        "priority": "" if filters.priority is None else filters.priority,
        **extra,
    }
    return urlencode({k: v for k, v in params.items() if v != ""})


def assignable_users(user: User) -> list[User]:
    """People a lead or administrator may hand cases to: officers and leads of their areas."""
    people = User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.AREA_LEAD])
    if user.role != Role.ADMINISTRATOR and not user.is_superuser:
        people = people.filter(memberships__area_id__in=area_ids_of(user))
    return list(people.distinct().order_by("first_name", "last_name", "username"))


@staff_view
def inbox(request: HttpRequest) -> HttpResponse:
    user = desk_user(request)
    params = _params(request, user)
    tab, sort, filters = params["tab"], params["sort"], params["filters"]
    window = InboxWindow.now()
    page = inbox_page(
        user,
        tab=tab,
        window=window,
        filters=filters,
        sort=sort,
        cursor=request.GET.get("cursor") or None,
        size=_page_size(),
    )
    counts = inbox_counts(user, window, filters)
    can_bulk = user.role in {Role.ADMINISTRATOR, Role.AREA_LEAD} or user.is_superuser
    context = {
        "tab": tab,
        "sort": sort,
        "filters": filters,
        "page": page,
        "tabs": [
            {
                "key": t.value,
                "label": TAB_LABELS[t],
                "count": counts[t.value],
                "query": _query(t.value, sort, filters),
            }
            for t in InboxTab
        ],
        "sorts": SORT_LABELS,
        "is_first_page": not request.GET.get("cursor"),
        "first_query": _query(tab, sort, filters),
        "next_query": _query(tab, sort, filters, cursor=page.next_cursor)
        if page.next_cursor
        else "",
        "export_query": _query(tab, sort, filters),
        "case_types": CaseType.objects.filter(is_active=True),
        "channels": Channel.objects.filter(is_active=True),
        "priorities": Priority.choices,
        "can_bulk": can_bulk,
        "assignees": assignable_users(user) if can_bulk else [],
        "areas": Area.objects.filter(is_active=True) if can_bulk else [],
    }
    template = "desk/_inbox.html" if is_htmx(request) else "desk/inbox.html"
    return render(request, template, context)


def _page_size() -> int:
    from django.conf import settings

    return int(getattr(settings, "PQRS_INBOX_PAGE_SIZE", 50))


@staff_view
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign or move several cases at once: one service call (one transaction) per case, so
    one refusal does not undo the others; every refusal is reported."""
    user = desk_user(request)
    back = _back(request.POST.get("back") or "")
    target = redirect(f"{_inbox_url()}?{back}" if back else _inbox_url())
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return target
    data = form.cleaned_data
    cases = list(cases_visible_to(user).filter(pk__in=data["ids"]).order_by("pk"))
    done, failed = 0, []
    if data["operation"] == "assign":
        assignee = data["assignee"]
        for case in cases:
            try:
                services.case_assign(case=case, actor=user, assignee=assignee)
                done += 1
            except DomainError as error:
                failed.append(f"{case.filing_number}: {error.message}")
        summary = _("%(count)s case(s) assigned to %(name)s.") % {"count": done, "name": assignee}
    else:
        area = data["area"]
        for case in cases:
            try:
                services.case_move(case=case, actor=user, area=area, reason=data["reason"])
                done += 1
            except DomainError as error:
                failed.append(f"{case.filing_number}: {error.message}")
        # Moved cases may leave the user's areas, and so the inbox: say where they went.
        summary = _("%(count)s case(s) moved to the area %(area)s.") % {
            "count": done,
            "area": area.name,
        }
    if done:
        messages.success(request, summary)
    for line in failed:
        messages.error(request, line)
    return target


def _back(query: str) -> str:
    """The inbox query to return to, rebuilt from the parameters the inbox knows: the form
    echoes it, but a sender can put anything there."""
    params = QueryDict(query[:2000])
    kept = {k: params[k] for k in ("tab", "sort", "type", "channel", "priority") if params.get(k)}
    return urlencode(kept)


def _inbox_url() -> str:
    from django.urls import reverse

    return reverse("desk:inbox")


class _Echo:
    def write(self, value: str) -> str:
        return value


# A cell a spreadsheet would read as a formula (OWASP "CSV injection"): subjects and names come
# from the public form, and "=HYPERLINK(...)" must open as text on a staff member's computer.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Text from the public as a spreadsheet cell: no formula, no characters that reorder
    what a spreadsheet shows (``pqrs.core.text``)."""
    value = without_bidi_controls(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _petitioner_cell(case: Case) -> str:
    """The list's rule (``petitioner_label``): a reveal is made on the case page, for one case,
    with a logged reason, never in an export."""
    label = petitioner_label(case)
    return label if label is not None else _cell(case.contact.full_name if case.contact else "")


@staff_view
def export(request: HttpRequest) -> HttpResponseBase:
    """The current tab and filters as CSV, through the same visibility rule as the screen."""
    user = desk_user(request)
    params = _params(request, user)
    window = InboxWindow.now()
    cases = (
        cases_visible_to(user)
        .filter(inbox_tab_q(params["tab"], user, window) & params["filters"].q())
        .select_related("case_type", "channel", "area", "assignee", "contact")
        .order_by("received_at", "pk")
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            [
                _("Filing number"),
                _("Received at"),
                _("Type"),
                _("Channel"),
                _("Status"),
                _("Area"),
                _("Assignee"),
                _("Due date"),
                _("Petitioner"),
                _("Subject"),
            ]
        )
        exported = 0
        for case in cases[:EXPORT_LIMIT].iterator(chunk_size=2000):
            exported += 1
            yield writer.writerow(
                [
                    case.filing_number,
                    clock.shown_moment(case.received_at).isoformat(timespec="minutes"),
                    case.case_type.label,
                    case.channel.label,
                    case.get_status_display(),
                    case.area.name if case.area else "",
                    str(case.assignee) if case.assignee else "",
                    case.due_date.isoformat() if case.due_date else "",
                    _petitioner_cell(case),
                    _cell(case.subject),
                ]
            )
        if exported == EXPORT_LIMIT:
            # Said in the file itself: a silently cut export would be read as complete.
            yield writer.writerow(
                [_("Only the first %(limit)s cases; narrow the filters.") % {"limit": EXPORT_LIMIT}]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pqrs-casos.csv"'
    return response
