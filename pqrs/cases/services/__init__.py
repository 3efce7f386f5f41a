"""Every write to a case. Each public function is one use case: keyword-only arguments, one
transaction, one appended ``CaseEvent``. Business-rule violations raise ``DomainError`` and
change nothing."""

from .confidential import case_identity_reveal, case_make_confidential
from .filing import FilingResult, Submission, case_file
from .lifecycle import (
    case_add_note,
    case_answer,
    case_archive,
    case_assign,
    case_close,
    case_extend,
    case_extend_reply_time,
    case_merge,
    case_move,
    case_petitioner_reply,
    case_reopen,
    case_request_information,
    case_start,
    case_tacit_withdraw,
    case_transfer,
    case_triage,
    case_withdraw,
    reply_time_extension,
)

__all__ = [
    "FilingResult",
    "Submission",
    "case_add_note",
    "case_answer",
    "case_archive",
    "case_assign",
    "case_close",
    "case_extend",
    "case_extend_reply_time",
    "case_file",
    "case_identity_reveal",
    "case_make_confidential",
    "case_merge",
    "case_move",
    "case_petitioner_reply",
    "case_reopen",
    "case_request_information",
    "case_start",
    "case_tacit_withdraw",
    "case_transfer",
    "case_triage",
    "case_withdraw",
    "reply_time_extension",
]
