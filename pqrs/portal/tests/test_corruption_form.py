"""The corruption reporting page (Ley 1474 de 2011 art. 76) speaks to a reporter, not to a
petitioner: its own example and button, and who will read the report and how the reporter is
protected."""

from __future__ import annotations

import pytest

from pqrs.accounts.models import Area

pytestmark = pytest.mark.django_db


def test_corruption_form_has_its_own_example_and_button_and_says_how_the_reporter_is_protected(
    defaults, client
):
    html = client.get("/denuncia-corrupcion/").content.decode()
    assert "Enviar denuncia" in html
    assert "Enviar mi solicitud" not in html
    assert "Poste de luz" not in html  # the general form's example
    assert "agilizar una licencia" in html
    protection = html[html.index('data-testid="reporter-protection"') :]
    protection = protection[: protection.index("</aside>")]
    assert "Control Interno Disciplinario" in protection  # who reads it
    assert "tampoco la que usted denuncia" in protection
    assert "cada vez queda registrado" in protection  # the identity is reserved even there
    assert "de forma anónima" in protection


def test_without_a_designated_area_the_page_names_no_office(defaults, client):
    Area.objects.update(receives_confidential=False)
    protection = client.get("/denuncia-corrupcion/").content.decode()
    assert "Solo la oficina encargada de estas denuncias" in protection


def test_the_general_form_keeps_its_own_wording(defaults, client):
    html = client.get("/").content.decode()
    assert "Enviar mi solicitud" in html
    assert "Poste de luz" in html
    assert "Enviar denuncia" not in html
