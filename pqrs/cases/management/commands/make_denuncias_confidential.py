"""Corruption denuncias filed before confidentiality existed (or before their type was marked
confidential) are still readable by the area they sit in, which may be the one they accuse.
This command gives each the treatment a new one gets (``case_make_confidential``), one case per
transaction, so an interruption leaves every case either done or untouched; running it again
takes the rest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqrs.accounts.selectors import confidential_area
from pqrs.cases.confidential import pending_confidential
from pqrs.cases.models import Case
from pqrs.cases.services import case_make_confidential


class Command(BaseCommand):
    help = (
        "Make confidential the cases of a confidential type (denuncias) filed before it was "
        "confidential, moving them to the area that receives confidential reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the cases that would change."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = pending_confidential()
        total = pending.count()
        if options["dry_run"] or total == 0:
            self.stdout.write(f"{total} case(s) of a confidential type are not confidential.")
            return
        area = confidential_area()
        if area is None:
            raise CommandError(
                "No active area receives confidential reports: designate one in the admin first."
            )
        done = 0
        for pk in pending.order_by("pk").values_list("pk", flat=True).iterator():
            case_make_confidential(case=Case(pk=pk))
            done += 1
            if done % 500 == 0 or done == total:
                self.stdout.write(f"{done}/{total} made confidential")
        self.stdout.write(self.style.SUCCESS(f"{done} case(s) moved to {area.name}."))
