"""Stored reception moments the entity's time zone cannot hold (issue 8 review, finding 5).

Bogotá kept its local mean time (-4:56) before 1912: a ``received_at`` before 0001-01-01 04:56
UTC falls before year 1 there. Such rows exist where a backdated filing (issue 8, item 6) was
made before reception dates were checked. The case page and every search listing the case
answered 500, and the CSV export stopped after its header row without saying so."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from conftest import at
from pqrs.answers.defaults import templates_load
from pqrs.answers.models import AnswerTemplate
from pqrs.cases.models import Case, FilingReceipt
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring
from pqrs.desk.tests.test_bidi_display import pdf_text

pytestmark = pytest.mark.django_db

# One hour into year 1 in UTC: 19:04 on 31 December of year 0 in Bogotá.
EDGE = dt.datetime(1, 1, 1, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def ancient(org, frozen) -> Case:
    frozen(at(2026, 7, 10, 9))
    case = bring(file_case(subject="Fecha de recepción imposible"), "in_progress", org)
    Case.objects.filter(pk=case.pk).update(received_at=EDGE, received_on=dt.date(1, 1, 1))
    FilingReceipt.objects.filter(case=case).update(filed_at=EDGE)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("role", ["lead_a", "admin", "auditor"])
def test_pages_that_show_the_reception_moment_show_it_in_utc(ancient, as_user, org, role):
    client = as_user(getattr(org, role))
    shown = "01/01/0001 UTC"  # the search lists the date
    pages = {
        "case": (f"/desk/cases/{ancient.pk}/", {}, {}, "1 de enero de 0001 a las 01:00 UTC"),
        "search": ("/desk/search/", {"q": ancient.filing_number}, {}, shown),
        "live search": (
            "/desk/search/",
            {"q": "imposible"},
            {"HTTP_HX_REQUEST": "true"},
            shown,
        ),
        "receipt": (
            f"/desk/cases/{ancient.pk}/receipt/",
            {},
            {},
            "1 de enero de 0001 a las 01:00 UTC",
        ),
    }
    for sort in ("received", "-received", "queue"):
        inbox = client.get("/desk/", {"tab": "all", "sort": sort})
        assert inbox.status_code == 200, sort
        assert ancient.filing_number in inbox.content.decode(), sort
    for name, (url, params, headers, expected) in pages.items():
        response = client.get(url, params, **headers)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert expected in html, name
        assert ancient.filing_number in html, name


def test_the_export_lists_the_row_in_utc(ancient, as_user, org):
    other = file_case(subject="Recibida hoy")
    response = as_user(org.admin).get("/desk/export.csv", {"tab": "all"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {ancient.filing_number, other.filing_number}
    assert by_number[ancient.filing_number][1] == "0001-01-01T01:00+00:00"
    assert by_number[other.filing_number][1] == "2026-07-10T09:00-05:00"


def test_a_template_fills_in_the_reception_date(ancient, as_user, org):
    templates_load()
    template = AnswerTemplate.objects.get(kind="answer", name="Respuesta de fondo")
    response = as_user(org.officer_a).get(
        f"/desk/cases/{ancient.pk}/template/", {"answer-template": template.pk}
    )
    assert response.status_code == 200
    assert "1 de enero de 0001" in response.content.decode()


def test_the_constancia_pdf_shows_the_reception_moment_in_utc(ancient, as_user, org):
    response = as_user(org.lead_a).get(f"/desk/cases/{ancient.pk}/receipt.pdf")
    assert response.status_code == 200
    assert "0001 a las 01:00 UTC" in pdf_text(response.content)


def test_the_inbox_pages_past_the_row(ancient, as_user, org, settings):
    """The inbox's page cursor carries the last row's reception moment."""
    settings.PQRS_INBOX_PAGE_SIZE = 1
    newer = bring(file_case(subject="Recibida hoy"), "in_progress", org)
    client = as_user(org.admin)
    first = client.get("/desk/", {"tab": "all", "sort": "received"})
    assert ancient.filing_number in first.content.decode()
    second = client.get(f"/desk/?{first.context['next_query']}")
    assert second.status_code == 200
    assert newer.filing_number in second.content.decode()
