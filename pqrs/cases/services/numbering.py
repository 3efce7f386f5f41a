"""Gap-free yearly numbers (radicado de entrada and de salida).

A PostgreSQL SEQUENCE would be faster but leaves gaps on rollback, and a radicado must be
consecutive: the legal register may not skip numbers (CPACA art. 61, "estricto control").
So the counter is a row, incremented by ``UPDATE ... RETURNING`` inside the caller's
transaction: a rollback returns the number, and the row lock makes concurrent filers wait
only for each other's commit, not for the whole filing. Callers take the number as late in
their transaction as they can to keep that wait short.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from pqrs.cases.models import NumberCounter, NumberSeries


@dataclass(frozen=True)
class Number:
    text: str
    year: int
    sequence: int


def next_number(*, series_code: str, year: int) -> Number:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that uses the number")
    series = NumberSeries.objects.get(code=series_code)
    value = _increment(series.pk, year)
    if value is None:
        # First number of the year: create the counter (a concurrent creator is harmless).
        NumberCounter.objects.bulk_create(
            [NumberCounter(series=series, year=year, last_value=0)], ignore_conflicts=True
        )
        value = _increment(series.pk, year)
        if value is None:  # pragma: no cover - the row exists now
            raise RuntimeError("number counter missing")
    return Number(text=series.format.format(year=year, number=value), year=year, sequence=value)


def _increment(series_id: int, year: int) -> int | None:
    table = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - table name is ours
            "WHERE series_id = %s AND year = %s RETURNING last_value",
            [series_id, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
