"""Database helpers that are not about any one model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def atomic_pipelined() -> Iterator[None]:
    """``transaction.atomic()`` whose COMMIT leaves in the same round trip as the statements
    queued before it.

    On PostgreSQL, when this is the outermost block, the transaction runs in psycopg's pipeline
    mode: a statement whose result is not read at once is sent with the next one that is, and
    with the COMMIT. A filing takes the counter row lock in its last statement, so every other
    filer would otherwise wait for that statement's reply to reach Python and for Python to
    send COMMIT, on a busy machine the larger part of the wait (docs/benchmarks.md §2).
    Results of such a statement are read after the block. Errors surface at the commit as
    usual (wrapped, rolled back). Nested in an outer transaction, or on SQLite, this is plain
    ``atomic()``.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline(), transaction.atomic():
        yield
