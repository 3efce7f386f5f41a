"""axe-core (vendored by the axe-playwright-python package, no CDN) on every public page, in
the states a citizen meets: empty, with errors, after filing, while tracking. No serious or
critical violation is allowed. With PQRS_SCREENSHOTS=1 each page is also saved to
docs/screenshots/portal-<name>.png."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from pqrs.cases.models import Case
from pqrs.cases.services import (
    case_answer,
    case_assign,
    case_request_information,
    case_start,
    case_triage,
)

from .test_browser import choose_type, fill_identity, fill_request, receipt_of, track

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
BLOCKING = {"serious", "critical"}


def check(page, name: str, tmp_path: Path) -> None:
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not blocking, f"{name}: {blocking}"
    target = SCREENSHOTS if os.environ.get("PQRS_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"portal-{name}.png"), full_page=True)


def test_every_public_page_passes_axe(org, page, tmp_path):
    page.goto("/")
    check(page, "file", tmp_path)

    page.get_by_role("button", name="Enviar mi solicitud").click()
    assert page.locator(".error-summary").is_visible()
    # The error summary takes the focus so screen readers announce it at once.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check(page, "file-errors", tmp_path)

    page.goto("/denuncia-corrupcion/")
    check(page, "report-corruption", tmp_path)

    page.goto("/politica-de-datos/")
    check(page, "data-policy", tmp_path)

    page.goto("/")
    choose_type(page, "Reclamo")
    fill_request(
        page, subject="Cobro doble", text="Me cobraron dos veces el recibo.", attachment=None
    )
    fill_identity(page, 1)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    number, code = receipt_of(page)
    check(page, "receipt", tmp_path)

    page.goto("/consulta/")
    check(page, "track", tmp_path)
    track(page, number, "AAAAAAAAAA")
    check(page, "track-error", tmp_path)

    track(page, number, code)
    page.wait_for_url(re.compile(r"/consulta/solicitud/"))
    check(page, "case", tmp_path)

    case = Case.objects.get(filing_number=number)
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case_start(case=case, actor=org.officer_a)
    case_request_information(
        case=case, actor=org.officer_a, reason="incomplete", message="Envíe el recibo."
    )
    page.reload()
    check(page, "case-information-request", tmp_path)
    page.get_by_role("button", name="Enviar mi respuesta").click()
    check(page, "case-reply-errors", tmp_path)

    page.get_by_label("Su mensaje").first.fill("Adjunto el recibo.")
    page.get_by_role("button", name="Enviar mi respuesta").click()
    page.wait_for_url(re.compile(r"/consulta/solicitud/$"))
    page.goto("/consulta/solicitud/desistir/")
    check(page, "withdraw", tmp_path)

    case_answer(case=case, actor=org.officer_a, body="Devolvimos el cobro doble.")
    page.goto("/consulta/solicitud/")
    check(page, "case-answered", tmp_path)

    page.goto("/constancia/no-such-token/")
    check(page, "receipt-gone", tmp_path)

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    page.goto("/")
    check(page, "file-en", tmp_path)


def test_keyboard_reaches_the_form_through_the_skip_link(defaults, page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido principal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_check_catches_a_real_violation(defaults, page, tmp_path):
    page.goto("/politica-de-datos/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<select id="x"><option>a</option></select><img src="/x.png">\')'
    )
    with pytest.raises(AssertionError, match=r"select-name|image-alt"):
        check(page, "broken", tmp_path)
