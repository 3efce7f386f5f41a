"""An action sent from a page left open after someone else changed the case (issue 8 review,
finding 2). Action forms post through HTMX, so this is the usual way a stale action arrives:
assign, move, extend or request information on a case closed meanwhile answered 500."""

from __future__ import annotations

import pytest

from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring

pytestmark = pytest.mark.django_db

GONE = "Esta acción no está disponible para esta solicitud en este momento."
HTMX = {"HTTP_HX_REQUEST": "true"}
FORMS = {
    "assign": {"assign-assignee": "officer_a"},
    "move": {"move-area": "area_b", "move-reason": "Es de Salud"},
    "extend": {"extend-days": "5", "extend-reasons": "Falta un concepto técnico."},
    "request_info": {"request_info-reason": "missing_info", "request_info-message": "Aclare."},
}


def filled(org, name: str) -> dict[str, str]:
    return {
        field: str(getattr(org, value).pk) if hasattr(org, value) else value
        for field, value in FORMS[name].items()
    }


@pytest.mark.parametrize("name", FORMS)
def test_an_action_on_a_case_closed_meanwhile_reloads_the_case_with_a_message(org, as_user, name):
    case = bring(file_case(), "closed", org)
    client = as_user(org.lead_a)
    url = f"/desk/cases/{case.pk}/actions/{name}/"
    response = client.post(url, filled(org, name), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/desk/cases/{case.pk}/"
    assert GONE in client.get(response["HX-Redirect"]).content.decode()


def test_without_htmx_the_case_page_says_it(org, as_user):
    case = bring(file_case(), "closed", org)
    response = as_user(org.lead_a).post(
        f"/desk/cases/{case.pk}/actions/assign/", filled(org, "assign")
    )
    assert response.status_code == 422
    assert GONE in response.content.decode()
