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
    taken = _increment(series_code, year)
    if taken is None:
        # First number of the year: create the counter (a concurrent creator is harmless).
        series = NumberSeries.objects.get(code=series_code)
        NumberCounter.objects.bulk_create(
            [NumberCounter(series=series, year=year, last_value=0)], ignore_conflicts=True
        )
        taken = _increment(series_code, year)
        if taken is None:  # pragma: no cover - the row exists now
            raise RuntimeError("number counter missing")
    value, number_format = taken
    return Number(text=number_format.format(year=year, number=value), year=year, sequence=value)


def _increment(series_code: str, year: int) -> tuple[int, str] | None:
    """Take the number; on PostgreSQL the same statement reads the series' format (one query
    less per filing, docs/benchmarks.md). SQLite cannot return columns of a joined table."""
    counters = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {counters} c SET last_value = c.last_value + 1 "  # noqa: S608 - ours
                f"FROM {NumberSeries._meta.db_table} s "
                "WHERE c.series_id = s.id AND s.code = %s AND c.year = %s "
                "RETURNING c.last_value, s.format",
                [series_code, year],
            )
            row = cursor.fetchone()
            return (int(row[0]), str(row[1])) if row else None
        series = NumberSeries.objects.get(code=series_code)
        cursor.execute(
            f"UPDATE {counters} SET last_value = last_value + 1 "  # noqa: S608 - ours
            "WHERE series_id = %s AND year = %s RETURNING last_value",
            [series.pk, year],
        )
        row = cursor.fetchone()
        return (int(row[0]), series.format) if row else None
