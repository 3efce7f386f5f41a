"""Tracking and the petitioner's actions through the test client, on cases moved by the real
lifecycle services."""

from __future__ import annotations

import re

import pytest

from pqrs.cases.models import Case, CaseEvent, Status
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_assign,
    case_request_information,
    case_start,
    case_triage,
)
from pqrs.cases.services.filing import AttachmentData
from pqrs.surveys.models import SurveyResponse

from .conftest import PDF_BYTES, PNG_BYTES
from .helpers import form_token, identified, upload

pytestmark = pytest.mark.django_db

GENERIC_ERROR = "We found no request with that filing number and tracking code"


def file_through_form(client) -> tuple[Case, str]:
    response = client.post("/", identified(form_token(client)))
    html = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    client.post("/consulta/salir/", follow=True)  # and read its message
    return Case.objects.get(), code


def in_progress(case: Case, org) -> Case:
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    return case_start(case=case, actor=org.officer_a)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_right_code_opens_the_case_with_its_public_history_only(org, client, english):
    case, code = file_through_form(client)
    in_progress(case, org)
    case_add_note(case=case, actor=org.officer_a, text="Nota interna: el peticionario es difícil")
    response = client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert case.filing_number in html
    assert "We are working on the answer to your request." in html
    assert "We received your request." in html
    assert "A public servant started working on your request." in html
    assert "Nota interna" not in html
    assert org.officer_a.username not in html


def test_code_is_accepted_in_lowercase_with_spaces(defaults, client):
    case, code = file_through_form(client)
    messy = f" {code[:5].lower()} {code[5:].lower()} "
    response = client.post("/consulta/", {"filing_number": case.filing_number, "code": messy})
    assert response.status_code == 302


def test_wrong_code_and_unknown_radicado_get_the_same_answer(defaults, client, english):
    case, code = file_through_form(client)
    wrong_code = client.post(
        "/consulta/", {"filing_number": case.filing_number, "code": "ZZZZZZZZZZ"}
    )
    unknown = client.post("/consulta/", {"filing_number": "2099-999999", "code": code})
    assert wrong_code.status_code == unknown.status_code == 400
    assert GENERIC_ERROR in wrong_code.content.decode()

    def strip(html: bytes) -> str:
        text = html.decode()
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        return re.sub(r'name="filing_number"[^>]*>', "", text)

    assert strip(wrong_code.content) == strip(unknown.content)
    assert client.get("/consulta/solicitud/").status_code == 302


def test_wrong_codes_are_limited_per_address_and_right_codes_never_count(
    defaults, client, settings, english
):
    settings.PQRS_RATE_TRACKING = "3/900"
    case, code = file_through_form(client)
    right = {"filing_number": case.filing_number, "code": code}
    wrong = {"filing_number": case.filing_number, "code": "AAAAAAAAAA"}
    # The petitioner's own visits are not attempts against the limit.
    for _ in range(5):
        assert client.post("/consulta/", right).status_code == 302
    for _ in range(3):
        assert client.post("/consulta/", wrong).status_code == 400
    # Over its limit of wrong codes, this address is refused, even the right code...
    blocked = client.post("/consulta/", right)
    assert blocked.status_code == 429
    assert "your connection" in blocked.content.decode()
    # ...and the radicado is not: from another address the right code opens it.
    assert client.post("/consulta/", right, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_answer_with_public_attachments_and_hidden_private_ones(org, client, english):
    case, code = file_through_form(client)
    in_progress(case, org)
    case_answer(
        case=case,
        actor=org.officer_a,
        body="Reparamos el poste el 10 de marzo.",
        attachments=(AttachmentData("acta.pdf", PDF_BYTES, "application/pdf"),),
    )
    private = case.attachments.create(
        original_name="borrador.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        is_public=False,
        event=case.events.get(kind=CaseEvent.Kind.ANSWERED),
    )
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    html = client.get("/consulta/solicitud/").content.decode()
    assert "Reparamos el poste el 10 de marzo." in html
    assert "acta.pdf" in html
    assert "borrador.pdf" not in html
    public = case.attachments.get(original_name="acta.pdf")
    download = client.get(f"/consulta/solicitud/adjunto/{public.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert client.get(f"/consulta/solicitud/adjunto/{private.pk}/").status_code == 404


def test_attachments_of_another_case_are_not_reachable(defaults, client):
    first, _code = file_through_form(client)
    other = client.post(
        "/", identified(form_token(client), attachments=[upload("mio.pdf", PDF_BYTES)])
    )
    assert other.status_code == 302
    theirs = Case.objects.exclude(pk=first.pk).get().attachments.get()
    client.post("/consulta/salir/")
    client.post("/consulta/", {"filing_number": first.filing_number, "code": _code})
    assert client.get(f"/consulta/solicitud/adjunto/{theirs.pk}/").status_code == 404


def test_petitioner_answers_an_information_request_and_the_clock_resumes(org, client):
    case, code = file_through_form(client)
    in_progress(case, org)
    case_request_information(
        case=case, actor=org.officer_a, reason="incomplete", message="Envíe la factura."
    )
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    page = client.get("/consulta/solicitud/").content.decode()
    assert "Envíe la factura." in page
    response = client.post(
        "/consulta/solicitud/responder/",
        {"reply-text": "Adjunto la factura.", "reply-attachments": [upload("f.png", PNG_BYTES)]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.clock_status == "running"
    assert case.due_date is not None
    event = case.events.get(kind=CaseEvent.Kind.PETITIONER_REPLIED)
    assert event.actor_label == "petitioner"
    assert event.attachments.get().content_type == "image/png"


def test_petitioner_asks_once_for_more_time_to_complete(org, client, english):
    case, code = file_through_form(client)
    in_progress(case, org)
    case_request_information(
        case=case, actor=org.officer_a, reason="incomplete", message="Envíe la factura."
    )
    case.refresh_from_db()
    first_due = case.info_request_due
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    page = client.get("/consulta/solicitud/").content.decode()
    assert 'action="/consulta/solicitud/mas-tiempo/"' in page
    response = client.post("/consulta/solicitud/mas-tiempo/", follow=True)
    case.refresh_from_db()
    assert case.info_request_due > first_due
    assert case.status == Status.WAITING_PETITIONER
    page = response.content.decode()
    assert "mas-tiempo" not in page  # offered once
    assert case.events.filter(kind=CaseEvent.Kind.REPLY_TIME_EXTENDED).count() == 1
    # A second try (an old tab) is refused with a message and changes nothing.
    extended_due = case.info_request_due
    again = client.post("/consulta/solicitud/mas-tiempo/", follow=True)
    assert case.events.filter(kind=CaseEvent.Kind.REPLY_TIME_EXTENDED).count() == 1
    case.refresh_from_db()
    assert case.info_request_due == extended_due
    assert again.status_code == 200
    assert "More time can be given only once" in again.content.decode()


def test_more_time_needs_a_tracked_case(defaults, client):
    response = client.post("/consulta/solicitud/mas-tiempo/")
    assert response.status_code == 302
    assert response["Location"].endswith("/consulta/")


def test_empty_reply_is_refused_and_changes_nothing(org, client):
    case, code = file_through_form(client)
    in_progress(case, org)
    case_request_information(case=case, actor=org.officer_a, reason="incomplete", message="x")
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    response = client.post("/consulta/solicitud/responder/", {"reply-text": "  "})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.WAITING_PETITIONER


def test_petitioner_adds_information_with_an_attachment(defaults, client):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    response = client.post(
        "/consulta/solicitud/agregar/",
        {
            "add-text": "Olvidé decir que es el poste 45.",
            "add-attachments": [upload("p.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    event = case.events.order_by("-seq").first()
    assert event.kind == CaseEvent.Kind.INFORMATION_ADDED
    assert event.is_public
    assert event.attachments.count() == 1
    case.refresh_from_db()
    assert case.status == Status.FILED


def test_adding_information_refuses_disguised_files(defaults, client):
    from .conftest import EXE_BYTES

    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    response = client.post(
        "/consulta/solicitud/agregar/",
        {"add-text": "Mire esto", "add-attachments": [upload("doc.pdf", EXE_BYTES)]},
    )
    assert response.status_code == 400
    assert case.events.count() == 1


def test_withdrawal_needs_confirmation_then_stops_the_case(defaults, client):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    refused = client.post("/consulta/solicitud/desistir/", {"reason": "Ya no lo necesito"})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.FILED
    done = client.post(
        "/consulta/solicitud/desistir/", {"confirm": "on", "reason": "Ya no lo necesito"}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    event = case.events.get(kind=CaseEvent.Kind.WITHDRAWN)
    assert event.actor is None
    assert event.data["reason"] == "Ya no lo necesito"


def test_rating_only_after_the_answer_and_only_once(org, client):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    early = client.post("/consulta/solicitud/calificar/", {"csat": "5", "nps": "10"})
    assert early.status_code == 400
    assert SurveyResponse.objects.count() == 0
    in_progress(case, org)
    case_answer(case=case, actor=org.officer_a, body="Respuesta de fondo.")
    bad = client.post("/consulta/solicitud/calificar/", {"csat": "9", "nps": "10"})
    assert bad.status_code == 400
    ok = client.post(
        "/consulta/solicitud/calificar/", {"csat": "4", "nps": "9", "comment": "Rápido"}
    )
    assert ok.status_code == 302
    again = client.post("/consulta/solicitud/calificar/", {"csat": "1", "nps": "0"})
    assert again.status_code == 400
    response = SurveyResponse.objects.get()
    assert (response.csat, response.nps, response.comment) == (4, 9, "Rápido")


def test_actions_need_a_successful_lookup(defaults, client):
    case, _code = file_through_form(client)
    for url in ("/consulta/solicitud/agregar/", "/consulta/solicitud/desistir/"):
        response = client.post(url, {"add-text": "x", "confirm": "on"})
        assert response.status_code == 302
        assert response["Location"] == "/consulta/"
    case.refresh_from_db()
    assert case.status == Status.FILED
    assert case.events.count() == 1


def test_leaving_closes_access(defaults, client):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    assert client.get("/consulta/solicitud/").status_code == 200
    client.post("/consulta/salir/")
    assert client.get("/consulta/solicitud/").status_code == 302


def test_tracking_access_expires(defaults, client, settings):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    session = client.session
    session["portal_case"]["seen"] -= settings.PQRS_TRACKING_SESSION_MINUTES * 60 + 1
    session.save()
    assert client.get("/consulta/solicitud/").status_code == 302


def test_qr_link_prefills_the_filing_number(defaults, client):
    html = client.get("/consulta/?radicado=2026-000042").content.decode()
    assert 'value="2026-000042"' in html


EVIL = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_markup_in_the_tracking_form_is_escaped(defaults, client):
    html = client.post("/consulta/", {"filing_number": EVIL[:40], "code": "x"}).content.decode()
    assert "<script>alert" not in html
    assert ESCAPED[:30] in html


@pytest.mark.parametrize(
    ("url", "data"),
    [
        # Refused because the case is not waiting for a reply: the text is shown back.
        ("/consulta/solicitud/responder/", {"reply-text": EVIL}),
        # Refused because the case has no answer yet.
        ("/consulta/solicitud/calificar/", {"csat": "5", "nps": "10", "comment": EVIL}),
        # Refused because the withdrawal was not confirmed.
        ("/consulta/solicitud/desistir/", {"reason": EVIL}),
        # Refused because of the attachment.
        (
            "/consulta/solicitud/agregar/",
            {"add-text": EVIL, "add-attachments": [upload("a.pdf", b"MZ")]},
        ),
    ],
)
def test_markup_in_petitioner_forms_is_shown_back_escaped(defaults, client, url, data):
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in html
    assert ESCAPED in html
    assert case.events.count() == 1


def test_additions_to_one_case_are_rate_limited(defaults, client, settings):
    settings.PQRS_RATE_CASE_ACTIONS = "2/3600"
    case, code = file_through_form(client)
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    for n in range(2):
        response = client.post("/consulta/solicitud/agregar/", {"add-text": f"Dato {n}"})
        assert response.status_code == 302
    refused = client.post("/consulta/solicitud/agregar/", {"add-text": "Dato 3"})
    assert refused.status_code == 400
    assert "Dato 3" in refused.content.decode()
    assert case.events.count() == 3


def test_case_page_says_how_many_business_days_are_left(defaults, client, frozen):
    from conftest import at

    frozen(at(2026, 7, 10, 9))
    case, code = file_through_form(client)
    frozen(at(2026, 7, 15, 9))  # 13 Jul is a holiday (Ley 2578 de 2026): 2 business days used
    client.post("/consulta/", {"filing_number": case.filing_number, "code": code})
    html = client.get("/consulta/solicitud/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "4 de agosto de 2026 (quedan 13 días hábiles)" in html
