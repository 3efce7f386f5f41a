"""The case row as a projection of its events.

Every event stores, in ``after``, the projected fields it changed; the ``filed`` event stores
all of them. Folding the ``after`` maps in order rebuilds the row, which is how an auditor (or
a test) checks that the row says nothing its history does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .models import Case, CaseEvent

PROJECTED_FIELDS: tuple[str, ...] = (
    "filing_number",
    "case_type_id",
    "channel_id",
    "topic_id",
    "subject",
    "text",
    "contact_id",
    "is_anonymous",
    "needs_credibility_review",
    "is_confidential",
    "answer_channel",
    "area_id",
    "assignee_id",
    "priority",
    "legal_priority",
    "status",
    "received_at",
    "received_on",
    "term_value",
    "term_unit",
    "due_date",
    "clock_status",
    "suspensions",
    "extension_days",
    "info_request_reason",
    "info_request_due",
    "parent_id",
    "merged_into_id",
    "answered_at",
    "closed_at",
)


def to_json(value: Any) -> Any:
    # Moments in UTC: a service holds them in Bogotá time, the database hands them back in UTC,
    # and the same instant must give the same text or replay() and snapshot() disagree.
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot(case: Case, fields: Iterable[str] = PROJECTED_FIELDS) -> dict[str, Any]:
    return {name: to_json(getattr(case, name)) for name in fields}


def replay(events: Iterable[CaseEvent]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for event in events:
        state.update(event.after)
    return state
