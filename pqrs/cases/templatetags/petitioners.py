"""Who filed a case, as staff lists, exports, pages and letters show it: one rule, so a list and
a page never disagree about naming a reporter.

The reporter of a confidential case (a corruption denuncia, Ley 1474 de 2011 art. 76) is never
named in a list, an export or a letter; on the case page and the constancia, a logged reveal
lifts the reservation for one user for a while (``confidential.identity_reserved``), and those
pages pass that decision in.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pqrs.cases.models import Case
from pqrs.core.text import without_bidi_controls

register = template.Library()


@register.filter
def petitioner_reserved(case: Case) -> bool:
    """Whether lists, exports and letters withhold who filed ``case``."""
    return case.is_confidential and case.contact_id is not None


def petitioner_label(case: Case, *, reserved: bool | None = None) -> str | None:
    """What is shown instead of the petitioner's name ("Identity reserved", "Anonymous"), or
    None when the name is shown. ``reserved``: the page's decision for its user; lists and
    exports leave it out."""
    if petitioner_reserved(case) if reserved is None else reserved:
        return _("Identity reserved")
    if case.contact is None:
        return _("Anonymous")
    return None


@register.simple_tag
def petitioner_name(case: Case, reserved: bool | None = None) -> str | SafeString:
    """``{% petitioner_name case %}``: the name (escaped, without bidi controls), or the label
    that stands for it in italics."""
    label = petitioner_label(case, reserved=reserved)
    if label is not None:
        return format_html("<em>{}</em>", label)
    assert case.contact is not None  # noqa: S101 - petitioner_label said so
    return without_bidi_controls(case.contact.full_name)
