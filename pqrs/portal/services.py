"""The portal's writes: filing from the web form and owing its receipt, in one transaction."""

from __future__ import annotations

from django.db import transaction

from pqrs.cases.services import FilingResult, Submission, case_file
from pqrs.notifications.services import receipt_enqueue


@transaction.atomic
def portal_file(*, submission: Submission, language: str) -> FilingResult:
    """File the web submission; when it is new and gave an e-mail, queue the receipt (sent by
    Celery after the commit, so a rolled-back filing never e-mails a number)."""
    result = case_file(submission=submission, actor=None)
    contact = submission.contact
    if result.created and result.tracking_code and contact is not None and contact.email:
        receipt_enqueue(
            case=result.case,
            recipient=contact.email.strip().lower(),
            tracking_code=result.tracking_code,
            language=language,
        )
    return result
