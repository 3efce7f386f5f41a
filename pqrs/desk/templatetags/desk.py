from __future__ import annotations

from django import template

from pqrs.cases.selectors import SEARCH_MAX_LENGTH

register = template.Library()


@register.filter(name="abs")
def absolute(value: int | None) -> int | None:
    return None if value is None else abs(value)


@register.simple_tag
def search_max_length() -> int:
    """The longest search the desk runs, for the search boxes' ``maxlength``."""
    return SEARCH_MAX_LENGTH
