"""Rows in the shape of the current models, written as PostgreSQL ``COPY`` text."""

from __future__ import annotations

import datetime as dt
import json
import operator
from typing import Any

from django.core.management.base import CommandError
from django.db import models

from pqrs.cases.projection import to_json as _to_json

_MISSING = object()
_encode = json.JSONEncoder(ensure_ascii=False).encode
_PLAIN = frozenset({str, int, bool, type(None)})


def dumps(value: Any) -> str:
    return _encode(value) if value else ("{}" if isinstance(value, dict) else "[]")


def to_json(value: Any) -> Any:
    """``projection.to_json``, skipped for the values it leaves alone (most of them)."""
    return value if type(value) in _PLAIN else _to_json(value)


class CopyTable:
    """Rows for one model's table, columns taken from the model so new fields get their
    defaults instead of breaking the COPY."""

    def __init__(self, model: type[models.Model], *, with_pk: bool, now: dt.datetime) -> None:
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.name = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.defaults = [self._default(f, now) for f in fields]
        self._filled = {
            a: d for a, d in zip(self.attnames, self.defaults, strict=True) if d is not _MISSING
        }
        self._row = operator.itemgetter(*self.attnames)
        self.lines: list[str] = []
        self._checked = False

    @staticmethod
    def _default(f: models.Field[Any, Any], now: dt.datetime) -> Any:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        if f.has_default() or f.empty_strings_allowed or f.null:
            value = f.get_default()
            if isinstance(f, models.JSONField):
                return json.dumps(value)
            if value is not None or f.null:
                return value
        return _MISSING

    def add(self, values: dict[str, Any]) -> None:
        if not self._checked:
            missing = [
                a
                for a, d in zip(self.attnames, self.defaults, strict=True)
                if d is _MISSING and a not in values
            ]
            if missing:
                raise CommandError(f"seed_cases does not fill {self.name}.{', '.join(missing)}")
            self._checked = True
        self.lines.append("\t".join(map(_copy_text, self._row({**self._filled, **values}))))

    def take(self) -> tuple[int, bytes]:
        """The rows so far, in COPY text format, and forget them."""
        count, data = len(self.lines), "\n".join(self.lines)
        self.lines.clear()
        return count, (data + "\n").encode() if count else b""

    def copy(self, cursor: Any, data: bytes) -> None:
        if not data:
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f'COPY "{self.name}" ({columns}) FROM STDIN') as copy:
            copy.write(data)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (formatted in the worker processes, so the
    single connection only forwards bytes)."""
    if isinstance(value, str):
        # Scanning for the four characters is much faster than translating every string.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.date):  # datetimes too: ISO 8601 with their offset
        return value.isoformat()
    return str(value)
