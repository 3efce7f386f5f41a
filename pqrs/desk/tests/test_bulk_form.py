"""The inbox's bulk action is validated by a form (issue 8 review, finding 3): a NUL byte in the
reason for a move reached the event's jsonb and answered 500 on PostgreSQL."""

from __future__ import annotations

import pytest

from pqrs.cases.models import Case
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Es de\x00 Salud", "El motivo del traslado tiene caracteres que no son válidos."),
        ("x" * 2_001, "El motivo del traslado es demasiado largo: escriba como máximo 2000"),
    ],
)
def test_a_move_with_a_reason_that_cannot_be_kept_moves_nothing_and_says_why(
    org, as_user, reason, message
):
    case = bring(file_case(), "triaged", org)
    response = as_user(org.lead_a).post(
        "/desk/bulk/",
        {"operation": "move", "ids": [case.pk], "area": org.area_b.pk, "reason": reason},
        follow=True,
    )
    assert response.status_code == 200
    assert any(message in str(m) for m in response.context["messages"])
    assert Case.objects.get(pk=case.pk).area == org.area_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"operation": "assign"}, "Seleccione al menos una solicitud."),
        ({"operation": "assign", "ids": [str(n) for n in range(1, 202)]}, "como máximo 200"),
        ({"operation": "erase", "ids": ["1"]}, "Elija qué hacer con las solicitudes"),
        ({"operation": "assign", "ids": ["1"], "assignee": str(2**63)}, "Elija a quién asignar"),
        ({"operation": "move", "ids": ["1"]}, "Elija la dependencia"),
    ],
)
def test_what_is_missing_from_a_bulk_action_is_said(org, as_user, data, message):
    response = as_user(org.lead_a).post("/desk/bulk/", data, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(message in m for m in shown), shown
