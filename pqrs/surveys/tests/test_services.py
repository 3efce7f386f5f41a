import pytest

from pqrs.cases.services import case_answer, case_assign, case_start, case_triage
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import refused
from pqrs.core.errors import DomainError
from pqrs.surveys.models import SurveyResponse
from pqrs.surveys.services import case_can_be_rated, survey_submit

pytestmark = pytest.mark.django_db


def answered(org):
    case = file_case()
    case_triage(case=case, actor=org.lead_a, area=org.area_a)
    case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
    case_start(case=case, actor=org.officer_a)
    case_answer(case=case, actor=org.officer_a, body="Respuesta")
    case.refresh_from_db()
    return case


def test_open_case_cannot_be_rated(org):
    case = file_case()
    assert not case_can_be_rated(case)
    with pytest.raises(DomainError) as caught:
        survey_submit(case=case, csat=5, nps=10)
    assert caught.value.code == "not_answered"


@pytest.mark.parametrize(("csat", "nps"), [(0, 5), (6, 5), (3, -1), (3, 11)])
def test_out_of_range_is_refused(org, csat, nps):
    case = answered(org)
    with refused("invalid_rating"):
        survey_submit(case=case, csat=csat, nps=nps)
    assert SurveyResponse.objects.count() == 0


def test_rated_once(org):
    case = answered(org)
    assert case_can_be_rated(case)
    survey_submit(case=case, csat=5, nps=0, comment="  bien ")
    assert SurveyResponse.objects.get().comment == "bien"
    assert not case_can_be_rated(case)
    with pytest.raises(DomainError) as caught:
        survey_submit(case=case, csat=1, nps=1)
    assert caught.value.code == "already_rated"
