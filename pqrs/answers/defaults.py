"""Colombian default templates for the answer and for each notice; administrators edit them
afterwards in the admin. Loading creates what is missing and never overwrites an edit."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEMPLATES = [
    (
        "answer",
        "Respuesta de fondo",
        "Señor(a) {{ petitioner }}\n\nRef.: Radicado {{ radicado }} del {{ filing_date }} — {{ subject }}\n\n"
        "Cordial saludo.\n\nEn atención a su {{ case_type }}, le informamos que:\n\n"
        "[Análisis y decisión: se accede / se niega / se explica, con sus fundamentos.]\n\n"
        "Si no está de acuerdo con esta respuesta puede presentar una nueva solicitud citando el radicado "
        "{{ radicado }}.\n\nAtentamente,",
    ),
    (
        "info_request",
        "Solicitud de completar información (art. 17)",
        "Señor(a) {{ petitioner }}\n\nRef.: Radicado {{ radicado }} del {{ filing_date }}\n\n"
        "Para dar respuesta a su solicitud necesitamos que nos envíe: [documentos o datos que faltan].\n\n"
        "Tiene un mes para completarla (Ley 1755 de 2015, art. 17). Mientras tanto el término para "
        "responder queda suspendido. Si no recibimos la información se entenderá que desistió de la "
        "solicitud, sin perjuicio de que pueda presentarla de nuevo.",
    ),
    (
        "extension_notice",
        "Aviso de prórroga (art. 14 parágrafo)",
        "Señor(a) {{ petitioner }}\n\nRef.: Radicado {{ radicado }} del {{ filing_date }}\n\n"
        "Le informamos que no es posible responder su solicitud dentro del término previsto, que vence el "
        "{{ due_date }}, por el siguiente motivo: [motivo de la demora].\n\n"
        "Le daremos respuesta a más tardar en el plazo indicado en esta comunicación (Ley 1755 de 2015, "
        "art. 14 parágrafo).",
    ),
    (
        "transfer_letter",
        "Traslado por competencia (art. 21)",
        "Señor(a) {{ petitioner }}\n\nRef.: Radicado {{ radicado }} del {{ filing_date }}\n\n"
        "Su solicitud no es competencia de {{ entity }}. En cumplimiento del artículo 21 de la Ley 1755 de "
        "2015 la hemos remitido a [entidad competente], que le responderá dentro de los términos de ley "
        "contados desde su recepción. Adjuntamos copia del oficio remisorio.",
    ),
]


# The shipped names in the reader's language, by kind: a template still named as shipped reads
# in English in the English interface; a renamed or added one shows as typed. The texts stay
# in Spanish: they are what the petitioner receives.
SHIPPED_NAMES: dict[tuple[str, str], Promise] = {
    (kind, name): label
    for (kind, name, _body), label in zip(
        TEMPLATES,
        [
            _("Substantive answer"),
            _("Request to complete the information (art. 17)"),
            _("Extension notice (art. 14 parágrafo)"),
            _("Transfer to the competent entity (art. 21)"),
        ],
        strict=True,
    )
}


def template_label(kind: str, name: str) -> str:
    label = SHIPPED_NAMES.get((kind, name))
    return name if label is None else str(label)


def templates_load(template_model: Any = None, settings_model: Any = None) -> int:
    """Create the missing defaults (the migration passes its historical models)."""
    if template_model is None or settings_model is None:
        from .models import AnswerSettings, AnswerTemplate

        template_model, settings_model = AnswerTemplate, AnswerSettings
    created = 0
    for position, (kind, name, body) in enumerate(TEMPLATES):
        created += template_model.objects.get_or_create(
            kind=kind, name=name, defaults={"body": body, "position": position}
        )[1]
    settings_model.objects.get_or_create(pk=1)
    return created
