"""The lifecycle of a case after filing (design.md, "Case lifecycle"; legal-rules.md §1)."""

from .base import (
    BEFORE_ANSWER,
    INFO_REQUEST_WINDOW_DAYS,
    TRANSFER_WINDOW_DAYS,
    UNCLEAR_REPLY_DAYS,
    WORKABLE,
)
from .outcomes import (
    case_add_note,
    case_answer,
    case_close,
    case_merge,
    case_reopen,
    case_transfer,
    case_withdraw,
)
from .routing import case_assign, case_move, case_start, case_triage
from .term import case_extend
from .waiting import (
    case_archive,
    case_extend_reply_time,
    case_petitioner_reply,
    case_request_information,
    case_tacit_withdraw,
    reply_time_extension,
)

__all__ = [
    "BEFORE_ANSWER",
    "INFO_REQUEST_WINDOW_DAYS",
    "TRANSFER_WINDOW_DAYS",
    "UNCLEAR_REPLY_DAYS",
    "WORKABLE",
    "case_add_note",
    "case_answer",
    "case_archive",
    "case_assign",
    "case_close",
    "case_extend",
    "case_extend_reply_time",
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
