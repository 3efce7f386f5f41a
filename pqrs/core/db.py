"""Database helpers that are not about any one model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def committed_with_last_statement(outermost: bool) -> Iterator[None]:
    """Send the statements of this block and the COMMIT of the enclosing transaction in one
    round trip (PostgreSQL, outermost transaction only; elsewhere a plain block).

    Use it around the last statement of an ``atomic()`` block whose reply can wait: a filing
    takes the counter row lock in its last statement, and every other filer would otherwise
    wait for that reply to reach Python and for Python to send COMMIT, on a busy machine the
    larger part of the wait (docs/benchmarks.md §2). The block runs in psycopg's pipeline
    mode and commits as it ends; the ``atomic()`` around it then finds nothing left to commit
    and runs its ``on_commit`` hooks as usual, outside pipeline mode (where an UPDATE reports
    no row count and Django's ``save()`` would misread it). Results of the block's statements
    are read after it. A failed COMMIT raises here, wrapped like any database error, and the
    ``atomic()`` rolls back as usual.
    """
    if not outermost or connection.vendor != "postgresql":
        yield
        return
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield
        connection.connection.commit()
