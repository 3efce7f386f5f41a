"""Unfilled placeholders in text that goes to a petitioner.

Templates mark what the officer must write with a bracketed phrase ("[motivo de la demora]",
``pqrs.answers.defaults``) and fill the case's data from ``{{ variables }}``, leaving an
unknown variable visible so a typo shows. Either one left in a letter is an unfinished
sentence a citizen reads ("por el siguiente motivo: [motivo de la demora]" was published), so
every service that sends or publishes text to a petitioner refuses it. Defined here, not in
``pqrs.answers``, because the lifecycle services (notices, transfer letters) cannot import
the answers app.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from pqrs.core.errors import DomainError

# A bracketed fragment on one line with at least one letter; "[1]" (a note) or "[…]" has none.
_BRACKETED = re.compile(r"\[[^\[\]\n]{0,200}\]")
# What remains of a template variable, known or not.
_VARIABLE = re.compile(r"\{\{[^{}\n]{0,200}\}\}|\{%[^{}\n]{0,200}%\}")
# Brackets that belong in finished text: an editorial "[sic]" and an elided quotation.
ALLOWED = frozenset({"[sic]", "[…]", "[...]", "[sic.]"})


def unfilled_placeholders(text: str) -> list[str]:
    """The placeholders left in ``text``, each once, in the order they appear."""
    bracketed = [
        m
        for m in _BRACKETED.finditer(text)
        if m.group(0).lower() not in ALLOWED and any(ch.isalpha() for ch in m.group(0))
    ]
    found = sorted([*bracketed, *_VARIABLE.finditer(text)], key=lambda m: m.start())
    return list(dict.fromkeys(m.group(0) for m in found))


def require_filled(text: str) -> None:
    """Refuse ``text`` for a petitioner while it holds a placeholder, naming each one."""
    found = unfilled_placeholders(text)
    if found:
        raise DomainError(
            _("Replace %(placeholders)s with the real text before it goes to the petitioner.")
            % {"placeholders": ", ".join(found)},
            code="unfilled_placeholder",
        )
