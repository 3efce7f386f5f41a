"""What the portal keeps besides the cases: the guessing patterns seen on the tracking page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityAlert(models.Model):
    """A guessing pattern on ``/consulta/`` for the administrators: one row per pattern and
    window, kept up to date while the pattern goes on, and e-mailed once (``tasks``). Alerts
    block nobody: the per-client limit of wrong codes does that (``views.tracking``)."""

    class Kind(models.TextChoices):
        CODES_FOR_ONE_CASE = "codes_for_one_case", _("Many wrong codes for one filing number")
        CASES_FROM_ONE_CLIENT = "cases_from_one_client", _("One client tried many filing numbers")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    # The radicado that was guessed, or the client address that walked many radicados.
    subject = models.CharField(_("filing number or address"), max_length=100)
    # The client address of the latest wrong code in the pattern.
    client = models.CharField(_("client address"), max_length=100)
    count = models.PositiveIntegerField(_("count"))
    window_start = models.DateTimeField(_("window start"))
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    notified_at = models.DateTimeField(_("administrators notified at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "window_start"], name="unique_security_alert_window"
            ),
        ]
        verbose_name = _("security alert")
        verbose_name_plural = _("security alerts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
