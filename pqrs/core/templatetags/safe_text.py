"""``{{ value|bidi_safe }}``: user-supplied text without the characters that reorder it on
display (``pqrs.core.text``). Escaping is untouched: removing characters from escaped text
cannot make markup, so the result is as safe as the value was."""

from __future__ import annotations

from typing import Any

from django import template

from pqrs.core.text import without_bidi_controls

register = template.Library()


@register.filter(is_safe=True)
def bidi_safe(value: Any) -> Any:
    if value is None:
        return value
    return without_bidi_controls(str(value))
