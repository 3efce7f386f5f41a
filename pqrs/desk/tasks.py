"""E-mail of the constancia (filing receipt) to the petitioner, after commit, never silent."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from pqrs.cases.models import Case


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=60, max_retries=6)
def send_receipt_email(case_id: int, html: str) -> None:
    case = Case.objects.select_related("contact").get(pk=case_id)
    assert case.contact is not None  # noqa: S101 - checked by the view
    message = EmailMultiAlternatives(
        subject=_("Constancia de radicación %(number)s") % {"number": case.filing_number},
        body=strip_tags(html),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[case.contact.email],
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
