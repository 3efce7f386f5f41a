from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pqrs.core.selectors import entity


def portal(request: HttpRequest) -> dict[str, object]:
    """The entity for every page (read only by the pages that print it)."""
    return {"entity": SimpleLazyObject(entity)}
