"""The case most lifecycle tests start from, dated so expected dates can be counted by hand over
the Colombian calendar of July-September 2026 (see test_lifecycle's docstring)."""

import pytest

from conftest import at
from pqrs.cases.models import Status
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import FILED_AT, bring


@pytest.fixture
def case(org, frozen):
    """A peticion filed on the web on Fri 10 Jul 2026, 09:00, not yet triaged."""
    frozen(FILED_AT)
    return file_case()


@pytest.fixture
def working(case, org, frozen):
    """The same case triaged to area A, assigned to gestor A and in progress (Tue 14 Jul)."""
    frozen(at(2026, 7, 14, 10))
    return bring(case, Status.IN_PROGRESS, org)
