"""Second-factor setup links: made, opened, used once, revoked.

Selectors read (``otp_setup_link_valid``); the other functions write, each in one
transaction. The raw token exists only in the link given to the person; the table keeps its
SHA-256, so a copy of the database opens no enrolment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pqrs.core import clock
from pqrs.core.errors import DomainError

from .models import OTPSetupLink, Role, User


def must_use_second_factor(user: User) -> bool:
    """Administrators (by role or as superusers) cannot work without a second factor."""
    return user.role == Role.ADMINISTRATOR or user.is_superuser


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def otp_setup_link_valid(*, token: str | None = None, pk: int | None = None) -> OTPSetupLink | None:
    """The link for this token (or id) while it can still be used, else ``None``."""
    links = OTPSetupLink.objects.select_related("user").filter(
        used_at=None, revoked_at=None, expires_at__gt=clock.now(), user__is_active=True
    )
    if token is not None:
        return links.filter(token_hash=_digest(token)).first()
    if pk is not None:
        return links.filter(pk=pk).first()
    return None


@transaction.atomic
def otp_setup_link_create(*, user: User, actor: User | None) -> tuple[OTPSetupLink, str]:
    """A new link for ``user`` (``actor`` is ``None`` when made from the server's command).
    Earlier open links of the same user are revoked: only the newest one works."""
    if not user.is_active:
        raise DomainError(_("%(user)s is not active.") % {"user": user}, code="user_inactive")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(
            _(
                "%(user)s already has a second factor. Delete that device first if it was "
                "lost, then create the link."
            )
            % {"user": user},
            code="otp_already_set_up",
        )
    now = clock.now()
    OTPSetupLink.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    link = OTPSetupLink.objects.create(
        user=user,
        token_hash=_digest(token),
        created_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.PQRS_OTP_SETUP_LINK_HOURS),
    )
    return link, token


@transaction.atomic
def otp_setup_link_open(*, link: OTPSetupLink) -> None:
    """Opening a link starts a fresh pairing: a secret shown before it (to anyone) is
    discarded with its unconfirmed device."""
    TOTPDevice.objects.filter(user=link.user, confirmed=False).delete()


@transaction.atomic
def otp_setup_link_use(*, link: OTPSetupLink, device: TOTPDevice) -> None:
    """Confirm the paired device and spend the link; a link spent, revoked or expired in the
    meantime confirms nothing."""
    spent = OTPSetupLink.objects.filter(
        pk=link.pk, used_at=None, revoked_at=None, expires_at__gt=clock.now()
    ).update(used_at=clock.now())
    if not spent:
        raise DomainError(
            _("This setup link is no longer valid. Ask an administrator for a new one."),
            code="otp_link_invalid",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])


@transaction.atomic
def otp_setup_link_revoke(*, link: OTPSetupLink) -> bool:
    """``True`` if the link was still open and is now revoked."""
    return bool(
        OTPSetupLink.objects.filter(pk=link.pk, used_at=None, revoked_at=None).update(
            revoked_at=clock.now()
        )
    )
