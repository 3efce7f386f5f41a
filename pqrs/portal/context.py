from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, str]:
    return {"entity_name": str(settings.PQRS_ENTITY_NAME)}
