"""Delivery of sent answers by e-mail, after the transaction that sent them committed.

Failures are recorded on the ``Delivery`` and retried; the mail backend is never silenced, so
an answer that did not leave shows as failed on the case page instead of as delivered.
"""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils.translation import gettext as _

from pqrs.cases.models import Communication
from pqrs.core import clock
from pqrs.core.selectors import entity

from .models import Delivery

logger = logging.getLogger(__name__)


def _subject(kind: str) -> str:
    subjects: dict[str, str] = {
        Communication.Kind.ANSWER: _("Answer to your request %(number)s"),
        Communication.Kind.INFO_REQUEST: _("Information needed for your request %(number)s"),
        Communication.Kind.EXTENSION_NOTICE: _("Extension of the term of your request %(number)s"),
        Communication.Kind.TRANSFER_LETTER: _(
            "Your request %(number)s was forwarded to the competent entity"
        ),
    }
    return subjects.get(kind, subjects[Communication.Kind.ANSWER])


def _signed(body: str) -> str:
    """The communication as recorded, then who sends it (the entity's name and address)."""
    sender = entity()
    lines = [sender.name, sender.contact_line]
    return body + "\n\n-- \n" + "\n".join(line for line in lines if line)


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    max_retries=6,
)
def send_delivery(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    delivery = Delivery.objects.select_related("communication__case", "letter").get(pk=delivery_id)
    if delivery.state == Delivery.State.SENT:
        return "already sent"
    communication = delivery.communication
    case = communication.case
    message = EmailMessage(
        subject=_subject(communication.kind) % {"number": case.filing_number},
        body=_signed(communication.body),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient],
    )
    if delivery.letter is not None:
        with delivery.letter.file.open("rb") as handle:
            message.attach(delivery.letter.original_name, handle.read(), "application/pdf")
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    try:
        message.send(fail_silently=False)
    except Exception as error:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.FAILED, last_error=str(error)[:2000]
        )
        logger.warning("answer %s not delivered: %s", communication.number, error)
        raise
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENT, sent_at=clock.now(), last_error=""
    )
    return "sent"
