"""The portal's writes: filing from the web form and owing its receipt, in one transaction."""

from __future__ import annotations

from pqrs.cases.services import FilingResult, Submission, case_file
from pqrs.notifications.services import receipt_owed


def portal_file(*, submission: Submission, language: str) -> FilingResult:
    """File the web submission; when it is new and gave an e-mail, owe its receipt in the same
    transaction (sent by Celery after the commit, so a rolled-back filing never e-mails a
    number)."""
    contact = submission.contact
    recipient = contact.email.strip().lower() if contact is not None else ""
    owe_receipt = receipt_owed(recipient=recipient, language=language) if recipient else None
    return case_file(submission=submission, actor=None, also_write=owe_receipt)
