"""After an action that takes a case out of what the user may see, the desk returns to the
inbox and says where the case went, instead of "Page not found" (issue 8, item 10)."""

from __future__ import annotations

import pytest

from pqrs.cases.models import Case, CaseType
from pqrs.cases.services import case_triage
from pqrs.cases.tests.factories import file_case

pytestmark = pytest.mark.django_db


def _triage_into(area) -> dict[str, object]:
    peticion = CaseType.objects.get(code="peticion")
    return {"triage-case_type": peticion.pk, "triage-area": area.pk, "triage-priority": 0}


@pytest.mark.parametrize("hx", [False, True])
def test_the_radicador_triages_a_case_into_an_area_and_lands_in_the_inbox(org, as_user, hx):
    case = file_case()  # filed on the web: the radicador sees it only while unclassified
    client = as_user(org.clerk)
    headers = {"HTTP_HX_REQUEST": "true"} if hx else {}
    response = client.post(
        f"/desk/cases/{case.pk}/actions/triage/", _triage_into(org.area_b), **headers
    )
    target = response["HX-Redirect"] if hx else response["Location"]
    assert target == "/desk/"
    page = client.get(target)
    assert page.status_code == 200
    assert (
        f"La solicitud {case.filing_number} quedó en la dependencia Salud y ya no está en su "
        "bandeja." in page.content.decode()
    )
    assert Case.objects.get(pk=case.pk).area == org.area_b


def test_a_lead_moves_a_case_to_another_area_and_lands_in_the_inbox(org, as_user):
    case = case_triage(case=file_case(), actor=org.admin, area=org.area_a)
    client = as_user(org.lead_a)
    response = client.post(
        f"/desk/cases/{case.pk}/actions/move/",
        {"move-area": org.area_b.pk, "move-reason": "Es de salud pública"},
        follow=True,
    )
    assert response.redirect_chain[-1] == ("/desk/", 302)
    html = response.content.decode()
    assert "Solicitud trasladada a Salud." in html
    assert "quedó en la dependencia Salud" in html


def test_an_action_that_keeps_the_case_in_view_stays_on_its_page(org, as_user):
    case = file_case()
    client = as_user(org.lead_a)
    response = client.post(f"/desk/cases/{case.pk}/actions/triage/", _triage_into(org.area_a))
    assert response["Location"] == f"/desk/cases/{case.pk}/"


def test_a_bulk_move_says_where_the_cases_went(org, as_user):
    cases = [case_triage(case=file_case(), actor=org.admin, area=org.area_a) for _ in range(2)]
    client = as_user(org.lead_a)
    response = client.post(
        "/desk/bulk/",
        {
            "ids": [c.pk for c in cases],
            "operation": "move",
            "area": org.area_b.pk,
            "reason": "Salud pública",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "2 solicitud(es) trasladada(s) a la dependencia Salud." in response.content.decode()
