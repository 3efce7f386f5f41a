"""The public pages. Each view validates a form and calls one service or selector."""

from .filing import data_policy, file_request, receipt, receipt_pdf, report_corruption
from .tracking import (
    add_information,
    attachment,
    case_detail,
    case_receipt_pdf,
    more_time,
    rate,
    reply,
    track,
    track_end,
    withdraw,
)

__all__ = [
    "add_information",
    "attachment",
    "case_detail",
    "case_receipt_pdf",
    "data_policy",
    "file_request",
    "more_time",
    "rate",
    "receipt",
    "receipt_pdf",
    "reply",
    "report_corruption",
    "track",
    "track_end",
    "withdraw",
]
