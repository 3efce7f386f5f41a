"""Gap-free yearly numbers (radicado de entrada and de salida).

A PostgreSQL SEQUENCE would be faster but leaves gaps on rollback, and a radicado must be
consecutive: the legal register may not skip numbers (CPACA art. 61, "estricto control").
So the counter is a row, incremented by an upsert ``... RETURNING`` inside the caller's
transaction: a rollback returns the number, and the row lock makes concurrent filers wait
only for each other's commit, not for the whole filing. Callers take the number as late in
their transaction as they can to keep that wait short.

``next_number`` serves outgoing numbers and filing on SQLite; filing on PostgreSQL uses
``insert_numbered``, which takes the number and writes the rows that carry it in one statement
(docs/decisions/0001-gap-free-filing-numbers.md).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper

from pqrs.cases.models import NumberCounter, NumberSeries
from pqrs.cases.number_format import NumberFormat


@dataclass(frozen=True)
class Number:
    text: str
    year: int
    sequence: int


def _counter_upsert() -> str:
    """Take the next number of (series, year), creating the year's counter with its first
    number: ``ON CONFLICT DO UPDATE`` locks the existing row like an ``UPDATE`` does, and a
    rollback returns the number. The same text on PostgreSQL and SQLite."""
    counters = connection.ops.quote_name(NumberCounter._meta.db_table)
    return (
        f"INSERT INTO {counters} AS c (series_id, year, last_value) VALUES (%s, %s, 1) "  # noqa: S608
        "ON CONFLICT (series_id, year) DO UPDATE SET last_value = c.last_value + 1 "
        "RETURNING last_value AS seq"
    )


def next_number(*, series_code: str, year: int) -> Number:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that uses the number")
    series = NumberSeries.objects.get(code=series_code)
    with connection.cursor() as cursor:
        cursor.execute(_counter_upsert(), [series.pk, year])
        value = int(cursor.fetchone()[0])
    text = NumberFormat.parse(series.format).render(year=year, number=value)
    return Number(text=text, year=year, sequence=value)


# --- Filing on PostgreSQL: number and rows in one statement --------------------------------------
@dataclass(frozen=True)
class Numbered:
    """A row to insert with the number it carries: the number's text goes into
    ``text_fields``, its sequence into ``sequence_fields``, and ``{key: text}`` is merged into
    each JSON field of ``json_keys`` (field name → key)."""

    row: models.Model
    text_fields: tuple[str, ...] = ()
    sequence_fields: tuple[str, ...] = ()
    json_keys: dict[str, str] = field(default_factory=dict)


class PendingNumber:
    """The number taken by ``insert_numbered``; readable once its statement has run (on a
    pipelined commit, after the COMMIT)."""

    def __init__(self, cursor: CursorWrapper, year: int) -> None:
        self._cursor = cursor
        self._year = year

    def take(self) -> Number:
        with connection.wrap_database_errors:
            row = self._cursor.fetchone()
        self._cursor.close()
        if row is None:  # pragma: no cover - the upsert always returns its row
            raise RuntimeError("the numbering statement returned no number")
        return Number(text=str(row[1]), year=self._year, sequence=int(row[0]))


def insert_numbered(
    *, series_id: int, number_format: str, year: int, rows: Sequence[Numbered]
) -> PendingNumber:
    """Take the next number of the series and insert ``rows`` carrying it, in one statement.

    PostgreSQL only. The counter row is locked from this statement until the commit, so
    everything else of the transaction is written before it; when the caller pipelines the
    COMMIT with it (``pqrs.core.db.committed_with_last_statement``), other filers wait for no client round trip at
    all, only for this statement and the WAL flush (docs/benchmarks.md §2). The counter is the
    same upsert as ``next_number``'s. The result is not read here: see ``PendingNumber``.
    """
    text_sql, params = NumberFormat.parse(number_format).sql(year=year, sequence="seq")
    parts = [f"WITH n AS ({_counter_upsert()}), f AS (SELECT seq, {text_sql} AS txt FROM n)"]  # noqa: S608
    all_params: list[Any] = [series_id, year, *params]
    for index, numbered in enumerate(rows):
        sql, row_params = _insert_select(numbered)
        parts.append(f"i{index} AS ({sql})")
        all_params.extend(row_params)
    cursor = connection.cursor()
    statement = ", ".join(parts) + " SELECT seq, txt FROM f"  # noqa: S608 - names are ours
    cursor.execute(statement, all_params)
    for numbered in rows:
        numbered.row._state.adding = False
        numbered.row._state.db = connection.alias
    return PendingNumber(cursor, year)


def _insert_select(numbered: Numbered) -> tuple[str, list[Any]]:
    """``INSERT INTO table (...) SELECT ... FROM f`` for one model instance, with the values
    prepared as Django's own INSERT prepares them."""
    row = numbered.row
    sql, plan = _insert_plan(
        type(row),
        row.pk is not None,
        numbered.text_fields,
        numbered.sequence_fields,
        tuple(sorted(numbered.json_keys.items())),
    )
    params: list[Any] = []
    for model_field, json_key in plan:
        if json_key is None:
            value = model_field.pre_save(row, add=True)
            params.append(model_field.get_db_prep_save(value, connection))
        else:
            value = getattr(row, model_field.attname)
            params.extend((model_field.get_db_prep_save(value, connection), json_key))
    return sql, params


@functools.lru_cache(maxsize=64)
def _insert_plan(
    model: type[models.Model],
    with_pk: bool,
    text_fields: tuple[str, ...],
    sequence_fields: tuple[str, ...],
    json_keys: tuple[tuple[str, str], ...],
) -> tuple[str, tuple[tuple[Any, str | None], ...]]:
    """The SQL text of ``_insert_select`` and the fields whose values it takes as parameters
    (with the JSON key to merge the number into, if any): built once per shape, since a
    filing's CPU is what limits concurrent filing (docs/benchmarks.md §2)."""
    quote = connection.ops.quote_name
    keys = dict(json_keys)
    columns: list[str] = []
    values: list[str] = []
    plan: list[tuple[Any, str | None]] = []
    for model_field in model._meta.local_concrete_fields:
        if model_field.generated or (model_field.primary_key and not with_pk):
            continue
        columns.append(quote(str(model_field.column)))
        if model_field.name in text_fields:
            values.append("f.txt")
        elif model_field.name in sequence_fields:
            values.append("f.seq")
        elif model_field.name in keys:
            values.append("(%s::jsonb || jsonb_build_object(%s::text, f.txt))")
            plan.append((model_field, keys[model_field.name]))
        else:
            values.append("%s")
            plan.append((model_field, None))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM f"
    )
    return sql, tuple(plan)
