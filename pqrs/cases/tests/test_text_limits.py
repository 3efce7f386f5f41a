"""Staff free text has a maximum length in the services too, so no way in bypasses the forms'
limits (issue 8, item 9: the desk's text fields had none)."""

from __future__ import annotations

import pytest

from pqrs.cases.models import Case
from pqrs.cases.services import case_add_note, case_file, case_move, case_transfer
from pqrs.cases.services.filing import FilingError
from pqrs.cases.tests.factories import SubmissionFactory, file_case
from pqrs.cases.tests.steps import refused

pytestmark = pytest.mark.django_db


def test_over_long_staff_text_is_refused_by_the_services(org, working):
    with refused("too_long") as caught:
        case_add_note(case=working, actor=org.officer_a, text="x" * 20_001)
    assert "20000" in caught.value.message
    with refused("too_long"):
        case_move(case=working, actor=org.lead_a, area=org.area_b, reason="x" * 2_001)
    with refused("too_long"):
        case_transfer(
            case=working, actor=org.lead_a, entity_name="E" * 201, reason="No", letter="Carta"
        )
    case_add_note(case=working, actor=org.officer_a, text="x" * 20_000)  # the limit itself


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("subject", {"subject": "s" * 301}),
        ("text", {"text": "t" * 20_001}),
        ("verbal_answer", {"verbal_answer": "v" * 20_001}),
    ],
)
def test_an_over_long_filing_is_refused_field_by_field(org, field, overrides):
    """A subject over its column's 300 characters reached PostgreSQL ("value too long")."""
    submission = SubmissionFactory(**overrides)
    with pytest.raises(FilingError) as caught:
        case_file(submission=submission, actor=org.clerk)
    assert set(caught.value.errors) == {field}
    assert not Case.objects.exists()
    assert file_case().filing_number.endswith("000001")
