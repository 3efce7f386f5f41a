"""Print a one-time second-factor setup link for a staff member.

The only way to enrol the first administrator (nobody can make a link in the admin yet); it
also serves when the administrators are locked out. Whoever can run it already controls the
server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from pqrs.accounts.models import User
from pqrs.accounts.services import otp_setup_link_create
from pqrs.core import clock
from pqrs.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a one-time second-factor setup link for a user and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Address of the desk (default: PQRS_PUBLIC_BASE_URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        try:
            link, token = otp_setup_link_create(user=user, actor=None)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        base = (options["base_url"] or settings.PQRS_PUBLIC_BASE_URL).rstrip("/")
        url = base + reverse("desk:otp_setup_link", args=[token])
        expires = link.expires_at.astimezone(clock.local_tz()).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(f"Second-factor setup link for {user.username} (once, until {expires}):")
        self.stdout.write(f"  {url}")
