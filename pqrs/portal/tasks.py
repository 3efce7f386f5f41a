"""E-mail to the administrators about a guessing pattern on the tracking page, sent by Celery
once the alert committed (never from the request), once per alert."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pqrs.accounts.models import Role, User
from pqrs.notifications.tasks import MAX_RETRIES, backoff

from .models import SecurityAlert
from .services import security_alert_notified

logger = logging.getLogger(__name__)


def administrator_emails() -> list[str]:
    admins = User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True))
    emails = admins.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(emails))


def build_alert_message(alert: SecurityAlert, recipients: list[str]) -> EmailMessage:
    path = reverse("admin:portal_securityalert_change", args=[alert.pk])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"alert": alert, "admin_url": f"{settings.PQRS_PUBLIC_BASE_URL}{path}"}
        subject = render_to_string("portal/email/security_alert_subject.txt", context)
        body = render_to_string("portal/email/security_alert.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_security_alert(self: Any, alert_id: int) -> int:
    """Returns how many administrators were written to."""
    alert = SecurityAlert.objects.get(pk=alert_id)
    if alert.notified_at is not None:
        return 0
    recipients = administrator_emails()
    if not recipients:
        logger.warning("security alert %s: no active administrator has an e-mail", alert.pk)
        return 0
    try:
        build_alert_message(alert, recipients).send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("security alert %s: e-mail failed: %r", alert.pk, exc)
        if self.request.retries >= self.max_retries:
            logger.error("security alert %s: e-mail gave up", alert.pk)
            raise
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    security_alert_notified(alert=alert)
    return len(recipients)
