"""Accessible field rendering: every input names its help text and its errors through
``aria-describedby`` and says ``aria-invalid`` when rejected (WCAG 2.1 SC 1.3.1, 3.3.1)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.text import capfirst

register = template.Library()

ENDING_PUNCTUATION = (".", "?", "!", ":", ";", "…")


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def widget(field: BoundField, **extra: str) -> SafeString:
    attrs: dict[str, str | bool] = dict(extra)
    ids = described_by(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def describedby(field: BoundField) -> str:
    return described_by(field)


@register.filter
def with_colon(label: object) -> str:
    """A label followed by what is said about it: "Subject: ...", but "What do you want to
    file? ..." -- a label that already ends in punctuation takes no colon (no "?:" or ".:")."""
    text = capfirst(str(label).strip())
    return text if text.endswith(ENDING_PUNCTUATION) else f"{text}:"
