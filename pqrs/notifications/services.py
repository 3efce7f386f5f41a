"""Owing and recording messages to petitioners. The send itself happens in ``tasks``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from pqrs.cases.models import Case
from pqrs.core import clock

from .models import Delivery

logger = logging.getLogger(__name__)


@transaction.atomic
def receipt_enqueue(*, case: Case, recipient: str, tracking_code: str, language: str) -> Delivery:
    """Owe the petitioner the filing receipt by e-mail; sent by Celery once this commits."""
    delivery = Delivery.objects.create(
        case=case,
        kind=Delivery.Kind.FILING_RECEIPT,
        recipient=recipient,
        language=language,
        tracking_code=tracking_code,
        created_at=clock.now(),
    )
    transaction.on_commit(lambda: _hand_to_broker(delivery.pk))
    return delivery


def receipt_owed(*, recipient: str, language: str) -> Callable[[Case, str], Delivery]:
    """For ``case_file(also_write=...)``: owe the receipt in the filing's own transaction, so a
    filing is never committed without it (nor it without the filing)."""

    def owe(case: Case, tracking_code: str) -> Delivery:
        return receipt_enqueue(
            case=case, recipient=recipient, tracking_code=tracking_code, language=language
        )

    return owe


def _hand_to_broker(delivery_id: int) -> None:
    """The filing has committed: a broker outage must not turn the petitioner's receipt page
    into an error. The row stays pending and ``resend_pending`` hands it over later."""
    from .tasks import send_filing_receipt

    try:
        send_filing_receipt.delay(delivery_id)
    except Exception:
        logger.exception(
            "could not queue delivery %s; the periodic sweep will resend it", delivery_id
        )


def delivery_record_sent(*, delivery: Delivery, message_id: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT,
        attempts=delivery.attempts + 1,
        sent_at=clock.now(),
        message_id=message_id[:300],
        last_error="",
        tracking_code="",
    )


def delivery_record_failure(*, delivery: Delivery, error: str, final: bool) -> None:
    # After the last retry the code is erased too: it must not linger in clear.
    fields: dict[str, object] = {"attempts": delivery.attempts + 1, "last_error": error[:2000]}
    if final:
        fields |= {"status": Delivery.Status.FAILED, "tracking_code": ""}
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
