"""``{{ value|local_moment:"DATETIME_FORMAT" }}``: a stored moment in the entity's time zone, as
Django's ``date`` filter shows it, except that a moment the zone cannot hold is shown in UTC
and says so (``clock.shown_moment``) instead of failing the whole page."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats

from pqrs.core import clock

register = template.Library()

# Formats that carry their own offset: nothing is added to them.
_WITH_OFFSET = frozenset({"c", "r", "O", "U"})


@register.filter(expects_localtime=False)
def local_moment(value: dt.datetime | None, arg: str = "DATETIME_FORMAT") -> str:
    if not isinstance(value, dt.datetime):
        return ""
    shown = clock.shown_moment(value)
    text = formats.date_format(shown, arg)
    if shown.tzinfo is dt.UTC and arg not in _WITH_OFFSET:
        text += " UTC"
    return text
