"""Writing the entity's identity."""

from __future__ import annotations

from django.db import transaction

from .models import ENTITY_PK, Entity
from .selectors import entity_cache_clear, entity_initial


@transaction.atomic
def entity_save(*, entity: Entity) -> Entity:
    """Save the one row; every page and document shows the change once this commits."""
    entity.pk = ENTITY_PK
    entity.full_clean(validate_unique=False)  # one row: its key is fixed, not chosen
    entity.save()
    transaction.on_commit(entity_cache_clear)
    return entity


@transaction.atomic
def entity_ensure() -> bool:
    """Create the row from the initial name if it is missing (True); never change an existing
    one."""
    if Entity.objects.filter(pk=ENTITY_PK).exists():
        return False
    entity_save(entity=entity_initial())
    return True
