"""Sending what ``services`` queued. Each attempt is logged on the ``Delivery`` row; SMTP
errors are retried with exponential backoff and never silenced (no ``fail_silently``)."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import translation

from pqrs.core import clock
from pqrs.core.selectors import entity
from pqrs.documents.receipts import filing_receipt_pdf, receipt_filename, tracking_url
from pqrs.documents.services import receipt_pdf_kept_bytes

from .models import Delivery
from .services import delivery_record_failure, delivery_record_sent

logger = logging.getLogger(__name__)

MAX_RETRIES = 8
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
# Pending rows older than this were probably never handed to the broker (it was down).
RESEND_AFTER_SECONDS = 15 * 60


def backoff(retries: int) -> int:
    return int(min(BACKOFF_BASE_SECONDS * 2**retries, BACKOFF_MAX_SECONDS))


def build_receipt_message(delivery: Delivery) -> EmailMessage:
    case = delivery.case
    base_url = settings.PQRS_PUBLIC_BASE_URL
    with translation.override(delivery.language):
        context = {
            "case": case,
            "receipt": case.receipt,
            "tracking_code": delivery.tracking_code,
            "tracking_url": tracking_url(base_url, case),
            "entity": entity(),
        }
        subject = render_to_string("notifications/filing_receipt_subject.txt", context)
        body = render_to_string("notifications/filing_receipt.txt", context)
    if delivery.tracking_code:
        # The copy with the code is rendered for this message and never stored.
        pdf = filing_receipt_pdf(
            case=case,
            tracking_code=delivery.tracking_code,
            base_url=base_url,
            language=delivery.language,
        )
    else:
        pdf = receipt_pdf_kept_bytes(case=case)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient],
        headers={"Message-ID": make_msgid(domain="pqrs.local")},
    )
    message.attach(receipt_filename(case), pdf, "application/pdf")
    return message


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_filing_receipt(self: Any, delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("case__receipt", "case__contact").get(pk=delivery_id)
    if delivery.status != Delivery.Status.PENDING:
        return str(delivery.status)
    try:
        message = build_receipt_message(delivery)
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        final = self.request.retries >= self.max_retries
        delivery_record_failure(delivery=delivery, error=repr(exc), final=final)
        logger.warning(
            "receipt for case %s to %s failed (attempt %s): %r",
            delivery.case.filing_number,
            delivery.recipient,
            delivery.attempts + 1,
            exc,
        )
        if final:
            logger.error("receipt delivery %s gave up after %s attempts", delivery.pk, MAX_RETRIES)
            raise
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    except Exception as exc:
        # Not the mail server: the message itself could not be built or sent (a template or
        # PDF error). Retrying cannot help, and a row left pending would be resent by the sweep
        # forever with the tracking code kept in clear; record it as failed and say so.
        delivery_record_failure(delivery=delivery, error=repr(exc), final=True)
        logger.exception("receipt delivery %s failed for good", delivery.pk)
        raise
    delivery_record_sent(delivery=delivery, message_id=message.extra_headers["Message-ID"])
    logger.info(
        "receipt for case %s sent to %s (%s)",
        delivery.case.filing_number,
        delivery.recipient,
        message.extra_headers["Message-ID"],
    )
    return str(Delivery.Status.SENT)


@shared_task
def resend_pending() -> int:
    """Hand to the broker again what was queued but never tried (broker down at filing)."""
    cutoff = clock.now() - dt.timedelta(seconds=RESEND_AFTER_SECONDS)
    pending = Delivery.objects.filter(
        status=Delivery.Status.PENDING, attempts=0, created_at__lte=cutoff
    ).values_list("pk", flat=True)
    count = 0
    for delivery_id in pending.iterator():
        send_filing_receipt.delay(delivery_id)
        count += 1
    return count
