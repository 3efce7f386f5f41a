"""The answer as a PDF letter (WeasyPrint), so what the petitioner receives is fixed and
kept with the case."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from pqrs.cases.models import Case, Communication

from .models import AnswerSettings


def answer_letter_pdf(
    *, communication: Communication, case: Case, settings_row: AnswerSettings
) -> bytes:
    html = render_to_string(
        "answers/letter.html",
        {
            "communication": communication,
            "case": case,
            "settings": settings_row,
            "signer": communication.created_by,
            "date": timezone.localtime(communication.created_at),
        },
    )
    from weasyprint import HTML  # seconds of start-up; only the processes that render pay it

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
