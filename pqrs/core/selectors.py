"""Reading the entity's identity: one cached read shared by every page and document."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

from .models import ENTITY_PK, Entity

CACHE_KEY = "pqrs:entity:v1"
# Saving through ``services.entity_save`` clears the shared cache at once; a process with its
# own in-process cache (the embedded default's Celery worker) sees an edit within this time.
CACHE_SECONDS = 60


def entity() -> Entity:
    """The entity as its documents name it. Not saved here: edit it with
    ``services.entity_save``. Before an administrator sets it up, the name is the
    ``PQRS_ENTITY_NAME`` setting (the name of a new installation)."""
    values: dict[str, Any] | None = cache.get(CACHE_KEY)
    if values is None:
        row = Entity.objects.filter(pk=ENTITY_PK).first() or entity_initial()
        values = {field.attname: getattr(row, field.attname) for field in Entity._meta.fields}
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    return Entity(**values)


def entity_initial() -> Entity:
    return Entity(pk=ENTITY_PK, name=str(settings.PQRS_ENTITY_NAME))


def entity_cache_clear() -> None:
    cache.delete(CACHE_KEY)
