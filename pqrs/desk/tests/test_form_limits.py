"""The desk's free-text fields say their maximum length and refuse longer text with a
message, not a server error (issue 8, item 9)."""

from __future__ import annotations

import pytest

from conftest import at
from pqrs.cases.models import Case, Status
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring

from .test_staff_filing import form_data

pytestmark = pytest.mark.django_db


def test_the_desk_forms_say_the_limit_next_to_the_field(org, as_user):
    working = bring(file_case(), Status.IN_PROGRESS, org)
    client = as_user(org.officer_a)
    page = client.get(f"/desk/cases/{working.pk}/").content.decode()
    assert 'maxlength="20000"' in page  # the browser stops typing there
    response = client.post(f"/desk/cases/{working.pk}/actions/note/", {"note-text": "x" * 20_001})
    assert response.status_code == 422
    assert "20000" in response.content.decode()
    assert not working.events.filter(kind="note").exists()


def test_an_over_long_e_mail_on_the_staff_form_is_refused_not_a_server_error(org, frozen, as_user):
    frozen(at(2026, 7, 10, 9, 30))
    response = as_user(org.clerk).post(
        "/desk/file/", form_data(email="a" * 250 + "@example.com", email_receipt="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Case.objects.exists()
