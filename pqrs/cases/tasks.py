"""Periodic work on cases. Tasks only find work and call services."""

from __future__ import annotations

import logging

from celery import shared_task

from pqrs.core import clock
from pqrs.core.errors import DomainError

from .models import Case, InfoRequestReason, Status
from .services import case_tacit_withdraw

logger = logging.getLogger(__name__)


@shared_task
def sweep_tacit_withdrawals() -> int:
    """Requests to complete a petition left unanswered past their month (Ley 1755 art. 17)."""
    lapsed = Case.objects.filter(
        status=Status.WAITING_PETITIONER,
        info_request_reason=InfoRequestReason.INCOMPLETE,
        info_request_due__lt=clock.today(),
    ).only("pk")
    done = 0
    for case in lapsed.iterator():
        try:
            case_tacit_withdraw(case=case)
        except DomainError:
            logger.info("case %s changed before its tacit withdrawal", case.pk)
            continue
        done += 1
    return done
