"""Staff inbox and search latency on a large database (target: p95 < 100 ms at 1,000,000 cases).

Run after seeding (PostgreSQL only):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pqrs_bench .venv/bin/python manage.py \
        seed_cases --count 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pqrs_bench .venv/bin/python bench/inbox.py

Every figure goes through the code the desk runs: the selectors ``inbox_page``,
``inbox_counts`` and ``case_search`` behind ``cases_visible_to``, and the rendered inbox page
through the real middleware (Django test client). Each operation runs ``--repeat`` times after
one warm-up; p50 and p95 are reported in milliseconds.

Who is measured: the area lead and the officer with the most open cases (their areas' queue
and "my cases"), and an administrator, who sees everything.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_P95_MS = 100.0


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--deep", type=int, default=10_000, help="offset of the deep page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client

    from pqrs.accounts.models import Role, User
    from pqrs.cases.models import OPEN_STATUSES, Case
    from pqrs.cases.selectors import (
        SORTS,
        InboxTab,
        InboxWindow,
        case_search_newest,
        encode_cursor,
        inbox_counts,
        inbox_page,
        inbox_tab_q,
    )

    if connection.vendor != "postgresql":
        sys.exit("bench/inbox.py measures PostgreSQL")
    total = Case.objects.count()
    if total == 0:
        sys.exit("no cases: run manage.py seed_cases first")
    settings.ALLOWED_HOSTS = ["*"]
    size = settings.PQRS_INBOX_PAGE_SIZE

    busiest = (
        Case.objects.filter(status__in=OPEN_STATUSES, area__isnull=False)
        .values("area_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        sys.exit("no open cases with an area")
    lead = User.objects.filter(role=Role.AREA_LEAD, led_areas=busiest["area_id"]).first() or (
        User.objects.filter(role=Role.AREA_LEAD, memberships__area_id=busiest["area_id"]).first()
    )
    officer_row = (
        Case.objects.filter(status__in=OPEN_STATUSES, assignee__role=Role.OFFICER)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    officer = User.objects.get(pk=officer_row["assignee_id"]) if officer_row else None
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMINISTRATOR, "is_active": True}
    )
    window = InboxWindow.now()

    sample = (
        Case.objects.filter(contact__isnull=False, area_id=busiest["area_id"])
        .select_related("contact")
        .order_by("-pk")
        .first()
    )
    assert sample is not None
    assert sample.contact is not None

    def page(user: User, tab: InboxTab, cursor: str | None = None) -> Callable[[], Any]:
        return lambda: inbox_page(user, tab=tab, window=window, cursor=cursor, size=size)

    def deep_cursor(user: User, tab: InboxTab) -> str | None:
        keys = SORTS["queue"]
        from pqrs.cases.selectors import _order_by, cases_visible_to

        qs = (
            cases_visible_to(user)
            .filter(inbox_tab_q(tab, user, window))
            .order_by(*_order_by(keys))
            .values_list(*[k.field for k in keys])
        )
        row = qs[args.deep : args.deep + 1].first()
        return encode_cursor(list(row)) if row else None

    def search(user: User, text: str) -> Callable[[], Any]:
        return lambda: case_search_newest(user, text, 50)

    client = Client()
    if lead is not None:
        client.force_login(lead)

    rows: list[tuple[str, float, float]] = []

    def run(name: str, fn: Callable[[], Any]) -> None:
        p50, p95 = measure(fn, args.repeat)
        rows.append((name, p50, p95))
        print(f"{name:60} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)

    open_in_area = Case.objects.filter(
        Q(area_id=busiest["area_id"]) & Q(status__in=OPEN_STATUSES)
    ).count()
    print(f"{total:,} cases; busiest area has {open_in_area:,} open; page size {size}")
    if lead is not None:
        run("lead: inbox first page, areas' queue", page(lead, InboxTab.AREA))
        cursor = deep_cursor(lead, InboxTab.AREA)
        if cursor:
            run(
                f"lead: inbox page after {args.deep:,} rows (keyset)",
                page(lead, InboxTab.AREA, cursor),
            )
        for tab in (InboxTab.UNASSIGNED, InboxTab.DUE_SOON, InboxTab.OVERDUE, InboxTab.WAITING):
            run(f"lead: inbox first page, {tab.value}", page(lead, tab))
        run("lead: all tab counts (one query)", lambda: inbox_counts(lead, window))
        run(
            "lead: rendered inbox page (HTTP, middleware, template)",
            lambda: client.get("/desk/?tab=area"),
        )
    if officer is not None:
        run("officer: inbox first page, my cases", page(officer, InboxTab.MINE))
        run("officer: all tab counts (one query)", lambda: inbox_counts(officer, window))
    run("admin: inbox first page, all open cases", page(admin, InboxTab.AREA))
    cursor = deep_cursor(admin, InboxTab.AREA)
    if cursor:
        run(
            f"admin: inbox page after {args.deep:,} rows (keyset)",
            page(admin, InboxTab.AREA, cursor),
        )
    run("admin: all tab counts (one query)", lambda: inbox_counts(admin, window))
    run("admin: search by radicado", search(admin, sample.filing_number))
    run("admin: search by ID number", search(admin, sample.contact.id_number))
    run("admin: search by e-mail", search(admin, sample.contact.email))
    run("admin: search full text (one word)", search(admin, "predial"))
    run("admin: search full text (two words, no accents)", search(admin, "peticion informacion"))
    if lead is not None:
        run("lead: search full text (one word)", search(lead, "predial"))

    worst = max(p95 for _, _, p95 in rows)
    print()
    print("| operation | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for name, p50, p95 in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")
    verdict = "meets" if worst < TARGET_P95_MS else "misses"
    print(f"\nworst p95 {worst:.1f} ms: {verdict} the {TARGET_P95_MS:.0f} ms target")


if __name__ == "__main__":
    main()
