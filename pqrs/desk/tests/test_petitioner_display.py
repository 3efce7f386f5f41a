"""Lists, exports, pages and letters decide alike whether to name who filed a case
(``petitioners``), and the desk and answers catalogs keep one entry per paragraph (issue 8
review, finding 10)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

import pytest

from pqrs.cases.models import Case
from pqrs.cases.services import case_identity_reveal, case_triage
from pqrs.cases.tests.factories import file_case

from .test_scope import REPORTER, file_denuncia

pytestmark = pytest.mark.django_db

RESERVED = "Identidad reservada"


def shown_in_lists(client, case: Case) -> dict[str, str]:
    """The petitioner cell of ``case`` in the inbox, the search results and the export."""
    cells = {}
    for name, url, params in (
        ("inbox", "/desk/", {"tab": "all"}),
        ("search", "/desk/search/", {"q": case.filing_number}),
    ):
        html = client.get(url, params).content.decode()
        row = re.search(rf'<tr data-case="{case.filing_number}">(.*?)</tr>', html, re.S).group(1)
        cells[name] = row
    exported = b"".join(client.get("/desk/export.csv", {"tab": "all"}).streaming_content)
    rows = {r[0]: r for r in csv.reader(io.StringIO(exported.decode()))}
    cells["export"] = rows[case.filing_number][8]
    return cells


def test_a_reporter_is_named_in_no_list_even_after_a_reveal(org, control, as_user):
    denuncia = case_triage(case=file_denuncia(), actor=control.lead)
    client = as_user(control.lead)
    case_identity_reveal(case=denuncia, actor=control.lead, reason="Citarlo a ampliar")
    assert REPORTER["full_name"] in client.get(f"/desk/cases/{denuncia.pk}/").content.decode()
    for name, cell in shown_in_lists(client, denuncia).items():
        assert RESERVED in cell, name
        assert REPORTER["full_name"] not in cell, name


def test_a_petitioner_is_named_and_an_anonymous_one_said_so_everywhere(org, as_user):
    named = file_case(subject="Con nombre")
    anonymous = file_case(subject="Sin nombre", contact=None)
    client = as_user(org.admin)
    for name, cell in shown_in_lists(client, named).items():
        assert named.contact.full_name in cell, name
    for name, cell in shown_in_lists(client, anonymous).items():
        assert "Anónimo" in cell, name
    receipt = client.get(f"/desk/cases/{anonymous.pk}/receipt/").content.decode()
    assert "<dd><em>Anónimo</em></dd>" in receipt


APPS = Path(__file__).resolve().parents[2]
CATALOGS = [APPS / app / "locale/es/LC_MESSAGES/django.po" for app in ("desk", "answers")]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-5])
def test_catalog_entries_are_separated_by_a_blank_line(catalog):
    """Catalogs are merged as a union of entries between branches: an entry glued to the one
    before it is one paragraph to the merge and to the next reader."""
    lines = catalog.read_text().splitlines()
    glued = [
        f"{catalog}:{number}"
        for number, (before, line) in enumerate(itertools.pairwise(lines), start=2)
        if line.startswith(("msgid ", "#")) and before.startswith(("msgstr", '"'))
    ]
    assert not glued
