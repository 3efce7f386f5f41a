"""Reads of areas shared by the case services and the desk."""

from __future__ import annotations

from .models import Area


def confidential_area() -> Area | None:
    """The active area that receives confidential reports (corruption denuncias, Ley 1474 de
    2011 art. 76), or None while an administrator has not designated one."""
    return Area.objects.filter(receives_confidential=True, is_active=True).first()
