"""One entity identity, printed by every page and document (issue 8, item 11: letters said
"no es competencia de Entidad" while the portal said another name)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from pqrs.answers import services as answers
from pqrs.answers.models import Delivery
from pqrs.answers.tasks import send_delivery
from pqrs.answers.tests.test_letter_entity import SITE_NAME, letter_text, pdf_text, shipped
from pqrs.answers.tests.test_letter_entity import case as case
from pqrs.cases.models import Communication
from pqrs.core.models import Entity
from pqrs.core.selectors import entity
from pqrs.desk.tests.conftest import login
from pqrs.documents.receipts import filing_receipt_pdf
from pqrs.portal.tests.helpers import form_token, identified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_changing_the_entity_once_changes_every_page_and_document(
    org, case, client, set_entity, django_capture_on_commit_callbacks
):
    set_entity(
        name="Alcaldía de Sogamoso",
        nit="891.855.138-1",
        postal_address="Calle 11 # 11-39",
        city="Sogamoso",
        phone="(608) 770 2000",
        email="pqrsd@sogamoso.example",
        website="https://sogamoso.example",
    )
    contact = "NIT 891.855.138-1 · Calle 11 # 11-39, Sogamoso · Teléfono (608) 770 2000"

    # The portal: header, footer and the data policy (Decreto 1377 de 2013 art. 13 asks for
    # the controller's name, address, e-mail and phone).
    home = client.get("/").content.decode()
    assert SITE_NAME.search(home).group(1) == "Alcaldía de Sogamoso"
    assert contact in home
    policy = client.get("/politica-de-datos/").content.decode()
    assert "Alcaldía de Sogamoso es responsable" in policy
    assert "pqrsd@sogamoso.example" in policy

    # The shipped transfer notice and the answer letter.
    transfer = answers.template_render(
        template=shipped(Communication.Kind.TRANSFER_LETTER), case=case, actor=org.lead_a
    )
    assert "no es competencia de Alcaldía de Sogamoso." in transfer
    letter = letter_text(org, case)
    assert "Alcaldía de Sogamoso" in letter
    assert contact in letter
    send_delivery.apply(args=[Delivery.objects.get().pk])  # the answer's e-mail is signed
    (answer_mail,) = mail.outbox
    assert f"Se accede a lo pedido.\n\n-- \nAlcaldía de Sogamoso\n{contact}" in answer_mail.body
    mail.outbox.clear()

    # The constancia (PDF) and the receipt e-mail of a web filing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/", identified(form_token(client), email="ana@example.com"))
    (sent,) = [m for m in mail.outbox if m.to == ["ana@example.com"]]
    assert "Alcaldía de Sogamoso recibió su solicitud" in sent.body
    assert contact in sent.body
    constancia = pdf_text(sent.attachments[0][1])
    assert "Alcaldía de Sogamoso" in constancia
    assert contact in constancia
    assert "Alcaldía de Sogamoso" in pdf_text(
        filing_receipt_pdf(case=case, tracking_code=None, base_url="http://x/")
    )

    # The desk's printable receipt.
    desk = login(Client(), org.lead_a)
    receipt = desk.get(f"/desk/cases/{case.pk}/receipt/").content.decode()
    assert "Alcaldía de Sogamoso" in receipt
    assert contact in receipt


def test_the_administrator_edits_the_one_row_in_the_admin_and_pages_follow_at_once(
    org, client, django_capture_on_commit_callbacks
):
    from pqrs.accounts.models import User

    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    admin = login(Client(), org.admin)
    assert "Entidad de demostración" in client.get("/").content.decode()  # cached now

    listing = admin.get("/admin/core/entity/")
    assert listing.status_code == 302
    assert listing["Location"] == "/admin/core/entity/1/change/"  # no list of one row
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/core/entity/1/change/",
            {
                "name": "Hospital San Rafael de Tunja",
                "nit": "",
                "postal_address": "",
                "city": "",
                "phone": "",
                "email": "",
                "website": "",
            },
        )
    assert response.status_code == 302
    assert SITE_NAME.search(client.get("/").content.decode()).group(1) == (
        "Hospital San Rafael de Tunja"
    )
    assert admin.get("/admin/core/entity/add/").status_code == 403  # one row only
    assert admin.post("/admin/core/entity/1/delete/").status_code == 403
    assert Entity.objects.get().name == "Hospital San Rafael de Tunja"


def test_without_its_row_the_entity_is_the_initial_name_from_the_settings(settings):
    Entity.objects.all().delete()
    settings.PQRS_ENTITY_NAME = "Personería de Duitama"
    assert entity().name == "Personería de Duitama"
    assert entity().contact_line == ""
