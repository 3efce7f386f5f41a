from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _eager_celery(eager_celery) -> None:  # type: ignore[no-untyped-def]
    """Every test here sends what it queues."""
