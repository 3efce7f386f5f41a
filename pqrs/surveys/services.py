"""Rating the answer. Only the petitioner of an answered case, and only once."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pqrs.cases.models import Case, Status
from pqrs.core import clock
from pqrs.core.errors import DomainError

from .models import SurveyResponse

RATEABLE = frozenset({Status.ANSWERED, Status.CLOSED})


def case_can_be_rated(case: Case) -> bool:
    return case.status in RATEABLE and not SurveyResponse.objects.filter(case=case).exists()


@transaction.atomic
def survey_submit(*, case: Case, csat: int, nps: int, comment: str = "") -> SurveyResponse:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in RATEABLE:
        raise DomainError(
            _("The case can be rated once it has been answered."), code="not_answered"
        )
    if not 1 <= csat <= 5 or not 0 <= nps <= 10:
        raise DomainError(_("The rating is out of range."), code="invalid_rating")
    if SurveyResponse.objects.filter(case=case).exists():
        raise DomainError(_("This case has already been rated."), code="already_rated")
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                case=case, csat=csat, nps=nps, comment=comment.strip(), created_at=clock.now()
            )
    except IntegrityError as exc:
        raise DomainError(_("This case has already been rated."), code="already_rated") from exc
