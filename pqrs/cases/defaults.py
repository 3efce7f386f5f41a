"""Load the shipped Colombian defaults. Creates what is missing and never overwrites what an
administrator already edited, so running it again is harmless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from pqrs.accounts.models import Area
from pqrs.core.services import entity_ensure
from pqrs.deadlines.models import CalendarSettings

from .models import CaseType, Channel, NumberSeries

DEFAULTS_FILE = Path(__file__).parent / "data" / "defaults_co.json"


@transaction.atomic
def defaults_load(path: Path = DEFAULTS_FILE) -> dict[str, int]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    created = {
        "case_types": 0,
        "channels": 0,
        "number_series": 0,
        "confidential_area": 0,
        "entity": 0,
    }
    for item in data["case_types"]:
        created["case_types"] += CaseType.objects.get_or_create(code=item["code"], defaults=item)[1]
    for item in data["channels"]:
        created["channels"] += Channel.objects.get_or_create(code=item["code"], defaults=item)[1]
    for item in data["number_series"]:
        created["number_series"] += NumberSeries.objects.get_or_create(
            code=item["code"], defaults=item
        )[1]
    CalendarSettings.objects.get_or_create(pk=1, defaults=data["calendar"])
    created["confidential_area"] = _confidential_area(data["confidential_area"])
    created["entity"] = int(entity_ensure())
    return created


def _confidential_area(item: dict[str, Any]) -> int:
    """Corruption denuncias need an area to go to (Ley 1474 art. 76): make the shipped one when
    no area receives them and it does not exist yet. An area with its code that an administrator
    has since taken the designation from is left as it is (``manage.py check`` warns)."""
    if Area.objects.filter(receives_confidential=True).exists():
        return 0
    return int(
        Area.objects.get_or_create(
            code=item["code"], defaults={"name": item["name"], "receives_confidential": True}
        )[1]
    )
