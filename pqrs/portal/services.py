"""The portal's writes: filing from the web form and owing its receipt, in one transaction;
the security alerts of the tracking page."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from pqrs.cases.models import Case
from pqrs.cases.services import FilingResult, Submission, case_file
from pqrs.core import clock
from pqrs.notifications.services import receipt_owed

from .models import SecurityAlert
from .uploads import client_upload_quota

logger = logging.getLogger(__name__)


def portal_file(*, submission: Submission, language: str, client: str) -> FilingResult:
    """File the web submission; when it is new and gave an e-mail, owe its receipt in the same
    transaction (sent by Celery after the commit, so a rolled-back filing never e-mails a
    number). Its files count against the client's upload quota (``uploads``), which refuses
    the filing with a ``FilingError`` before anything is written."""
    contact = submission.contact
    recipient = contact.email.strip().lower() if contact is not None else ""
    owe_receipt = receipt_owed(recipient=recipient, language=language) if recipient else None
    key = submission.idempotency_key
    with client_upload_quota(
        client=client,
        attachments=submission.attachments,
        filed_before=lambda: bool(key) and Case.objects.filter(idempotency_key=key).exists(),
    ) as quota:
        result = case_file(submission=submission, actor=None, also_write=owe_receipt)
        if not result.created:
            quota.release()  # a retry of an earlier filing: its files were not stored again
    return result


@transaction.atomic
def security_alert_record(
    *, kind: str, subject: str, client: str, count: int, window_start: dt.datetime
) -> SecurityAlert:
    """Record a guessing pattern seen in a window: the first time, a new alert whose e-mail to
    the administrators is sent by Celery after the commit (never from the request); after
    that, the same alert brought up to date, with no new e-mail."""
    now = clock.now()
    alert, created = SecurityAlert.objects.get_or_create(
        kind=kind,
        subject=subject[:100],
        window_start=window_start,
        defaults={"client": client[:100], "count": count, "first_seen": now, "last_seen": now},
    )
    if created:
        transaction.on_commit(lambda: _hand_to_broker(alert.pk))
    else:
        SecurityAlert.objects.filter(pk=alert.pk).update(
            client=client[:100], count=Greatest(F("count"), count), last_seen=now
        )
    return alert


def _hand_to_broker(alert_id: int) -> None:
    """A broker outage must not break the tracking page; the alert stays visible in the
    admin, marked as not notified."""
    from .tasks import send_security_alert

    try:
        send_security_alert.delay(alert_id)
    except Exception:
        logger.exception("could not queue the e-mail of security alert %s", alert_id)


def security_alert_notified(*, alert: SecurityAlert) -> None:
    SecurityAlert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(
        notified_at=clock.now()
    )
