"""Choosing a template in headless Chromium does not wipe what the officer wrote without
asking (issue 8, item 12). The shared ``page`` fixture accepts every dialog; here each test
answers the dialog itself and records what it asked."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import at
from pqrs.answers.defaults import templates_load
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring

from .test_browser import log_in, open_action

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

QUESTION = "¿Reemplazar lo que escribió por la plantilla? Se perderá su texto."


class Dialogs:
    """Answers each dialog with the next of ``answers`` and records its message."""

    def __init__(self, page: Any) -> None:
        self.answers: list[bool] = []
        self.asked: list[str] = []
        page.on("dialog", self._answer)

    def _answer(self, dialog: Any) -> None:
        self.asked.append(dialog.message)
        dialog.accept() if self.answers.pop(0) else dialog.dismiss()


def test_a_template_replaces_typed_text_only_when_the_officer_agrees(
    org, frozen, live_server, browser
):
    frozen(at(2026, 7, 14, 10))
    templates_load()
    case = bring(file_case(), "in_progress", org)
    context = browser.new_context(locale="es-CO", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs = Dialogs(page)
    log_in(page, live_server.url, "jefe.a")
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/")
    open_action(page, "extend")
    reasons = page.locator("#id_extend-reasons")
    picker = page.locator("#action-extend select[name=template]")

    # An empty box takes the template without asking.
    picker.select_option(index=1)
    page.wait_for_function(
        "n => document.querySelector('#id_extend-reasons').value.includes(n)",
        arg=case.filing_number,
    )
    assert dialogs.asked == []

    # Typed text: cancelling keeps it and puts the picker back to "—".
    reasons.fill("La demora se debe a la visita técnica pendiente.")
    picker.select_option(index=0)  # "—" finds no template and changes nothing
    dialogs.answers = [False]
    picker.select_option(index=1)
    page.wait_for_function("() => document.querySelector('#action-extend select').value === ''")
    assert dialogs.asked == [QUESTION]
    assert reasons.input_value() == "La demora se debe a la visita técnica pendiente."

    # Accepting replaces it.
    dialogs.answers = [True]
    picker.select_option(index=1)
    page.wait_for_function(
        "n => document.querySelector('#id_extend-reasons').value.includes(n)",
        arg=case.filing_number,
    )
    assert dialogs.asked == [QUESTION, QUESTION]
    assert "[motivo de la demora]" in reasons.input_value()

    # And what still holds the template's placeholder is not sent.
    page.fill("#id_extend-days", "5")
    page.click("button[data-action=extend]")
    error = page.wait_for_selector("#action-extend [data-testid=action-error]")
    assert "[motivo de la demora]" in error.inner_text()
    assert case.communications.count() == 0
    context.close()


def test_the_answer_box_asks_before_replacing_a_draft(org, frozen, live_server, browser):
    frozen(at(2026, 7, 14, 10))
    templates_load()
    case = bring(file_case(), "in_progress", org)
    context = browser.new_context(locale="es-CO", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs = Dialogs(page)
    log_in(page, live_server.url, "gestor.a")
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/")
    body = page.locator("#id_answer-body")
    body.fill("Borrador de la respuesta.")
    dialogs.answers = [False]
    page.select_option("select[name=answer-template]", index=1)
    page.wait_for_function(
        "() => document.querySelector('select[name=answer-template]').value === ''"
    )
    assert dialogs.asked == [QUESTION]
    assert body.input_value() == "Borrador de la respuesta."
    context.close()
