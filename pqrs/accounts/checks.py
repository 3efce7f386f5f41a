"""System checks (``manage.py check``) on the organization an administrator set up."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError


@register()
def confidential_area_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Corruption denuncias (Ley 1474 de 2011 art. 76) reach only the area designated to
    receive confidential reports; without one, or with nobody in it, only auditors see them."""
    from pqrs.accounts.models import Area, Role, User

    try:
        if not User.objects.filter(is_active=True).exists():
            return []  # a new installation: nobody to warn yet, and nobody who could read them
        area = Area.objects.filter(receives_confidential=True).select_related("lead").first()
        staffed = area is not None and (
            (area.lead is not None and area.lead.is_active)
            or area.members.filter(is_active=True, role__in=[Role.AREA_LEAD, Role.OFFICER]).exists()
        )
    except DatabaseError:
        return []  # not migrated yet (or no database): nothing to check
    if area is None or not area.is_active:
        return [
            Warning(
                "No active area receives confidential reports: corruption denuncias are "
                "visible only to auditors until one is designated.",
                hint="In the admin, open the area of control interno disciplinario and check "
                "“receives confidential reports”.",
                id="pqrs.W001",
            )
        ]
    if not staffed:
        return [
            Warning(
                f"The area “{area.name}” receives confidential reports but has no active lead "
                "or officer: nobody can work the corruption denuncias.",
                hint="Give the area a lead and officers in the admin.",
                id="pqrs.W002",
            )
        ]
    return []


@register()
def pending_confidential_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Denuncias filed before they were confidential stay readable by the area they sit in,
    which may be the accused one, until they are converted."""
    from pqrs.cases.confidential import pending_confidential

    try:
        pending = pending_confidential().exists()
    except DatabaseError:
        return []
    if not pending:
        return []
    return [
        Warning(
            "Some cases of a confidential type (denuncias) are not confidential: they were "
            "filed before the type was, and the area they sit in can still read them.",
            hint="Run “python manage.py make_denuncias_confidential” once an area receives "
            "confidential reports.",
            id="pqrs.W003",
        )
    ]
