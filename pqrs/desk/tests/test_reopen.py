"""Issue 8, item 13: a reopened case continues under a new radicado that the petitioner follows
with the tracking code they already have, and they are told the new number by e-mail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from pqrs.cases.models import Case, Status
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import ContactDataFactory, SubmissionFactory
from pqrs.cases.tests.steps import bring
from pqrs.notifications.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Tracking lookups are rate-limited through the cache."""
    cache.clear()
    yield
    cache.clear()


def closed_case(org, **contact) -> tuple[Case, str]:
    """A case filed on the web (its code as the petitioner received it), answered and closed."""
    result = case_file(
        submission=SubmissionFactory(contact=ContactDataFactory(**contact)), actor=None
    )
    assert result.tracking_code
    return bring(result.case, Status.CLOSED, org), result.tracking_code


def reopen(client: Client, case: Case) -> Case:
    before = set(Case.objects.values_list("pk", flat=True))
    response = client.post(
        f"/desk/cases/{case.pk}/actions/reopen/",
        {"reopen-reason": "Insiste", "reopen-text": "La respuesta no resolvió el cobro."},
    )
    assert response.status_code == 302, response.content[:2000]
    (new,) = Case.objects.exclude(pk__in=before)
    return new


def track(number: str, code: str) -> str:
    """What a petitioner sees on /consulta/ with this radicado and code ("" if refused)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/consulta/", {"filing_number": number, "code": code})
    if response.status_code != 302:
        return ""
    return client.get(response["Location"]).content.decode()


def test_the_new_number_opens_with_the_code_the_petitioner_has(
    org, as_user, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    closed, code = closed_case(org, email="maria@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        new = reopen(as_user(org.lead_a), closed)
    assert new.parent_id == closed.pk

    page = track(new.filing_number, code)
    assert new.filing_number in page
    # The old radicado tells where the request went on.
    old_page = track(closed.filing_number, code)
    assert new.filing_number in old_page
    assert "follow it with this same tracking code" in old_page

    # The receipt of the new case is owed to the e-mail on file, and sent, without a code.
    delivery = Delivery.objects.get(case=new)
    assert (delivery.recipient, delivery.kind) == ("maria@example.com", "filing_receipt")
    assert delivery.status == Delivery.Status.SENT
    (sent,) = mail.outbox
    assert sent.to == ["maria@example.com"]
    assert new.filing_number in sent.subject
    assert f"This request continues request {closed.filing_number}" in sent.body
    assert "Tracking code:" not in sent.body


def test_the_petitioner_keeps_their_own_snapshot_on_the_new_case(org, as_user):
    closed, _code = closed_case(org, email="maria@example.com", phone="3105550000")
    new = reopen(as_user(org.lead_a), closed)
    assert new.contact_id != closed.contact_id
    assert new.contact.person_id == closed.contact.person_id is not None
    assert (new.contact.email, new.contact.phone) == ("maria@example.com", "3105550000")
    assert new.contact.consent_at == closed.contact.consent_at


def test_without_an_email_nothing_is_owed_and_the_officer_is_told_to_give_the_number(
    org, as_user, settings
):
    settings.LANGUAGE_CODE = "en"
    closed, code = closed_case(org, email="")
    client = as_user(org.lead_a)
    new = reopen(client, closed)
    assert not Delivery.objects.filter(case=new).exists()
    html = client.get(f"/desk/cases/{closed.pk}/").content.decode()
    assert f"tracking code of {closed.filing_number}" in html
    assert "tell them the new number" in html
    assert new.filing_number in track(new.filing_number, code)
