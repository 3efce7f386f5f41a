"""The shipped case types and channels in the reader's language.

Types and channels are data an administrator edits (design.md); the Colombian defaults are
shipped with Spanish names (``data/defaults_co.json``), which the English interface would show
as they are. A name or description that is still exactly the shipped one is shown through
gettext (keyed by the default's code below), so it reads "Complaint" in English and "Queja" in
Spanish; whatever an administrator typed or changed is shown as typed. Matching the text, not
the code, also translates the names copied into filing receipts when the case was filed.
"""

from __future__ import annotations

import functools
import json

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# code -> (name, description) of the shipped case types.
CASE_TYPES: dict[str, tuple[Promise, Promise]] = {
    "peticion": (
        pgettext_lazy("case type", "Petition"),
        _(
            "Ask the entity for something: a procedure, a service, the recognition of a right "
            "or an action (Ley 1755 art. 14: 15 business days)."
        ),
    ),
    "peticion_informacion": (
        pgettext_lazy("case type", "Request for documents or information"),
        _(
            "Ask for copies of documents or for public information the entity holds "
            "(10 business days)."
        ),
    ),
    "consulta": (
        pgettext_lazy("case type", "Consultation"),
        _("Ask for the entity's opinion on a matter within its competence (30 business days)."),
    ),
    "queja": (
        pgettext_lazy("case type", "Complaint"),
        _(
            "Express your dissatisfaction with the conduct or the attention of a public "
            "servant or contractor."
        ),
    ),
    "reclamo": (
        pgettext_lazy("case type", "Claim"),
        _(
            "Express your dissatisfaction with a service that was not provided or was "
            "provided poorly."
        ),
    ),
    "sugerencia": (
        pgettext_lazy("case type", "Suggestion"),
        _("Propose an idea to improve a service or a process of the entity."),
    ),
    "denuncia": (
        pgettext_lazy("case type", "Report of wrongdoing"),
        _("Report irregular or corrupt acts of public servants so that they are investigated."),
    ),
    "felicitacion": (
        pgettext_lazy("case type", "Compliment"),
        _("Recognize a good service or a public servant who served you well."),
    ),
    "datos_consulta": (
        pgettext_lazy("case type", "Personal data inquiry"),
        _(
            "Ask which of your personal data the entity holds (Ley 1581 art. 14: "
            "10 business days, extendable by 5)."
        ),
    ),
    "datos_reclamo": (
        pgettext_lazy("case type", "Personal data claim"),
        _(
            "Ask to correct, update or delete your personal data (Ley 1581 art. 15: "
            "15 business days, extendable by 8)."
        ),
    ),
}

# code -> name of the shipped channels.
CHANNELS: dict[str, Promise] = {
    "web": pgettext_lazy("channel", "Web form"),
    "email": pgettext_lazy("channel", "E-mail"),
    "telefono": pgettext_lazy("channel", "Phone"),
    "presencial": pgettext_lazy("channel", "In person (front desk)"),
    "correspondencia": pgettext_lazy("channel", "Paper mail"),
    "buzon": pgettext_lazy("channel", "Suggestion box"),
    "redes": pgettext_lazy("channel", "Social networks"),
    "api": pgettext_lazy("channel", "API"),
}


@functools.cache
def _shipped() -> dict[str, Promise]:
    """Each shipped Spanish text -> its translatable message."""
    from .defaults import DEFAULTS_FILE  # defaults imports the models, which import this

    data = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    table: dict[str, Promise] = {}
    for item in data["case_types"]:
        name, description = CASE_TYPES[item["code"]]
        table[item["name"]] = name
        table[item["description"]] = description
    for item in data["channels"]:
        table[item["name"]] = CHANNELS[item["code"]]
    return table


def shipped_label(text: str) -> str:
    """``text`` in the reader's language if it is a shipped default's, else as typed."""
    message = _shipped().get(text)
    return text if message is None else str(message)
