"""Hostile values in every parameter a desk or portal URL reads: no page answers 500, and
where a person typed the value they are told what is wrong (issue 8, item 7).

The table names each URL's parameters with their kind; each kind gets the values that can
break that kind of parameter. Every role walks every URL, and the failures are collected so
one run lists them all."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pqrs.accounts.models import Area
from pqrs.cases.models import Case, CaseType, Channel
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring
from pqrs.portal.tests.helpers import form_token, identified

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The portal walk files and tracks dozens of times from one address: its rate-limit
    counters must not reach the next test in this process."""
    cache.clear()
    yield
    cache.clear()


def _cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


NUL = "a\x00b"
LONG = "x" * 60_000
VALUES: dict[str, dict[str, str]] = {
    # An id or a number chosen from a list.
    "int": {
        "2**63": str(2**63),
        "10**30": str(10**30),
        "-1": "-1",
        "abc": "abc",
        "superscript": "²",
        "nul": NUL,
        "60k": LONG,
    },
    # One of a fixed set of words (tab, sort, operation).
    "choice": {"abc": "abc", "nul": NUL, "60k": LONG},
    # What a person types.
    "text": {
        "nul": NUL,
        "60k": LONG,
        "60k-words": "a " * 30_000,
        "dashes": "-" * 40,
    },
    # The inbox's page cursor, which comes back in the URL.
    "cursor": {
        "garbage": "!!not-a-cursor",
        "huge-ints": _cursor([10**30, None, "2026-01-01T00:00:00-05:00", 2**63]),
        "naive-times": _cursor([0, "0001-01-01", "0001-01-01T00:00:00", -(2**63)]),
        "wrong-types": _cursor([[1], {"a": 1}, True, 1.5]),
        "deep": base64.urlsafe_b64encode(b"[" * 3000).decode(),
        "nul": NUL,
    },
}
INBOX = {
    "tab": "choice",
    "sort": "choice",
    "type": "int",
    "channel": "int",
    "priority": "int",
    "cursor": "cursor",
}
ROLES = ("admin", "clerk", "lead_a", "officer_a", "auditor")


def _gets(case: Case) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(URL, its parameters and their kinds, extra headers)."""
    return [
        ("/desk/", INBOX, {}),
        ("/desk/", {"cursor": "cursor", "type": "int"}, {"HTTP_HX_REQUEST": "true"}),
        ("/desk/export.csv", INBOX, {}),
        ("/desk/search/", {"q": "text"}, {}),
        ("/desk/search/", {"q": "text"}, {"HTTP_HX_REQUEST": "true"}),
        (f"/desk/cases/{case.pk}/template/", {"template": "int", "answer-template": "int"}, {}),
    ]


def _paths(case: Case) -> list[str]:
    """URLs with an integer in the path ("{}"; the URL patterns take only digits)."""
    return [
        "/desk/cases/{}/",
        "/desk/cases/{}/receipt/",
        "/desk/cases/{}/receipt.pdf",
        f"/desk/cases/{case.pk}/attachments/{{}}/",
        "/consulta/solicitud/adjunto/{}/",
    ]


def _posts(
    case: Case, spare: Case, elsewhere: Area
) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(URL, fields and their kinds, the other fields). ``spare`` is a case the walk may move
    to ``elsewhere`` (a valid area, with a reason that passes)."""
    actions = f"/desk/cases/{case.pk}/actions"
    return [
        ("/desk/bulk/", {"ids": "int", "assignee": "int"}, {"operation": "assign", "ids": "1"}),
        (
            "/desk/bulk/",
            {"area": "int", "reason": "text", "back": "text", "operation": "choice"},
            {"operation": "move", "ids": str(case.pk)},
        ),
        (
            "/desk/bulk/",
            {"reason": "text"},
            {"operation": "move", "ids": str(spare.pk), "area": str(elsewhere.pk)},
        ),
        (
            f"{actions}/triage/",
            {"triage-case_type": "int", "triage-area": "int", "triage-priority": "int"},
            {
                "triage-case_type": str(CaseType.objects.get(code="peticion").pk),
                "triage-priority": "0",
            },
        ),
        (f"{actions}/assign/", {"assign-assignee": "int"}, {}),
        (f"{actions}/move/", {"move-area": "int", "move-reason": "text"}, {"move-reason": "Otra"}),
        (
            f"{actions}/extend/",
            {"extend-days": "int", "extend-reasons": "text"},
            {"extend-days": "2", "extend-reasons": "Demora"},
        ),
        (f"{actions}/note/", {"note-text": "text"}, {}),
        (f"{actions}/merge/", {"merge-into": "text"}, {"merge-reason": "Igual"}),
        (
            f"/desk/cases/{case.pk}/answer/save/",
            {"answer-body": "text", "answer-template": "int"},
            {"answer-body": "Respuesta"},
        ),
        (f"/desk/cases/{case.pk}/answer/approve/", {"review-comment": "text"}, {}),
        (
            "/desk/file/",
            {
                "channel": "int",
                "case_type": "int",
                "topic": "int",
                "received_at": "choice",
                "subject": "text",
                "text": "text",
                "full_name": "text",
                "email": "text",
                "idempotency_key": "text",
            },
            _filing(),
        ),
    ]


def _filing() -> dict[str, str]:
    """A staff filing that would be filed as it is."""
    return {
        "channel": str(Channel.objects.get(code="telefono").pk),
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "case_type": str(CaseType.objects.get(code="peticion").pk),
        "full_name": "Ana Ruiz",
        "subject": "Horario",
        "text": "Pregunta por el horario.",
        "idempotency_key": "hostile",
    }


def _status(client: Client, method: str, url: str, data: Any, **headers: str) -> int | str:
    try:
        response = getattr(client, method)(url, data, **headers)
    except Exception as error:  # every crash is a finding to report
        return f"{type(error).__name__}: {str(error)[:120]}"
    return int(response.status_code)


def _walk(
    client: Client,
    method: str,
    table: list[tuple[str, dict[str, str], dict[str, str]]],
    allowed: set[int],
    failures: list[str],
    **headers: str,
) -> None:
    """GET tables give each URL's headers; POST tables its other fields, and ``headers`` are
    sent with every POST."""
    for url, params, extra in table:
        for param, kind in params.items():
            for label, value in VALUES[kind].items():
                if method == "get":
                    status = _status(client, "get", url, {param: value}, **extra)
                else:
                    status = _status(client, "post", url, {**extra, param: value}, **headers)
                if status not in allowed:
                    how = " (htmx)" if headers else ""
                    failures.append(f"{method.upper()}{how} {url} {param}={label}: {status}")


@pytest.mark.parametrize("role", ROLES)
def test_no_desk_page_fails_on_hostile_values(org, role):
    case = bring(file_case(), "in_progress", org)
    spare = bring(file_case(), "triaged", org)
    client = Client(raise_request_exception=True)
    login(client, getattr(org, role))
    failures: list[str] = []
    _walk(client, "get", _gets(case), {200, 302, 400, 404}, failures)
    posted = {200, 302, 400, 403, 404, 422}
    _walk(client, "post", _posts(case, spare, org.area_b), posted, failures)
    # Action forms post through HTMX: a page left open while the case changed is the usual way
    # an action that is no longer offered arrives.
    _walk(client, "post", _posts(case, spare, org.area_b), posted, failures, HTTP_HX_REQUEST="true")
    for label in ("2**63", "10**30"):
        for url in _paths(case):
            status = _status(client, "get", url.format(VALUES["int"][label]), {})
            if status not in (302, 404):
                failures.append(f"GET {url.format(label)}: {status}")
    assert not failures, "\n".join(failures)


def test_no_portal_page_fails_on_hostile_values(defaults, client):
    client.raise_request_exception = True
    failures: list[str] = []
    gets: list[tuple[str, dict[str, str], dict[str, str]]] = [
        ("/consulta/", {"radicado": "text"}, {}),
        ("/consulta/solicitud/", {"x": "text"}, {}),
        ("/", {"tipo": "choice"}, {}),
    ]
    _walk(client, "get", gets, {200, 302, 404}, failures)
    posts: list[tuple[str, dict[str, str], dict[str, str]]] = [
        (
            "/consulta/",
            {"filing_number": "text", "code": "text"},
            {"filing_number": "2026-000001", "code": "ABCDEFGHJK"},
        ),
        (
            "/",
            {
                "case_type": "choice",
                "subject": "text",
                "text": "text",
                "full_name": "text",
                "email": "text",
                "form_token": "text",
            },
            identified(form_token(client)),
        ),
    ]
    _walk(client, "post", posts, {200, 302, 400, 429}, failures)
    for label, value in VALUES["text"].items():
        for url in ("/constancia/{}/", "/constancia/{}/pdf/"):
            status = _status(client, "get", url.format(value), {})
            if status not in (302, 404, 410):
                failures.append(f"GET {url.format(label)}: {status}")
    assert not failures, "\n".join(failures)


SEARCH_MESSAGES = {
    "60k": "demasiado largo",
    "60k-words": "demasiado largo",
    "nul": "caracteres que no son válidos",
}


@pytest.mark.parametrize("label", SEARCH_MESSAGES)
@pytest.mark.parametrize("hx", [False, True])
def test_a_search_the_desk_cannot_run_says_why(org, as_user, label, hx):
    """The page says it with a 400; the live results (HTMX swaps only a 2xx in) with a 200."""
    client = as_user(org.lead_a)
    headers = {"HTTP_HX_REQUEST": "true"} if hx else {}
    response = client.get("/desk/search/", {"q": VALUES["text"][label]}, **headers)
    assert response.status_code == (200 if hx else 400)
    assert SEARCH_MESSAGES[label] in response.content.decode()


def test_dashes_that_negate_nothing_still_search(org, as_user):
    """PostgreSQL nests each "-" of a text query: some forty of them overflowed its stack."""
    case = file_case(subject="Alumbrado público dañado")
    client = as_user(org.admin)
    response = client.get("/desk/search/", {"q": "alumbrado " + "- " * 40})
    assert response.status_code == 200
    assert case.filing_number in response.content.decode()
