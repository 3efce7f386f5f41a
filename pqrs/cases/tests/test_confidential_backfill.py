"""Denuncias filed before they were confidential (the code before issue 8, or a type an
administrator marks confidential later) are converted by ``make_denuncias_confidential``: the
area they sat in, possibly the accused one, no longer reads them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import at
from pqrs.accounts.checks import pending_confidential_check
from pqrs.accounts.models import Area
from pqrs.cases import projection
from pqrs.cases.models import CaseEvent, CaseType, Status
from pqrs.cases.selectors import cases_visible_to
from pqrs.cases.services import case_make_confidential
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring, events_of, refused, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_denuncias(org, control, frozen):
    """Two denuncias filed while the type was not confidential: one being worked by gestor A,
    one closed in area A."""
    frozen(at(2026, 7, 10, 9))
    CaseType.objects.filter(code="denuncia").update(is_confidential=False)
    working = bring(file_case(case_type_code="denuncia"), Status.IN_PROGRESS, org)
    closed = bring(file_case(case_type_code="denuncia"), Status.CLOSED, org)
    CaseType.objects.filter(code="denuncia").update(is_confidential=True)
    return working, closed


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("make_denuncias_confidential", *args, stdout=out)
    return out.getvalue()


def test_old_denuncias_leave_the_accused_area_for_the_confidential_one(org, control, old_denuncias):
    working, closed = old_denuncias
    assert [w.id for w in pending_confidential_check()] == ["pqrs.W003"]
    assert cases_visible_to(org.officer_a).filter(pk=working.pk).exists()

    assert "2 case(s)" in run("--dry-run")
    assert not reload(working).is_confidential  # a dry run changes nothing

    assert "2 case(s) moved" in run()
    working, closed = reload(working), reload(closed)
    assert (working.is_confidential, working.area, working.assignee, working.status) == (
        True,
        control.area,
        None,
        Status.TRIAGED,
    )
    # An ended case keeps its outcome and who handled it; only who may read it changes.
    assert (closed.is_confidential, closed.area, closed.status) == (
        True,
        control.area,
        Status.CLOSED,
    )
    assert closed.assignee == org.officer_a
    for case in (working, closed):
        assert events_of(case)[-1] == CaseEvent.Kind.MADE_CONFIDENTIAL
        assert projection.replay(case.events.all()) == projection.snapshot(case)
        for outsider in (org.officer_a, org.lead_a, org.admin, org.clerk):
            assert not cases_visible_to(outsider).filter(pk=case.pk).exists(), outsider
        assert cases_visible_to(control.lead).filter(pk=case.pk).exists()
    assert pending_confidential_check() == []
    assert "0 case(s)" in run()  # again: nothing left to do


def test_nothing_moves_without_a_confidential_area(org, control, old_denuncias):
    working, _closed = old_denuncias
    Area.objects.filter(pk=control.area.pk).update(receives_confidential=False)
    with pytest.raises(CommandError):
        run()
    with refused("no_confidential_area"):
        case_make_confidential(case=working)
    assert not reload(working).is_confidential


def test_only_cases_of_a_confidential_type_not_yet_confidential(org, control, frozen):
    frozen(at(2026, 7, 10, 9))
    queja = file_case(case_type_code="queja")
    denuncia = file_case(case_type_code="denuncia")  # confidential from its filing
    with refused("not_confidential"):
        case_make_confidential(case=queja)
    with refused("no_change"):
        case_make_confidential(case=denuncia)
