"""Answer templates, answer drafts and their approval, and the delivery of sent answers.

A draft is work in progress, not part of the legal record: the record is the ``Communication``
that ``case_answer`` creates (with its outgoing number) and the PDF letter attached to the
``answered`` event. Approvals are also recorded as internal notes on the case's history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pqrs.cases.models import Attachment, Case, Communication

from .defaults import template_label


class AnswerTemplate(models.Model):
    """Text with ``{{ variables }}`` (see ``services.TEMPLATE_VARIABLES``) for the answer and
    for each notice to the petitioner. Edited by administrators in the Django admin."""

    kind = models.CharField(_("kind"), max_length=20, choices=Communication.Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the reader's language (shipped names are translated)."""
        return template_label(self.kind, self.name)


class AnswerSettings(models.Model):
    """One row: how answers go out in this entity."""

    approval_required = models.BooleanField(
        _("answers need the area lead's approval"), default=True
    )
    # Four eyes: an approval is a second person's check, so nobody approves the text they wrote
    # as it stands; a lead who wrote it needs another lead of the area, an administrator (not
    # on confidential cases), or someone else's rewrite. On unless the entity decides otherwise.
    four_eyes = models.BooleanField(
        _("nobody approves an answer whose text they wrote as it stands"), default=True
    )
    letter_signature = models.TextField(
        _("signature block"),
        blank=True,
        help_text=_("Printed under the answer; the signing officer's name is added above it."),
    )

    class Meta:
        verbose_name = _("answer settings")
        verbose_name_plural = _("answer settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class DraftState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")


class AnswerDraft(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="answer_drafts")
    template = models.ForeignKey(AnswerTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    body = models.TextField(_("answer"))
    state = models.CharField(
        _("state"), max_length=10, choices=DraftState.choices, default=DraftState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answer_drafts"
    )
    # Who wrote the text as it stands (drafts saved before this was kept: the author).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="last_edited_answer_drafts",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_answer_drafts",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    communication = models.OneToOneField(
        Communication, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("answer draft")
        verbose_name_plural = _("answer drafts")

    def __str__(self) -> str:
        return f"{self.case_id} {self.state}"


class Delivery(models.Model):
    """Sending a communication through the petitioner's channel: e-mail is sent by a task
    after commit and every attempt is recorded (design.md: notices are never silent)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        MANUAL = "manual", _("To deliver by hand")

    communication = models.OneToOneField(
        Communication, on_delete=models.PROTECT, related_name="delivery"
    )
    letter = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True)
    channel = models.CharField(max_length=12, choices=Communication.DeliveryChannel.choices)
    recipient = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.communication_id} {self.state}"
