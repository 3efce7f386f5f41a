"""The one place that reads the wall clock, so tests can freeze it (``freeze``) and every
service agrees on what "now" is."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of an aware moment in the entity's time zone (America/Bogota)."""
    return moment.astimezone(local_tz()).date()


def shown_moment(moment: dt.datetime) -> dt.datetime:
    """A stored moment as pages and exports show it: in the entity's time zone, or left in UTC
    when that zone cannot hold it. Bogotá kept its local mean time (-4:56) before 1912, so
    anything before 0001-01-01 04:56 UTC falls before year 1 there (and a positive offset
    overflows past year 9999); rows like that were written before reception dates were
    checked, and one of them must not take down every page or export that lists it."""
    try:
        return timezone.localtime(moment)
    except (OverflowError, ValueError):
        return moment.astimezone(dt.UTC)


def today() -> dt.date:
    return local_date(now())


@contextlib.contextmanager
def freeze(moment: dt.datetime) -> Iterator[None]:
    global _frozen
    if timezone.is_naive(moment):
        raise ValueError("freeze() takes an aware datetime")
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
