"""Due-date calculator for officers:

    python manage.py due_date --type peticion --received 2026-07-10T09:00-05:00

prints the due date as an ISO date, alone on the last line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqrs.cases.models import CaseType
from pqrs.core import clock
from pqrs.deadlines.clock import Term, TermUnit, due_date, reception_date
from pqrs.deadlines.selectors import calendar_snapshot


class Command(BaseCommand):
    help = "Print the due date of a case type received at a given moment."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--type", required=True, dest="case_type", help="case type code")
        parser.add_argument(
            "--received",
            required=True,
            help="ISO 8601 moment with offset, e.g. 2026-07-10T09:00-05:00",
        )
        parser.add_argument("--verbose-days", action="store_true", help="list the counted days")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            received = dt.datetime.fromisoformat(options["received"])
        except ValueError as exc:
            raise CommandError(f"--received is not an ISO 8601 date-time: {exc}") from exc
        if received.tzinfo is None:
            received = received.replace(tzinfo=clock.local_tz())
        case_type = CaseType.objects.filter(code=options["case_type"]).first()
        if case_type is None:
            codes = ", ".join(CaseType.objects.values_list("code", flat=True))
            raise CommandError(f"unknown case type {options['case_type']!r}; known: {codes}")
        snap = calendar_snapshot()
        received_on = reception_date(received, snap.calendar, snap.policy, clock.local_tz())
        term = Term(case_type.term_value, TermUnit(case_type.term_unit))
        due = due_date(received_on, term, snap.calendar)
        if options["verbose_days"]:
            self.stdout.write(
                f"{case_type.name}: {term.value} {term.unit.value}, "
                f"received on {received_on.isoformat()}, counted from the next business day"
            )
        self.stdout.write(due.isoformat() if due else "")
