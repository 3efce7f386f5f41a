"""A day at the desk in headless Chromium, against the real server (live_server).

- a lead picks a new case from the queue, triages and assigns it; the officer starts, asks the
  petitioner for information from a template, records the reply, answers from a template; the
  lead approves; the officer sends the answer (PDF + e-mail) and closes the case;
- a filing clerk files a phone call with the verbal answer given and prints the constancia;
- an officer of area A cannot open, list, search or export a case of area B.

Screenshots of the inbox and the case page (demo data) go to ``DESK_SCREENSHOTS_DIR`` when it
is set: ``DESK_SCREENSHOTS_DIR=docs/screenshots pytest pqrs/desk/tests/test_browser.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from conftest import at
from pqrs.answers.defaults import templates_load
from pqrs.cases.models import Case, CaseEvent, Channel, Status
from pqrs.cases.services import case_triage
from pqrs.cases.tests.factories import ContactDataFactory, file_case

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "x-Secret-2026"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/desk/(\?.*)?$"))


def open_action(page, name: str) -> None:
    page.click(f"#action-{name} summary")


def shoot(page, name: str) -> None:
    target = os.environ.get("DESK_SCREENSHOTS_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), full_page=True)


def status_of(case: Case) -> str:
    case.refresh_from_db()
    return case.status


def test_a_full_day(org, frozen, live_server, browser, page):
    frozen(at(2026, 7, 14, 10))
    templates_load()
    case = file_case(
        subject="Cobro doble del impuesto predial",
        text="Me llegaron dos facturas del predial de este año. Solicito revisar.",
        contact=ContactDataFactory(full_name="María Gómez", email="maria@example.com"),
        received_at=at(2026, 7, 14, 8),
    )
    for index in range(3):  # a queue, not a single row
        case_triage(
            case=file_case(subject=f"Solicitud de certificado {index}"),
            actor=org.admin,
            area=org.area_a,
        )
    base = live_server.url

    # The lead picks the new case from the queue and triages it to the area.
    log_in(page, base, "jefe.a")
    page.click("[data-tab=area]")
    page.wait_for_url(re.compile(r".*tab=area.*"))
    assert page.locator("[data-count=area]").inner_text() == "4"
    page.click(f"text={case.filing_number}")
    page.wait_for_url(f"**/desk/cases/{case.pk}/")
    open_action(page, "triage")
    page.select_option("select[name=triage-area]", label="Hacienda")
    page.click("button[data-action=triage]")
    page.wait_for_selector("[data-status=triaged]")
    open_action(page, "assign")
    page.select_option("select[name=assign-assignee]", label="gestor.a")
    page.click("button[data-action=assign]")
    page.wait_for_selector("[data-status=assigned]")

    # The officer finds it in "my cases", starts, and asks for information from a template.
    officer = browser.new_context(locale="es-CO", viewport={"width": 1400, "height": 1000})
    officer.on("page", lambda p: p.on("dialog", lambda d: d.accept()))
    work = officer.new_page()
    work.on("dialog", lambda d: d.accept())
    log_in(work, base, "gestor.a")
    assert work.locator("[data-count=mine]").inner_text() == "1"
    work.click(f"text={case.filing_number}")
    open_action(work, "start")
    work.click("button[data-action=start]")
    work.wait_for_selector("[data-status=in_progress]")
    open_action(work, "request_info")
    work.select_option("select[name=request_info-reason]", value="incomplete")
    work.locator("#action-request_info select[name=template]").select_option(index=1)
    message = work.locator("#id_request_info-message")
    work.wait_for_function(
        "n => document.querySelector('#id_request_info-message').value.includes(n)",
        arg=case.filing_number,
    )
    message.fill(message.input_value().replace("[documentos o datos que faltan]", "la factura"))
    work.click("button[data-action=request_info]")
    work.wait_for_selector("[data-status=waiting_petitioner]")
    assert work.locator("[data-light=suspended]").count() >= 1

    # The reply arrives on paper; the officer records it and the clock runs again.
    open_action(work, "record_reply")
    work.fill("#id_record_reply-text", "Adjunto la factura solicitada.")
    work.click("button[data-action=record_reply]")
    work.wait_for_selector("[data-status=in_progress]")

    # The answer from a template, sent for approval.
    work.select_option("select[name=answer-template]", index=1)
    work.wait_for_function(
        "n => document.querySelector('#id_answer-body').value.includes(n)",
        arg=case.filing_number,
    )
    body = work.locator("#id_answer-body")
    body.fill(re.sub(r"\[Análisis[^\]]*\]", "Se anula la factura repetida.", body.input_value()))
    work.click("button[data-answer=submit]")
    work.wait_for_selector("[data-state=submitted]")
    assert work.locator("button[data-answer=send]").count() == 0

    # The lead approves.
    page.goto(f"{base}/desk/cases/{case.pk}/")
    page.click("button[data-answer=approve]")
    page.wait_for_selector("[data-state=approved]")

    # The officer sends it (PDF letter + e-mail) and closes the case.
    work.goto(f"{base}/desk/cases/{case.pk}/")
    work.click("button[data-answer=send]")
    work.wait_for_selector("[data-status=answered]")
    assert "maria@example.com" in mail.outbox[-1].to
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"
    open_action(work, "close")
    work.click("button[data-action=close]")
    work.wait_for_selector("[data-status=closed]")
    assert status_of(case) == Status.CLOSED
    kinds = list(case.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        "filed",
        "triaged",
        "assigned",
        "started",
        "info_requested",
        "petitioner_replied",
        "note",  # the approval
        "answered",
        "closed",
    ]
    assert case.events.get(kind=CaseEvent.Kind.ANSWERED).attachments.count() == 1
    officer.close()


def test_refused_action_shows_its_message_next_to_the_form(org, frozen, live_server, page):
    frozen(at(2026, 7, 14, 10))
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    log_in(page, live_server.url, "jefe.a")
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/")
    open_action(page, "move")
    page.select_option("select[name=move-area]", label="Hacienda")  # its own area
    page.fill("#id_move-reason", "Prueba")
    page.click("button[data-action=move]")
    error = page.wait_for_selector("#action-move [data-testid=action-error]")
    assert "dependencia" in error.inner_text()
    assert status_of(case) == Status.TRIAGED


def test_staff_filing_of_a_phone_call(org, frozen, live_server, page):
    frozen(at(2026, 7, 14, 10))
    log_in(page, live_server.url, "radicador")
    page.click("a[accesskey=n]")
    page.select_option("#id_channel", label=Channel.objects.get(code="telefono").name)
    page.fill("#id_received_at", "2026-07-14T08:40")
    page.select_option("#id_case_type", label="Petición")
    page.fill("#id_full_name", "Jorge Ramírez")
    page.select_option("#id_id_type", value="CC")
    page.fill("#id_id_number", "7999888")
    page.fill("#id_phone", "3109876543")
    page.fill("#id_subject", "Horario del punto de vacunación")
    page.fill("#id_text", "Pregunta por el horario del punto de vacunación del barrio.")
    page.fill("#id_verbal_answer", "Se le informó que atiende de 8 a. m. a 4 p. m.")
    page.click("button[type=submit].primary")
    number = page.wait_for_selector("[data-testid=receipt-number]").inner_text()
    case = Case.objects.get(filing_number=number)
    assert case.channel.code == "telefono"
    assert case.received_at == at(2026, 7, 14, 8, 40)
    assert "8 a. m. a 4 p. m." in page.inner_text("[data-testid=verbal-answer]")
    assert len(page.inner_text("[data-testid=tracking-code]")) == 10
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()  # print CSS: only the constancia


def test_officer_of_area_a_cannot_reach_a_case_of_area_b(org, live_server, page):
    mine = case_triage(
        case=file_case(subject="Predial de mi casa"), actor=org.admin, area=org.area_a
    )
    theirs = case_triage(
        case=file_case(subject="Predial de la clínica"), actor=org.admin, area=org.area_b
    )
    base = live_server.url
    log_in(page, base, "gestor.a")
    response = page.goto(f"{base}/desk/cases/{theirs.pk}/")
    assert response.status == 404
    page.goto(f"{base}/desk/?tab=all")
    listed = page.locator("[data-case]").evaluate_all("rows => rows.map(r => r.dataset.case)")
    assert listed == [mine.filing_number]
    page.goto(f"{base}/desk/search/?q=predial")
    listed = page.locator("[data-case]").evaluate_all("rows => rows.map(r => r.dataset.case)")
    assert listed == [mine.filing_number]
    page.goto(f"{base}/desk/search/?q={theirs.filing_number}")
    assert page.locator("[data-case]").count() == 0
    # From the keyboard: "/" focuses the search box, Enter searches.
    page.goto(f"{base}/desk/")
    page.keyboard.press("/")
    page.keyboard.type("predial")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/search/?q=predial")
    listed = page.locator("[data-case]").evaluate_all("rows => rows.map(r => r.dataset.case)")
    assert listed == [mine.filing_number]
    csv = page.request.get(f"{base}/desk/export.csv?tab=all").text()
    assert mine.filing_number in csv
    assert theirs.filing_number not in csv


def test_demo_inbox_and_case_page(db, live_server, page):
    """The demo data (every state, every channel) through a lead's eyes; this is how
    docs/screenshots/desk-inbox.png and desk-case.png are made."""
    from django.core.management import call_command

    from pqrs.cases.management.commands.seed_demo import DEMO_PASSWORD

    call_command("seed_demo", cases=60, stdout=open(os.devnull, "w"))  # noqa: SIM115
    base = live_server.url
    page.goto(f"{base}/desk/login/")
    page.fill("#id_username", "jefe.hacienda")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/desk/$"))
    rows = page.locator("tr[data-case]")
    assert rows.count() > 3
    assert page.locator("[data-light]").count() == rows.count()
    shoot(page, "desk-inbox.png")
    busiest = (
        Case.objects.filter(area__code="hacienda", status=Status.IN_PROGRESS).first()
        or Case.objects.filter(area__code="hacienda").order_by("-last_event_seq").first()
    )
    page.goto(f"{base}/desk/cases/{busiest.pk}/")
    assert page.locator(".timeline li").count() == busiest.events.count()
    open_action(page, "request_info")
    shoot(page, "desk-case.png")
