"""No text with an unfilled template placeholder reaches a petitioner (issue 8, item 12:
"motivo: [motivo de la demora]" was published). Every notice the lifecycle sends refuses it,
names the placeholder, and changes nothing."""

from __future__ import annotations

import pytest

from pqrs.answers.defaults import TEMPLATES
from pqrs.cases.services import (
    case_answer,
    case_extend,
    case_request_information,
    case_transfer,
)
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db

# The shipped templates' own placeholders, as an officer who did not edit them would send them.
SHIPPED = {kind: body for kind, _name, body in TEMPLATES}


def test_an_extension_notice_with_the_templates_reason_left_in_is_refused(org, working):
    body = SHIPPED["extension_notice"].replace("{{ petitioner }}", "María")
    with refused("unfilled_placeholder") as caught:
        case_extend(case=working, actor=org.lead_a, days=5, reasons=body)
    message = caught.value.message
    assert "[motivo de la demora]" in message
    assert "{{ radicado }}" in message  # a variable nobody filled is named too


@pytest.mark.parametrize(
    "send",
    [
        lambda case, org, text: case_request_information(
            case=case, actor=org.officer_a, reason="incomplete", message=text
        ),
        lambda case, org, text: case_transfer(
            case=case, actor=org.lead_a, entity_name="ICBF", reason="No es de aquí", letter=text
        ),
        lambda case, org, text: case_answer(case=case, actor=org.officer_a, body=text),
    ],
    ids=["information request", "transfer letter", "answer"],
)
def test_every_text_to_the_petitioner_is_refused_with_a_placeholder(org, working, send):
    text = "Le remitimos su solicitud a [entidad competente], que le responderá."
    with refused("unfilled_placeholder") as caught:
        send(working, org, text)
    assert "[entidad competente]" in caught.value.message


def test_brackets_that_belong_in_a_letter_are_not_placeholders(org, working):
    text = (
        "Usted escribió que «el cobro es ilegal [sic]» y citó el artículo 14 [1]; "
        "la norma dice «[…] quince días» (Ley 1755 de 2015)."
    )
    notice = case_extend(case=working, actor=org.lead_a, days=5, reasons=text)
    assert notice.body == text


def test_what_counts_as_a_placeholder():
    from pqrs.cases.placeholders import unfilled_placeholders

    assert unfilled_placeholders(SHIPPED["transfer_letter"]) == [
        "{{ petitioner }}",
        "{{ radicado }}",
        "{{ filing_date }}",
        "{{ entity }}",
        "[entidad competente]",
    ]
    assert unfilled_placeholders("a [x] b [x] {% if %} [SIC] [...] [2026] [] [ ]") == [
        "[x]",
        "{% if %}",
    ]
