"""The outbound log: every message the system owes a petitioner, with its delivery record.

A row is written in the same transaction as the change that owes the message (an outbox), so a
message is never lost when the broker is down: the periodic sweep sends what is still pending.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Kind(models.TextChoices):
        FILING_RECEIPT = "filing_receipt", _("Filing receipt")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(max_length=10, default="es")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The tracking code exists in clear only until the receipt is sent (then it is erased):
    # the case keeps just its hash (pqrs.cases.tracking).
    tracking_code = models.CharField(max_length=40, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_created")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.kind} {self.recipient} ({self.status})"
