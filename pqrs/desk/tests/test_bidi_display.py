"""Right-to-left override characters in names, subjects and file names do not reorder what
staff and petitioners see: pages, PDFs and download names (issue 8, item 9). A file named
"factura" + U+202E + "fdp.exe" showed as "facturaexe.pdf"."""

from __future__ import annotations

import io
import re
import time

import pytest
from pypdf import PdfReader

from pqrs.answers import services as answer_services
from pqrs.answers.models import AnswerSettings
from pqrs.cases.models import Case, InfoRequestReason
from pqrs.cases.services import (
    case_add_note,
    case_petitioner_reply,
    case_request_information,
    case_triage,
)
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.tests.factories import ContactDataFactory, file_case
from pqrs.cases.tests.steps import bring, reload
from pqrs.portal.views.common import CASE_KEY

pytestmark = pytest.mark.django_db

RLO = "\u202e"
SPOOFED_FILE = f"factura{RLO}fdp.exe"
# Embeddings and overrides, isolates, and the directional marks.
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ENCODED = ("%E2%80%AE", "%e2%80%ae")


def spoofed_case(org) -> Case:
    contact = ContactDataFactory(full_name=f"Ana {RLO}zeréP", id_number="998877")
    case = file_case(
        actor=org.clerk,
        contact=contact,
        subject=f"Cobro {RLO}odalpmi\u2066 y factura\u2069",
        text=f"Adjunto la factura {RLO}fdp.exe",
        attachments=(AttachmentData(SPOOFED_FILE, b"%PDF-1.4 prueba", "application/pdf"),),
    )
    # Another case of the same person, for the case page's "other cases".
    file_case(actor=org.clerk, contact=contact, subject=f"Otra {RLO}dutisilos")
    return case_triage(case=case, actor=org.admin, area=org.area_a)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_desk_lists_and_the_case_page_show_no_reordering_characters(org, as_user):
    case = spoofed_case(org)
    client = as_user(org.lead_a)
    pages = {
        "inbox": client.get("/desk/", {"tab": "all"}),
        "search": client.get("/desk/search/", {"q": "998877"}),
        "live search": client.get("/desk/search/", {"q": "998877"}, HTTP_HX_REQUEST="true"),
        "case": client.get(f"/desk/cases/{case.pk}/"),
        "receipt": client.get(f"/desk/cases/{case.pk}/receipt/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert not CONTROLS.search(html), name
        assert "Cobro odalpmi y factura" in html, name
    case_page = pages["case"].content.decode()
    assert "facturafdp.exe" in case_page  # the real extension shows where it is
    assert "Ana zeréP" in case_page
    assert "Otra dutisilos" in case_page

    download = client.get(f"/desk/cases/{case.pk}/attachments/{case.attachments.get().pk}/")
    disposition = download["Content-Disposition"]
    assert RLO not in disposition
    assert not any(code in disposition for code in ENCODED)
    assert "facturafdp.exe" in disposition

    exported = b"".join(client.get("/desk/export.csv?tab=all").streaming_content).decode()
    assert RLO not in exported


def test_pdfs_show_no_reordering_characters(org, as_user):
    case = spoofed_case(org)
    text = pdf_text(as_user(org.lead_a).get(f"/desk/cases/{case.pk}/receipt.pdf").content)
    # The PDF holds glyphs in the order they are drawn, not the characters: a spoofed name
    # comes out as it shows ("Ana Pérez"), never with the control character itself.
    assert "Ana zeréP" in text
    assert "Pérez" not in text


# "Calle 10 # 5-32 Carrera" and "Tunja" as the override shows them.
SPOOFED_ADDRESS = f"Calle {RLO}23-5 # 01 arerraC"
SPOOFED_CITY = f"{RLO}ajnuT"


def worked_spoofed_case(org) -> Case:
    """A case whose petitioner data, request for information, petitioner reply and internal
    note all carry an override."""
    contact = ContactDataFactory(
        full_name="Ana Ruiz", address=SPOOFED_ADDRESS, city=SPOOFED_CITY, phone=f"300{RLO}987"
    )
    case = bring(file_case(actor=org.clerk, contact=contact), "in_progress", org)
    case_request_information(
        case=case,
        actor=org.officer_a,
        reason=InfoRequestReason.values[0],
        message=f"Envíe la {RLO}arutcaf firmada.",
    )
    case_petitioner_reply(case=reload(case), text=f"Adjunto la {RLO}fdp.exe")
    case_add_note(case=reload(case), actor=org.lead_a, text=f"Revisar {RLO}oveun")
    return reload(case)


def test_the_case_page_and_the_constancia_show_no_reordering_characters(org, as_user):
    case = worked_spoofed_case(org)
    client = as_user(org.lead_a)
    for url in (f"/desk/cases/{case.pk}/", f"/desk/cases/{case.pk}/receipt/"):
        html = client.get(url).content.decode()
        assert not CONTROLS.search(html), url
        assert "Calle 23-5 # 01 arerraC" in html, url
    page = client.get(f"/desk/cases/{case.pk}/").content.decode()
    for shown in ("ajnuT", "300987", "arutcaf firmada", "Adjunto la fdp.exe", "Revisar oveun"):
        assert shown in page


def test_the_answer_letter_shows_no_reordering_characters(org, as_user):
    case = worked_spoofed_case(org)
    AnswerSettings.objects.update_or_create(pk=1, defaults={"approval_required": False})
    draft = answer_services.draft_save(
        case=case, actor=org.officer_a, body=f"Sobre su {RLO}arutcaf: se accede."
    )
    answer_services.answer_send(draft=draft, actor=org.officer_a)
    letter = case.attachments.get(original_name__startswith="respuesta-")
    text = pdf_text(letter.file.read())
    assert "arutcaf: se accede" in text
    assert "factura" not in text
    assert "arerraC" in text
    assert "Carrera" not in text
    assert "Tunja" not in text


def test_the_petitioners_page_and_downloads_show_no_reordering_characters(org, client):
    case = spoofed_case(org)
    session = client.session
    session[CASE_KEY] = {"id": case.pk, "seen": time.time()}
    session.save()
    html = client.get("/consulta/solicitud/").content.decode()
    assert not CONTROLS.search(html)
    assert "Cobro odalpmi y factura" in html
    assert "facturafdp.exe" in html
    attachment = case.attachments.get()
    disposition = client.get(f"/consulta/solicitud/adjunto/{attachment.pk}/")["Content-Disposition"]
    assert RLO not in disposition
    assert not any(code in disposition for code in ENCODED)


def test_right_to_left_names_keep_their_letters():
    from pqrs.core.text import BIDI_CONTROLS, without_bidi_controls

    assert without_bidi_controls("\u200fשרה כהן\u200e (CC 1)") == "שרה כהן (CC 1)"
    assert without_bidi_controls("".join(sorted(BIDI_CONTROLS))) == ""
    assert CONTROLS.findall("".join(sorted(BIDI_CONTROLS))) == sorted(BIDI_CONTROLS)
