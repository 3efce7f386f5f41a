"""The format of a numbering series: Python format text with ``{year}`` and ``{number}``.

The default ``{year}-{number:06d}`` gives ``2026-000123``. On PostgreSQL the filing statement
writes the number's text itself (``services/numbering.insert_numbered``), so a format must also
be expressible in SQL: any text around the two fields, the year with any format, and the number
plain (``{number}``) or zero-padded (``{number:06d}``). ``validate_number_format`` keeps the
administrator to that subset.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PADDED = re.compile(r"^0(\d{1,2})d?$")  # "06d", or "06", which Python reads the same


@dataclass(frozen=True)
class _Part:
    literal: str
    field: str | None  # "year", "number" or None (trailing text)
    spec: str


@dataclass(frozen=True)
class NumberFormat:
    parts: tuple[_Part, ...]

    @classmethod
    @functools.lru_cache(maxsize=32)
    def parse(cls, text: str) -> NumberFormat:
        """Cached: every filing and every outgoing number renders with its series' format."""
        parts: list[_Part] = []
        numbers = 0
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as error:
            raise ValueError(f"malformed format: {error}") from error
        for literal, name, spec, conversion in parsed:
            if name is None:
                parts.append(_Part(literal, None, ""))
                continue
            if conversion or name not in ("year", "number"):
                raise ValueError(f"unknown field {{{name}}}")
            spec = spec or ""
            if name == "number":
                numbers += 1
                if spec not in ("", "d") and not _PADDED.match(spec):
                    raise ValueError(f"unsupported number format {spec!r}")
            else:
                format(2026, spec)  # raises ValueError when the year's spec is invalid
            parts.append(_Part(literal, name, spec))
        if numbers != 1:
            raise ValueError("the format must contain {number} exactly once")
        return cls(tuple(parts))

    def render(self, *, year: int, number: int) -> str:
        return "".join(
            part.literal + self._field(part, year, number) if part.field else part.literal
            for part in self.parts
        )

    def sql(self, *, year: int, sequence: str) -> tuple[str, list[str]]:
        """An SQL expression of the text for the integer column ``sequence``, with its
        parameters: everything but the number is rendered here, in Python."""
        pieces: list[str] = []
        params: list[str] = []
        for part in self.parts:
            text = part.literal
            if part.field == "year":
                text += format(year, part.spec)
            if text:
                pieces.append("%s::text")
                params.append(text)
            if part.field == "number":
                pieces.append(self._number_sql(part.spec, sequence))
        return "(" + " || ".join(pieces) + ")", params

    @staticmethod
    def _field(part: _Part, year: int, number: int) -> str:
        return format(year if part.field == "year" else number, part.spec)

    @staticmethod
    def _number_sql(spec: str, sequence: str) -> str:
        match = _PADDED.match(spec)
        if not match:
            return f"{sequence}::text"
        width = int(match.group(1))
        # lpad() cuts longer text; Python's format never does, hence greatest().
        return f"lpad({sequence}::text, greatest({width}, length({sequence}::text)), '0')"


def validate_number_format(value: str) -> None:
    try:
        NumberFormat.parse(value)
    except ValueError as error:
        raise ValidationError(
            _(
                "Use {year} and {number} once each, with any text around them, for example "
                "{year}-{number:06d}. The number may only be zero-padded, as in {number:06d}."
            ),
            code="invalid_number_format",
        ) from error
