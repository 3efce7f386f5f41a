"""Backdated staff filings (issue 8, item 6): a reception date typed as 0001-01-02 made /desk/
answer 500 for every lead, the radicador, auditors and admins, and years typed wrong made
numbers like 1900-000001 and 2025-000001 in 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import at
from pqrs.cases.models import Case
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring

from .test_staff_filing import form_data

pytestmark = pytest.mark.django_db

ROLES = ("admin", "clerk", "lead_a", "lead_b", "officer_a", "auditor")


@pytest.mark.parametrize("typed", ["0001-01-02T00:00", "1900-01-05T10:00", "2025-12-01T10:00"])
def test_a_reception_before_the_window_is_refused_next_to_its_field(org, frozen, as_user, typed):
    frozen(at(2026, 1, 5, 9))
    client = as_user(org.clerk)
    response = client.post("/desk/file/", form_data(received_at=typed))
    assert response.status_code == 200
    (message,) = response.context["form"].errors["received_at"]
    assert "06/12/2025" in message
    assert "Revise la fecha" in message
    assert not Case.objects.exists()
    # The clerk sees the inbox as before.
    assert client.get("/desk/").status_code == 200


def test_a_late_letter_takes_the_number_of_the_year_it_is_filed_in(org, frozen, as_user):
    frozen(at(2026, 1, 5, 9))
    response = as_user(org.clerk).post(
        "/desk/file/", form_data(received_at="2025-12-30T10:00", email_receipt="")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.filing_number == "2026-000001"
    assert case.received_on == dt.date(2025, 12, 30)


@pytest.mark.parametrize("role", ROLES)
def test_the_inbox_lists_a_case_whose_stored_reception_date_is_absurd(org, frozen, as_user, role):
    """Rows written before this fix still hold such dates: every inbox that lists them, and
    the case page, must show them."""
    frozen(at(2026, 7, 10, 9))
    unrouted = file_case()
    working = bring(file_case(), "in_progress", org)
    for case, day in ((unrouted, dt.date(1, 1, 2)), (working, dt.date(9999, 12, 30))):
        Case.objects.filter(pk=case.pk).update(received_on=day, due_date=day)
    client = as_user(getattr(org, role))
    seen = 0
    for tab in ("area", "mine", "unassigned", "overdue", "all"):
        response = client.get("/desk/", {"tab": tab})
        assert response.status_code == 200, tab
        html = response.content.decode()
        seen += html.count('data-light="unknown"')
    assert seen  # every role lists at least one of them
    for case in (unrouted, working):
        page = client.get(f"/desk/cases/{case.pk}/")
        assert page.status_code in (200, 404)
