from typing import Any

from django.core.management.base import BaseCommand

from pqrs.cases.defaults import defaults_load


class Command(BaseCommand):
    help = (
        "Load the Colombian defaults (case types and terms, channels, numbering, calendar, the "
        "area that receives confidential reports)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = defaults_load()
        self.stdout.write(
            "Defaults loaded: "
            + ", ".join(f"{count} new {name}" for name, count in created.items())
        )
