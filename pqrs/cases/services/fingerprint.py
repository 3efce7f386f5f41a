"""What a submission says, reduced to a digest: a retry with the same idempotency key must say
the same thing to get the case it filed.

A key identifies one form (or one API request); a client that sends the key again with other
content has a bug or reuses a form, and answering with the first case would tell the clerk
that what they typed now was filed when it was not (issue 8, item 9). Only what the petitioner
or the clerk wrote counts, with runs of whitespace made one, so the same form sent twice (a
double click, a resend after a timeout) matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .filing import Submission


def _words(value: str) -> str:
    return " ".join(value.split())


def submission_fingerprint(submission: Submission, attachment_sha256s: Sequence[str]) -> str:
    """A SHA-256 of the normalized submission; ``attachment_sha256s`` are its attachments'
    digests, in order (the filing computes them anyway)."""
    contact = submission.contact
    received_at = submission.received_at
    content: dict[str, Any] = {
        "case_type": submission.case_type_code,
        "channel": submission.channel_code,
        "subject": _words(submission.subject),
        "text": _words(submission.text),
        "contact": None
        if contact is None
        else [
            _words(contact.full_name),
            contact.id_type,
            contact.id_number.strip(),
            contact.email.strip().lower(),
            _words(contact.phone),
            _words(contact.address),
            _words(contact.city),
            contact.data_consent,
        ],
        "received_at": received_at.timestamp() if received_at is not None else None,
        "topic": submission.topic_code or "",
        "legal_priority": submission.legal_priority,
        "verbal_answer": _words(submission.verbal_answer),
        "answer_channel": submission.answer_channel,
        "attachments": [
            [a.name, digest]
            for a, digest in zip(submission.attachments, attachment_sha256s, strict=True)
        ],
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()
