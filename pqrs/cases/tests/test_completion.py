"""Completing an incomplete request: the petitioner's one extension (Ley 1755 art. 17: "antes de
vencer el plazo concedido solicite prórroga hasta por un término igual") and the habeas-data
reclamo's own terms (Ley 1581 art. 15: asked within 5 days, 2 months to complete).

Dates over the Colombian calendar of July-September 2026 (holidays Mon 13 Jul, Mon 20 Jul,
Fri 7 Aug, Mon 17 Aug): a case filed Fri 10 Jul; business days after it 14 15 16 17 | 21 22...
"""

import datetime as dt

import pytest

from conftest import at
from pqrs.cases.models import CaseEvent, CaseType, Status
from pqrs.cases.projection import replay, snapshot
from pqrs.cases.services import (
    case_extend_reply_time,
    case_petitioner_reply,
    case_tacit_withdraw,
    reply_time_extension,
)
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import FILED_AT, ask, bring, last_event, refused, reload

pytestmark = pytest.mark.django_db


class TestMoreTimeToComplete:
    def test_the_petitioner_gets_as_long_again_once(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        case = ask(working, org)
        assert case.info_request_due == dt.date(2026, 8, 18)
        frozen(at(2026, 8, 10, 15))
        # One more calendar month from the date given: Fri 18 Sep 2026.
        assert reply_time_extension(case) == dt.date(2026, 9, 18)
        case = reload(case_extend_reply_time(case=case))
        assert case.info_request_due == dt.date(2026, 9, 18)
        assert (case.status, case.clock_status, case.due_date) == (
            Status.WAITING_PETITIONER,
            "suspended",
            None,
        )
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.REPLY_TIME_EXTENDED
        assert (event.actor, event.actor_label, event.is_public) == (None, "petitioner", True)
        assert event.before == {"info_request_due": "2026-08-18"}
        assert event.after == {"info_request_due": "2026-09-18"}
        assert replay(case.events.all()) == snapshot(case)
        # Once per request.
        assert reply_time_extension(case) is None
        with refused("not_extendable"):
            case_extend_reply_time(case=case)
        # Tacit withdrawal now waits for the new date.
        frozen(at(2026, 8, 19, 7))
        with refused("too_early"):
            case_tacit_withdraw(case=case)
        frozen(at(2026, 9, 19, 7))
        assert case_tacit_withdraw(case=case).status == Status.WITHDRAWN

    def test_staff_record_it_for_the_petitioner_and_outsiders_cannot(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        case = ask(working, org)
        with refused("forbidden"):
            case_extend_reply_time(case=case, actor=org.officer_b)
        case = case_extend_reply_time(case=case, actor=org.officer_a)
        assert last_event(case).actor == org.officer_a

    def test_not_after_the_date_has_passed(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        case = ask(working, org)
        frozen(at(2026, 8, 18, 17))
        assert reply_time_extension(case) is not None  # the last day still counts
        frozen(at(2026, 8, 19, 8))
        assert reply_time_extension(case) is None
        with refused("not_extendable"):
            case_extend_reply_time(case=case)

    def test_not_for_an_unclear_request_nor_a_case_not_waiting(self, working, org, frozen):
        with refused("invalid_status"):
            case_extend_reply_time(case=working)
        frozen(at(2026, 7, 16, 10))
        case = ask(working, org, "unclear")  # art. 19 gives 10 days, with no extension
        assert reply_time_extension(case) is None
        with refused("not_extendable"):
            case_extend_reply_time(case=case)

    def test_a_new_request_may_be_extended_again(self, working, org, frozen):
        frozen(at(2026, 7, 15, 10))
        case = case_extend_reply_time(case=ask(working, org))
        frozen(at(2026, 7, 16, 10))
        case = case_petitioner_reply(case=reload(case), text="Adjunto la cédula")
        frozen(at(2026, 7, 21, 10))
        case = ask(case, org)
        assert reply_time_extension(case) is not None
        case_extend_reply_time(case=case)

    def test_a_type_may_allow_none(self, working, org, frozen):
        CaseType.objects.filter(pk=working.case_type_id).update(completion_extension=False)
        frozen(at(2026, 7, 16, 10))
        case = ask(working, org)
        with refused("not_extendable"):
            case_extend_reply_time(case=case)


class TestHabeasDataReclamo:
    """Ley 1581 art. 15: "se requerirá al interesado dentro de los cinco (5) días siguientes a
    la recepción del reclamo"; "transcurridos dos (2) meses desde la fecha del requerimiento"
    without the information, the reclamo is taken as withdrawn."""

    @pytest.fixture
    def reclamo(self, org, frozen):
        frozen(FILED_AT)
        case = file_case(case_type_code="datos_reclamo")
        frozen(at(2026, 7, 14, 10))
        return bring(case, Status.IN_PROGRESS, org)

    def test_asked_within_five_business_days_and_given_two_months(self, reclamo, org, frozen):
        frozen(at(2026, 7, 22, 9))  # 6th business day after filing
        with refused("too_late"):
            ask(reclamo, org)
        frozen(at(2026, 7, 21, 16))  # 5th
        case = ask(reclamo, org)
        assert case.info_request_due == dt.date(2026, 9, 21)  # Mon 21 Sep
        # No extension: the law gives none.
        assert reply_time_extension(case) is None
        with refused("not_extendable"):
            case_extend_reply_time(case=case)
        frozen(at(2026, 9, 22, 7))
        assert case_tacit_withdraw(case=case).status == Status.WITHDRAWN

    def test_an_unclear_reclamo_keeps_the_ten_days_of_art_19(self, reclamo, org, frozen):
        frozen(at(2026, 7, 28, 16))  # 10th business day
        case = ask(reclamo, org, "unclear")
        assert case.info_request_reason == "unclear"
