"""The answer as a PDF letter (WeasyPrint), so what the petitioner receives is fixed and
kept with the case."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from pqrs.cases.models import Case, Communication
from pqrs.core.selectors import entity

from .models import AnswerSettings
from .services import entity_language


def answer_letter_pdf(
    *, communication: Communication, case: Case, settings_row: AnswerSettings
) -> bytes:
    # The letter is written in the entity's language (its templates and the officer's text):
    # its headings follow it, whatever language the officer's screen is in.
    with translation.override(entity_language()):
        html = render_to_string(
            "answers/letter.html",
            {
                "communication": communication,
                "case": case,
                "entity": entity(),
                "settings": settings_row,
                "signer": communication.created_by,
                "date": timezone.localtime(communication.created_at),
            },
        )
    from weasyprint import HTML  # seconds of start-up; only the processes that render pay it

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
