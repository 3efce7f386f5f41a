"""One visibility rule for every desk page: a gestor of area A cannot open, list, search or
export a case of area B, and a URL to it is a 404. A corruption denuncia is reached only by the
area that receives confidential reports and by auditors: no other lead, gestor, radicador or
administrator, by any URL, list, count, search, export or attachment."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pqrs.answers.models import AnswerTemplate
from pqrs.cases.models import Case, CaseType
from pqrs.cases.services import case_triage
from pqrs.cases.tests.factories import file_case
from pqrs.portal.tests.helpers import form_token, identified, upload

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def listed(response) -> set[str]:
    """Filing numbers of the case rows a page shows."""
    return set(re.findall(r'data-case="([^"]+)"', response.content.decode()))


@pytest.fixture
def two_cases(org):
    case_a = file_case(subject="Cobro doble del impuesto predial", text="Pago dos veces.")
    case_a = case_triage(case=case_a, actor=org.admin, area=org.area_a)
    case_b = file_case(subject="Demora en citas médicas", text="Mi cita del predial no llega.")
    case_b = case_triage(case=case_b, actor=org.admin, area=org.area_b)
    return case_a, case_b


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/login/")


def test_officer_of_area_a_cannot_open_list_search_or_export_area_b(org, two_cases, as_user):
    case_a, case_b = two_cases
    client = as_user(org.officer_a)

    assert client.get(f"/desk/cases/{case_a.pk}/").status_code == 200
    assert client.get(f"/desk/cases/{case_b.pk}/").status_code == 404
    assert client.get(f"/desk/cases/{case_b.pk}/receipt/").status_code == 404
    assert (
        client.post(f"/desk/cases/{case_b.pk}/actions/note/", {"note-text": "x"}).status_code == 404
    )

    for tab in ("all", "area", "unassigned", "due_soon", "overdue", "waiting"):
        assert case_b.filing_number not in listed(client.get(f"/desk/?tab={tab}"))
    assert listed(client.get("/desk/?tab=all")) == {case_a.filing_number}
    counts = {t["key"]: t["count"] for t in client.get("/desk/").context["tabs"]}
    assert counts["area"] == 1
    assert counts["unassigned"] == 1

    assert listed(client.get("/desk/search/", {"q": case_b.filing_number})) == set()
    # Case B's text says "predial" too; only case A may come back.
    assert listed(client.get("/desk/search/", {"q": "predial"})) == {case_a.filing_number}
    assert listed(client.get("/desk/search/", {"q": case_b.contact.id_number})) == set()
    assert listed(client.get("/desk/search/", {"q": case_b.contact.email})) == set()
    assert listed(client.get("/desk/search/", {"q": case_a.contact.email})) == {
        case_a.filing_number
    }

    exported = b"".join(client.get("/desk/export.csv?tab=all").streaming_content).decode()
    assert case_a.filing_number in exported
    assert case_b.filing_number not in exported


def test_auditor_sees_everything_but_is_offered_no_action(org, two_cases, as_user):
    case_a, case_b = two_cases
    client = as_user(org.auditor)
    assert listed(client.get("/desk/?tab=all")) == {case_a.filing_number, case_b.filing_number}
    page = client.get(f"/desk/cases/{case_b.pk}/")
    assert page.status_code == 200
    assert page.context["actions"] == []
    assert not page.context["answer"]["can_write"]
    refused = client.post(f"/desk/cases/{case_b.pk}/actions/note/", {"note-text": "x"})
    assert refused.status_code == 422
    assert case_b.events.count() == 2


def test_administrator_must_set_up_the_second_factor(org, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise delay the right one
    response = client.post("/desk/login/", {"username": "admin", "password": "x-Secret-2026"})
    assert response.status_code == 302
    assert client.get("/desk/")["Location"] == "/desk/otp/setup/"
    assert client.get("/desk/search/?q=x")["Location"] == "/desk/otp/setup/"
    assert b"<svg" not in client.get("/desk/otp/setup/").content  # not with the password alone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pqrs.accounts.services import otp_setup_link_create

    from .conftest import totp_token

    _link, token = otp_setup_link_create(user=org.admin, actor=None)
    assert client.get(f"/desk/otp/setup/{token}/")["Location"] == "/desk/otp/setup/"
    setup = client.get("/desk/otp/setup/")
    assert b"<svg" in setup.content

    device = TOTPDevice.objects.get(user=org.admin)
    assert not device.confirmed
    assert client.post("/desk/otp/setup/", {"token": "000000"}).status_code == 200
    response = client.post("/desk/otp/setup/", {"token": totp_token(device)})
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_user_with_a_device_must_enter_the_code(org, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    from .conftest import confirmed_device, totp_token

    device = confirmed_device(org.officer_a)
    client.post("/desk/login/", {"username": "gestor.a", "password": "x-Secret-2026"})
    assert client.get("/desk/")["Location"] == "/desk/otp/"
    assert client.post("/desk/otp/", {"token": "123456"}).status_code == 200
    assert client.post("/desk/otp/", {"token": totp_token(device)}).status_code == 302
    assert client.get("/desk/").status_code == 200


def test_login_is_throttled_after_repeated_failures(org, client):
    for _ in range(5):
        client.post("/desk/login/", {"username": "gestor.a", "password": "wrong"})
    locked = client.post("/desk/login/", {"username": "gestor.a", "password": "x-Secret-2026"})
    assert locked.status_code == 429


def test_django_admin_also_needs_the_second_factor(org, client):
    from pqrs.accounts.models import User

    from .conftest import confirmed_device, totp_token

    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    device = confirmed_device(org.admin)
    client.post("/desk/login/", {"username": "admin", "password": "x-Secret-2026"})
    assert client.get("/admin/").status_code == 302  # password alone is not enough
    client.post("/desk/otp/", {"token": totp_token(device)})
    assert client.get("/admin/").status_code == 200


# --- corruption denuncias: only the area that receives them, and auditors -----------------------
REPORTER = {
    "full_name": "Marta Lucía Quintero",
    "id_number": "52998877",
    "email": "marta@example.com",
}


def file_denuncia(**overrides) -> Case:
    """An identified corruption report with evidence, filed on /denuncia-corrupcion/."""
    reporter = Client()
    token = form_token(reporter, "/denuncia-corrupcion/")
    data = identified(
        token,
        case_type="denuncia",
        subject="Cobro por agilizar licencias",
        text="El jefe de Hacienda pide dinero por radicar las licencias de construcción.",
        attachments=upload("prueba.pdf", PDF_BYTES, "application/pdf"),
        **REPORTER,
    )
    data.update(overrides)
    response = reporter.post("/denuncia-corrupcion/", data)
    assert response.status_code == 302, response.content[:300]
    return Case.objects.filter(case_type__code="denuncia").latest("pk")


@pytest.mark.parametrize("who", ["lead_a", "officer_a", "lead_b", "officer_b", "clerk", "admin"])
def test_nobody_outside_the_confidential_area_reaches_a_denuncia(org, as_user, who):
    denuncia = file_denuncia()
    pk = denuncia.pk
    attachment = denuncia.attachments.get()
    client = as_user(getattr(org, who))

    for url in (
        f"/desk/cases/{pk}/",
        f"/desk/cases/{pk}/receipt/",
        f"/desk/cases/{pk}/receipt.pdf",
        f"/desk/cases/{pk}/attachments/{attachment.pk}/",
        f"/desk/cases/{pk}/template/?template={AnswerTemplate.objects.first().pk}",
    ):
        assert client.get(url).status_code == 404, url
    peticion = CaseType.objects.get(code="peticion").pk
    for url, data in (
        (
            f"/desk/cases/{pk}/actions/triage/",
            {"triage-case_type": peticion, "triage-area": org.area_a.pk, "triage-priority": 0},
        ),
        (f"/desk/cases/{pk}/actions/withdraw/", {"withdraw-reason": "Desiste"}),
        (f"/desk/cases/{pk}/actions/note/", {"note-text": "Visto"}),
        (f"/desk/cases/{pk}/answer/save/", {"answer-body": "Respuesta"}),
        (f"/desk/cases/{pk}/receipt/email/", {}),
        (f"/desk/cases/{pk}/identity/", {"reveal-reason": "Curiosidad"}),
    ):
        assert client.post(url, data).status_code == 404, url
    client.post(
        "/desk/bulk/",
        {"ids": [pk], "operation": "move", "area": org.area_a.pk, "reason": "Es de Hacienda"},
    )

    for tab in ("all", "mine", "area", "unassigned", "due_soon", "overdue", "waiting"):
        assert denuncia.filing_number not in listed(client.get(f"/desk/?tab={tab}"))
    counts = {t["key"]: t["count"] for t in client.get("/desk/?tab=all").context["tabs"]}
    assert set(counts.values()) <= {0, None}, counts  # the denuncia is the only case

    for query in (
        denuncia.filing_number,
        "licencias",
        REPORTER["full_name"],
        REPORTER["id_number"],
        REPORTER["email"],
    ):
        assert listed(client.get("/desk/search/", {"q": query})) == set(), query
    exported = b"".join(client.get("/desk/export.csv?tab=all").streaming_content).decode()
    assert denuncia.filing_number not in exported
    assert REPORTER["full_name"] not in exported

    denuncia.refresh_from_db()
    assert denuncia.events.count() == 1  # nothing was done to it
    assert denuncia.area is None or denuncia.area.receives_confidential


def test_django_admin_does_not_list_denuncias_either(org, client):
    from pqrs.accounts.models import User

    from .conftest import confirmed_device, totp_token

    denuncia = file_denuncia()
    ordinary = file_case(subject="Alumbrado público")
    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    device = confirmed_device(org.admin)
    client.post("/desk/login/", {"username": "admin", "password": "x-Secret-2026"})
    client.post("/desk/otp/", {"token": totp_token(device)})
    cases = client.get("/admin/cases/case/").content.decode()
    assert ordinary.filing_number in cases
    assert denuncia.filing_number not in cases
    assert client.get(f"/admin/cases/case/{denuncia.pk}/change/").status_code == 302  # not found
    people = client.get("/admin/cases/contact/", {"q": REPORTER["id_number"]}).content.decode()
    assert REPORTER["full_name"] not in people
    assert denuncia.deliveries.exists()  # the reporter's receipt e-mail
    sent = client.get("/admin/notifications/delivery/", {"q": REPORTER["email"]}).content.decode()
    assert REPORTER["email"] not in sent.replace(f'value="{REPORTER["email"]}"', "")
