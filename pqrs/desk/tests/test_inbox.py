"""The inbox: tabs and their counts, the traffic light, keyset pages, bulk assign and move,
and a query count that does not grow with the rows shown."""

from __future__ import annotations

import re

import pytest

from conftest import at
from pqrs.cases.models import Case, InfoRequestReason, Status
from pqrs.cases.selectors import InboxTab, InboxWindow, inbox_page
from pqrs.cases.services import (
    case_assign,
    case_request_information,
    case_start,
    case_triage,
)
from pqrs.cases.tests.factories import file_case

pytestmark = pytest.mark.django_db


def rows(response) -> list[str]:
    return re.findall(r'data-case="([^"]+)"', response.content.decode())


def triaged(org, area, **kwargs) -> Case:
    return case_triage(case=file_case(**kwargs), actor=org.admin, area=area)


def test_tabs_counts_and_traffic_light(org, frozen, as_user):
    # Filed Fri 2026-07-10: due Tue 2026-08-04 (Ley 1755 art. 14; 13 Jul is a holiday).
    frozen(at(2026, 7, 10, 9))
    mine = case_assign(case=triaged(org, org.area_a), actor=org.lead_a, assignee=org.officer_a)
    unassigned = triaged(org, org.area_a)
    waiting = case_start(
        case=case_assign(case=triaged(org, org.area_a), actor=org.lead_a, assignee=org.officer_a2),
        actor=org.officer_a2,
    )
    case_request_information(
        case=waiting, actor=org.officer_a2, reason=InfoRequestReason.INCOMPLETE, message="Falta."
    )
    other_area = triaged(org, org.area_b)
    frozen(at(2026, 6, 1, 9))
    late = triaged(org, org.area_a)  # due 2026-06-23
    frozen(at(2026, 7, 31, 9))  # Fri: 2 business days left (3 and 4 Aug)

    client = as_user(org.officer_a)
    response = client.get("/desk/")
    assert response.context["tab"] == InboxTab.MINE  # officers land on their own cases
    counts = {t["key"]: t["count"] for t in response.context["tabs"]}
    assert counts == {
        "mine": 1,
        "area": 4,
        "unassigned": 2,
        "due_soon": 2,  # mine and unassigned; the waiting case has no due date
        "overdue": 1,
        "waiting": 1,
        "all": None,  # history is listed, not counted
    }
    assert rows(response) == [mine.filing_number]
    html = response.content.decode()
    assert re.search(r'data-light="yellow">\s*2 días restantes', html)
    assert rows(client.get("/desk/?tab=overdue")) == [late.filing_number]
    assert 'data-light="red"' in client.get("/desk/?tab=overdue").content.decode()
    assert rows(client.get("/desk/?tab=waiting")) == [waiting.filing_number]
    assert set(rows(client.get("/desk/?tab=unassigned"))) == {
        unassigned.filing_number,
        late.filing_number,
    }
    assert other_area.filing_number not in rows(client.get("/desk/?tab=all"))
    # Filters narrow every count.
    phone = client.get("/desk/?tab=area&channel=999999")
    assert {t["count"] for t in phone.context["tabs"]} == {0, None}


def test_htmx_tab_switch_returns_only_the_inbox(org, as_user):
    triaged(org, org.area_a)
    client = as_user(org.lead_a)
    response = client.get("/desk/?tab=area", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-tab="area"' in html


@pytest.mark.parametrize("sort", ["queue", "due", "-received", "received"])
def test_keyset_pages_cover_every_case_once_in_order(org, frozen, sort):
    frozen(at(2026, 7, 10, 9))
    cases = []
    for day in range(1, 10):
        for priority in (0, 2):
            case = triaged(org, org.area_a, received_at=at(2026, 7, day, 8 + priority))
            if priority:
                case = case_triage(case=case, actor=org.admin, priority=2)
            cases.append(case)
    # Two suspended cases (no due date) must come after the others, not vanish.
    for case in cases[:2]:
        case = case_start(
            case=case_assign(case=case, actor=org.lead_a, assignee=org.officer_a),
            actor=org.officer_a,
        )
        case_request_information(
            case=case, actor=org.officer_a, reason=InfoRequestReason.UNCLEAR, message="¿Cuál?"
        )
    window = InboxWindow.now()
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = inbox_page(
            org.lead_a, tab=InboxTab.AREA, window=window, sort=sort, cursor=cursor, size=4
        )
        seen += [row.case.pk for row in page.rows]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 5
    assert sorted(seen) == sorted(c.pk for c in cases)
    assert len(seen) == len(set(seen))
    ordered = list(
        Case.objects.filter(status__in=[Status.TRIAGED, Status.WAITING_PETITIONER])
        .order_by(*_order(sort))
        .values_list("pk", flat=True)
    )
    assert seen == ordered


def _order(sort):
    from pqrs.cases.selectors import SORTS, _order_by

    return _order_by(SORTS[sort])


def test_next_page_link_and_a_bad_cursor(org, as_user, settings):
    settings.PQRS_INBOX_PAGE_SIZE = 2
    for _ in range(3):
        triaged(org, org.area_a)
    client = as_user(org.lead_a)
    first = client.get("/desk/?tab=area")
    assert len(rows(first)) == 2
    link = re.search(r'rel="next" href="\?([^"]+)"', first.content.decode()).group(1)
    second = client.get(f"/desk/?{link.replace('&amp;', '&')}")
    assert len(rows(second)) == 1
    assert not set(rows(first)) & set(rows(second))
    assert len(rows(client.get("/desk/?tab=area&cursor=not-a-cursor"))) == 2


def test_inbox_query_count_does_not_grow_with_rows(org, as_user, django_assert_num_queries):
    client = as_user(org.lead_a)
    triaged(org, org.area_a)
    # session, user, second-factor device, calendar version, areas of the user (2), rows,
    # all tab counts (one query), assignable people, types, channels, areas.
    with django_assert_num_queries(12):
        assert len(rows(client.get("/desk/?tab=area"))) == 1
    for _ in range(15):
        case_assign(case=triaged(org, org.area_a), actor=org.lead_a, assignee=org.officer_a)
    with django_assert_num_queries(12):
        assert len(rows(client.get("/desk/?tab=area"))) == 16


def test_bulk_assign_and_move(org, as_user):
    first, second = triaged(org, org.area_a), triaged(org, org.area_a)
    foreign = triaged(org, org.area_b)
    client = as_user(org.lead_a)
    response = client.post(
        "/desk/bulk/",
        {
            "operation": "assign",
            "assignee": org.officer_a2.pk,
            "ids": [first.pk, second.pk, foreign.pk],
        },
    )
    assert response.status_code == 302
    assert set(Case.objects.filter(assignee=org.officer_a2).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    foreign.refresh_from_db()
    assert foreign.assignee_id is None  # outside the lead's scope: silently not selectable

    response = client.post(
        "/desk/bulk/",
        {"operation": "move", "area": org.area_b.pk, "reason": "", "ids": [first.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert f"{first.filing_number}: Complete el campo «motivo»." in shown
    first.refresh_from_db()
    assert first.area_id == org.area_a.pk
    client.post(
        "/desk/bulk/",
        {"operation": "move", "area": org.area_b.pk, "reason": "Es de salud", "ids": [first.pk]},
    )
    first.refresh_from_db()
    assert first.area_id == org.area_b.pk
    assert first.assignee_id is None


def test_officer_is_not_offered_bulk_actions(org, as_user):
    triaged(org, org.area_a)
    response = as_user(org.officer_a).get("/desk/?tab=area")
    assert not response.context["can_bulk"]
    assert b'name="ids"' not in response.content


def test_spanish_by_default_and_english_on_request(org, as_user):
    client = as_user(org.officer_a)
    assert "Mis solicitudes" in client.get("/desk/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/desk/"})
    assert "My cases" in client.get("/desk/").content.decode()


def test_counting_calendar_agrees_with_the_calendar():
    import datetime as dt
    import random

    from pqrs.cases.selectors import CountingCalendar
    from pqrs.deadlines.calendar import BusinessCalendar, Suspension

    calendar = BusinessCalendar(non_working_days=frozenset({dt.date(2026, 3, 20)}))
    counting = CountingCalendar(calendar)
    rng = random.Random(7)
    base = dt.date(2025, 6, 1)
    for _ in range(400):
        a = base + dt.timedelta(days=rng.randint(0, 1200))
        b = base + dt.timedelta(days=rng.randint(0, 1200))
        suspensions = []
        if rng.random() < 0.5:
            s = min(a, b) + dt.timedelta(days=rng.randint(-20, 60))
            suspensions.append(Suspension(s, s + dt.timedelta(days=rng.randint(0, 40))))
            if rng.random() < 0.3:  # a second one, sometimes overlapping the first
                t = s + dt.timedelta(days=rng.randint(-10, 80))
                suspensions.append(Suspension(t, t + dt.timedelta(days=rng.randint(0, 30))))
        assert counting.business_days_between(a, b, suspensions) == (
            calendar.business_days_between(a, b, suspensions)
        ), (a, b, suspensions)
    assert counting.is_business_day(dt.date(2026, 7, 13)) is False  # delegated (Ley 2578)


def test_export_neutralizes_spreadsheet_formulas_from_the_public(org, as_user):
    case_triage(
        case=file_case(subject='=HYPERLINK("http://evil.example","x")'),
        actor=org.admin,
        area=org.area_a,
    )
    client = as_user(org.lead_a)
    exported = b"".join(client.get("/desk/export.csv?tab=all").streaming_content).decode()
    row = next(line for line in exported.splitlines() if "HYPERLINK" in line)
    assert "'=HYPERLINK" in row
    assert ",=HYPERLINK" not in row
    assert ',"=HYPERLINK' not in row
