"""Staff users, their role and the areas (dependencias) they belong to.

Petitioners are not users: they follow their case with the radicado and a tracking code.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FILING_CLERK = "radicador", _("Filing clerk")
    OFFICER = "gestor", _("Officer")
    AREA_LEAD = "jefe_area", _("Area lead")
    ADMINISTRATOR = "administrador", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class Area(models.Model):
    """An organizational unit responsible for cases (dependencia)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        "accounts.User",
        verbose_name=_("lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_areas",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Corruption denuncias (Ley 1474 de 2011 art. 76) may accuse anyone, an area lead included:
    # they go to this one area (control interno disciplinario) and nobody else but auditors
    # sees them. At most one area is designated (constraint below).
    receives_confidential = models.BooleanField(
        _("receives confidential reports"),
        default=False,
        help_text=_(
            "Corruption reports go to this area and only its people and the auditors see them. "
            "Only one area can have this."
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["receives_confidential"],
                condition=models.Q(receives_confidential=True),
                name="one_confidential_area",
                violation_error_message=_("Another area already receives confidential reports."),
            ),
        ]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas"), through="AreaMembership", related_name="members", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AreaMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="unique_area_membership"),
        ]
        verbose_name = _("area membership")
        verbose_name_plural = _("area memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.area}"


class OTPSetupLink(models.Model):
    """A one-time link with which one staff member pairs an authenticator app.

    An administrator's second factor must not belong to whoever first logs in with the
    password: an administrator enrols only through a link made by another administrator (or,
    for the first one, by a command run on the server). Only the SHA-256 of the token is kept;
    the link expires, works once, and can be revoked.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="otp_setup_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("second-factor setup link")
        verbose_name_plural = _("second-factor setup links")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
