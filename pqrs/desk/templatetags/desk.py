from __future__ import annotations

from django import template

register = template.Library()


@register.filter(name="abs")
def absolute(value: int | None) -> int | None:
    return None if value is None else abs(value)
