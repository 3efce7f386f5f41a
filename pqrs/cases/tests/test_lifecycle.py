"""Every lifecycle step, allowed and refused (Ley 1755 de 2015; design.md "Case lifecycle").

Expected dates are counted by hand over the Colombian calendar of July-September 2026:
holidays Mon 13 Jul (Chiquinquirá, Ley 2578 de 2026), Mon 20 Jul, Fri 7 Aug, Mon 17 Aug.
A peticion (15 business days) filed Fri 10 Jul runs from Tue 14 Jul and is due Tue 4 Aug:
14 15 16 17 | 21 22 23 24 | 27 28 29 30 31 | 3 4.
"""

import datetime as dt

import pytest

from conftest import at
from pqrs.accounts.models import Area
from pqrs.cases.models import (
    CaseEvent,
    CaseType,
    Communication,
    NumberCounter,
    Priority,
    Status,
    Topic,
)
from pqrs.cases.selectors import case_clock
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_archive,
    case_assign,
    case_close,
    case_extend,
    case_file,
    case_merge,
    case_move,
    case_petitioner_reply,
    case_reopen,
    case_request_information,
    case_start,
    case_tacit_withdraw,
    case_transfer,
    case_triage,
    case_withdraw,
)
from pqrs.cases.services.filing import AttachmentData
from pqrs.cases.tests.factories import SubmissionFactory, file_case
from pqrs.cases.tests.steps import (
    FILED_AT,
    ask,
    bring,
    events_of,
    last_event,
    refused,
    reload,
)

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 8, 4)


def outgoing_last_value():
    counter = NumberCounter.objects.filter(series__code="outgoing", year=2026).first()
    return counter.last_value if counter else 0


# --- triage -------------------------------------------------------------------------------
class TestTriage:
    def test_clerk_classifies_an_unclassified_case(self, case, org, frozen):
        frozen(at(2026, 7, 14, 8))
        case = case_triage(case=case, actor=org.clerk, area=org.area_a)
        assert case.status == Status.TRIAGED
        assert case.area_id == org.area_a.pk
        assert case.due_date == DUE  # same type, same term
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.TRIAGED
        assert event.seq == 2
        assert event.actor == org.clerk
        assert event.at == at(2026, 7, 14, 8)
        assert event.before == {"status": "filed", "area_id": None, "assignee_id": None}
        assert event.after == {"status": "triaged", "area_id": org.area_a.pk, "assignee_id": None}
        assert not event.is_public

    def test_a_new_type_brings_its_own_term_and_the_event_keeps_the_old_one(self, case, org):
        consulta = CaseType.objects.get(code="consulta")
        peticion = case.case_type
        case = case_triage(case=case, actor=org.lead_a, area=org.area_a, case_type=consulta)
        # Consulta: 30 business days from Tue 14 Jul: 4 to 17 Jul, 8 to 24 Jul, 13 to 31 Jul,
        # 17 to 6 Aug (7 Aug holiday), 22 to 14 Aug (17 Aug holiday), 26 to 21 Aug, 30 on Thu 27 Aug.
        assert case.due_date == dt.date(2026, 8, 27)
        assert (case.term_value, case.case_type_id) == (30, consulta.pk)
        event = last_event(case)
        assert event.before["case_type_id"] == peticion.pk
        assert event.before["term_value"] == 15
        assert event.before["due_date"] == "2026-08-04"
        assert event.after["case_type_id"] == consulta.pk
        assert event.after["term_value"] == 30
        assert event.after["due_date"] == "2026-08-27"

    def test_topic_brings_its_default_area(self, case, org):
        topic = Topic.objects.create(
            code="impuesto-predial", name="Predial", default_area=org.area_b
        )
        case = case_triage(case=case, actor=org.clerk, topic=topic)
        assert (case.topic_id, case.area_id, case.status) == (topic.pk, org.area_b.pk, "triaged")

    def test_changing_the_area_of_an_assigned_case_sends_it_back_to_triaged(self, working, org):
        case = case_triage(case=working, actor=org.lead_a, area=org.area_b)
        assert (case.status, case.area_id, case.assignee_id) == ("triaged", org.area_b.pk, None)
        assert last_event(case).before["assignee_id"] == org.officer_a.pk

    def test_legal_priority_makes_the_case_urgent(self, case, org):
        """Ley 1755 art. 20: priority attention for imminent risk to life or integrity."""
        assert case.priority == Priority.NORMAL
        case = case_triage(
            case=case, actor=org.lead_a, area=org.area_a, legal_priority="imminent_risk"
        )
        assert case.legal_priority == "imminent_risk"
        assert case.priority == Priority.URGENT
        assert last_event(case).after["priority"] == Priority.URGENT
        assert reload(case).priority == Priority.URGENT

    def test_legal_priority_at_filing_makes_the_case_urgent(self, org):
        case = file_case(legal_priority="journalist")
        assert case.priority == Priority.URGENT

    def test_area_is_required(self, case, org):
        with refused("area_required"):
            case_triage(case=case, actor=org.clerk, priority=Priority.HIGH)

    def test_nothing_to_change(self, working, org):
        with refused("no_change"):
            case_triage(case=working, actor=org.lead_a, area=org.area_a)

    def test_clerk_cannot_reclassify_a_classified_case(self, working, org):
        with refused("forbidden"):
            case_triage(case=working, actor=org.clerk, area=org.area_b)

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor"])
    def test_others_cannot_triage_a_case_of_area_a(self, working, org, who):
        with refused("forbidden"):
            case_triage(case=working, actor=getattr(org, who), priority=Priority.HIGH)

    def test_officer_cannot_triage_an_unclassified_case(self, case, org):
        with refused("forbidden"):
            case_triage(case=case, actor=org.officer_a, area=org.area_a)

    def test_answered_case_cannot_be_triaged(self, working, org):
        case = bring(working, Status.ANSWERED, org)
        with refused("invalid_status"):
            case_triage(case=case, actor=org.lead_a, priority=Priority.HIGH)

    def test_inactive_type_area_and_unknown_priority(self, case, org):
        queja = CaseType.objects.get(code="queja")
        CaseType.objects.filter(pk=queja.pk).update(is_active=False)
        queja.refresh_from_db()
        closed_area = Area.objects.create(code="cerrada", name="Cerrada", is_active=False)
        with refused("inactive_type"):
            case_triage(case=case, actor=org.lead_a, area=org.area_a, case_type=queja)
        with refused("inactive_area"):
            case_triage(case=case, actor=org.admin, area=closed_area)
        with refused("invalid_priority"):
            case_triage(case=case, actor=org.lead_a, area=org.area_a, priority=7)
        with refused("invalid_priority"):
            case_triage(case=case, actor=org.lead_a, area=org.area_a, legal_priority="vip")


# --- assignment and start -----------------------------------------------------------------
class TestAssign:
    def test_lead_assigns_an_officer_of_the_area(self, case, org, frozen):
        case = case_triage(case=case, actor=org.lead_a, area=org.area_a)
        frozen(at(2026, 7, 14, 11))
        case = case_assign(case=case, actor=org.lead_a, assignee=org.officer_a)
        assert (case.status, case.assignee_id) == (Status.ASSIGNED, org.officer_a.pk)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.ASSIGNED
        assert event.actor == org.lead_a
        assert event.at == at(2026, 7, 14, 11)
        assert event.before == {"assignee_id": None, "status": "triaged"}
        assert event.after == {"assignee_id": org.officer_a.pk, "status": "assigned"}
        assert not event.is_public
        assert reload(case).due_date == DUE  # assignment does not touch the clock

    def test_reassigning_work_in_progress_waits_for_the_new_officer(self, working, org):
        case = case_assign(case=working, actor=org.lead_a, assignee=org.officer_a2)
        assert (case.status, case.assignee_id) == (Status.ASSIGNED, org.officer_a2.pk)
        assert last_event(case).before == {"assignee_id": org.officer_a.pk, "status": "in_progress"}

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor", "clerk"])
    def test_only_the_lead_of_the_area_assigns(self, working, org, who):
        with refused("forbidden"):
            case_assign(case=working, actor=getattr(org, who), assignee=org.officer_a2)

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk"])
    def test_assignee_must_be_an_active_officer_of_the_area(self, working, org, who):
        with refused("invalid_assignee"):
            case_assign(case=working, actor=org.lead_a, assignee=getattr(org, who))

    def test_inactive_assignee_is_refused(self, working, org):
        org.officer_a2.is_active = False
        org.officer_a2.save()
        with refused("invalid_assignee"):
            case_assign(case=working, actor=org.lead_a, assignee=org.officer_a2)

    def test_same_assignee_is_no_change(self, working, org):
        with refused("no_change"):
            case_assign(case=working, actor=org.lead_a, assignee=org.officer_a)

    def test_untriaged_and_finished_cases_cannot_be_assigned(self, case, org):
        in_area = file_case(
            topic_code=Topic.objects.create(code="t", name="T", default_area=org.area_a).code
        )
        assert (in_area.status, in_area.area_id) == (Status.FILED, org.area_a.pk)
        with refused("invalid_status"):
            case_assign(case=in_area, actor=org.lead_a, assignee=org.officer_a)
        closed = bring(case, Status.CLOSED, org)
        with refused("invalid_status"):
            case_assign(case=closed, actor=org.lead_a, assignee=org.officer_a2)


class TestStart:
    def test_the_assignee_starts_work(self, case, org, frozen):
        case = bring(case, Status.ASSIGNED, org)
        frozen(at(2026, 7, 15, 8))
        case = case_start(case=case, actor=org.officer_a)
        assert case.status == Status.IN_PROGRESS
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.STARTED
        assert event.actor == org.officer_a
        assert (event.before, event.after) == ({"status": "assigned"}, {"status": "in_progress"})
        assert event.is_public  # the petitioner sees that someone is working on it

    def test_another_officer_of_the_area_cannot_start(self, case, org):
        case = bring(case, Status.ASSIGNED, org)
        with refused("not_assignee"):
            case_start(case=case, actor=org.officer_a2)

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk"])
    def test_outsiders_cannot_start(self, case, org, who):
        case = bring(case, Status.ASSIGNED, org)
        with refused("forbidden"):
            case_start(case=case, actor=getattr(org, who))

    def test_only_an_assigned_case_starts(self, org, working):
        triaged = case_triage(case=file_case(), actor=org.lead_a, area=org.area_a)
        with refused("invalid_status"):
            case_start(case=triaged, actor=org.lead_a)
        with refused("invalid_status"):
            case_start(case=working, actor=org.officer_a)


# --- moving between areas -----------------------------------------------------------------
class TestMove:
    def test_lead_moves_the_case_to_another_area(self, working, org, frozen):
        frozen(at(2026, 7, 16, 9))
        case = case_move(case=working, actor=org.lead_a, area=org.area_b, reason=" Es de salud ")
        assert (case.area_id, case.assignee_id, case.status) == (org.area_b.pk, None, "triaged")
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.MOVED
        assert event.actor == org.lead_a
        assert event.before == {
            "area_id": org.area_a.pk,
            "assignee_id": org.officer_a.pk,
            "status": "in_progress",
        }
        assert event.after == {"area_id": org.area_b.pk, "assignee_id": None, "status": "triaged"}
        assert event.data == {"reason": "Es de salud"}
        assert not event.is_public
        assert case.due_date == DUE  # the term keeps running
        # The case now belongs to area B: its lead acts, the lead of A no longer does.
        case_assign(case=case, actor=org.lead_b, assignee=org.officer_b)
        with refused("forbidden"):
            case_add_note(case=case, actor=org.officer_a, text="¿Sigue aquí?")

    def test_reason_is_required(self, working, org):
        with refused("required"):
            case_move(case=working, actor=org.lead_a, area=org.area_b, reason="  ")

    def test_same_area_and_inactive_area(self, working, org):
        with refused("no_change"):
            case_move(case=working, actor=org.lead_a, area=org.area_a, reason="x")
        closed_area = Area.objects.create(code="cerrada", name="Cerrada", is_active=False)
        with refused("inactive_area"):
            case_move(case=working, actor=org.lead_a, area=closed_area, reason="x")

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor"])
    def test_only_the_lead_of_the_area_moves(self, working, org, who):
        with refused("forbidden"):
            case_move(case=working, actor=getattr(org, who), area=org.area_b, reason="x")

    def test_answered_case_stays(self, working, org):
        case = bring(working, Status.ANSWERED, org)
        with refused("invalid_status"):
            case_move(case=case, actor=org.lead_a, area=org.area_b, reason="x")


# --- information requests and the petitioner's reply ----------------------------------------
class TestRequestInformation:
    def test_incomplete_request_suspends_the_clock_for_a_month(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        notice = case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message=" Falta la cédula. "
        )
        assert notice.kind == Communication.Kind.INFO_REQUEST
        assert notice.number == "S-2026-000001"
        assert notice.body == "Falta la cédula."
        assert notice.delivery_channel == Communication.DeliveryChannel.EMAIL
        assert notice.delivered_at == at(2026, 7, 16, 10)
        assert notice.created_by == org.officer_a
        case = reload(working)
        assert case.status == Status.WAITING_PETITIONER
        assert case.clock_status == "suspended"
        assert case.due_date is None
        assert case.suspensions == [["2026-07-16", None]]
        state = case_clock(case, dt.date(2026, 7, 24))
        # While suspended the clock shows the 3 days used (14, 15, 16 Jul) and no due date.
        assert (state.status, state.days_elapsed, state.due_date) == ("suspended", 3, None)
        # Art. 17: one calendar month (Ley 4 de 1913 art. 62): 16 Aug is a Sunday and 17 Aug a
        # holiday, so the last day to reply is Tue 18 Aug.
        assert case.info_request_reason == "incomplete"
        assert case.info_request_due == dt.date(2026, 8, 18)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.INFO_REQUESTED
        assert event.actor == org.officer_a
        assert event.is_public
        assert event.before == {
            "status": "in_progress",
            "clock_status": "running",
            "suspensions": [],
            "due_date": "2026-08-04",
            "info_request_reason": "",
            "info_request_due": None,
        }
        assert event.after["suspensions"] == [["2026-07-16", None]]
        assert event.after["info_request_due"] == "2026-08-18"
        assert event.data == {
            "message": "Falta la cédula.",
            "communication": "S-2026-000001",
            "previous_status": "in_progress",
        }

    def test_unclear_request_gives_ten_business_days(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        case_request_information(
            case=working, actor=org.officer_a, reason="unclear", message="¿Qué predio?"
        )
        # Art. 19: 10 business days from Thu 16 Jul: 17 | 21 22 23 24 | 27 28 29 30 31.
        assert reload(working).info_request_due == dt.date(2026, 7, 31)

    def test_the_tenth_business_day_after_filing_is_the_last(self, working, org, frozen):
        # 14 15 16 17 | 21 22 23 24 | 27 28: Tue 28 Jul is the 10th business day.
        frozen(at(2026, 7, 29, 9))
        with refused("too_late"):
            case_request_information(
                case=working, actor=org.officer_a, reason="incomplete", message="Falta algo"
            )
        frozen(at(2026, 7, 28, 16))
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta algo"
        )
        assert reload(working).status == Status.WAITING_PETITIONER

    def test_the_window_counts_from_filing_even_after_an_earlier_request(
        self, working, org, frozen
    ):
        """Art. 17: "dentro de los diez (10) días siguientes a la fecha de radicación"."""
        frozen(at(2026, 7, 15, 9))
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta la cédula"
        )
        frozen(at(2026, 7, 27, 9))
        case = case_petitioner_reply(case=working, text="Adjunto la cédula")
        frozen(at(2026, 7, 29, 9))  # 11th business day after filing
        with refused("too_late"):
            case_request_information(
                case=case, actor=org.officer_a, reason="incomplete", message="Falta otra cosa"
            )

    def test_unknown_reason_and_empty_message(self, working, org):
        with refused("invalid_reason"):
            case_request_information(
                case=working, actor=org.officer_a, reason="whim", message="Falta algo"
            )
        with refused("required"):
            case_request_information(
                case=working, actor=org.officer_a, reason="incomplete", message=" \n "
            )

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk"])
    def test_outsiders_cannot_ask(self, working, org, who):
        with refused("forbidden"):
            case_request_information(
                case=working, actor=getattr(org, who), reason="incomplete", message="Falta"
            )

    def test_wrong_status(self, org, working):
        filed = file_case()
        with refused("invalid_status"):  # not triaged yet
            case_request_information(
                case=filed, actor=org.admin, reason="incomplete", message="Falta"
            )
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta"
        )
        with refused("invalid_status"):
            case_request_information(
                case=working, actor=org.officer_a, reason="unclear", message="Otra vez"
            )


class TestPetitionerReply:
    def test_reply_resumes_the_clock_and_moves_the_due_date(self, working, org, frozen):
        """Suspension end to end (Ley 1755 art. 17).

        Filed Fri 10 Jul; asked Thu 16 Jul (14, 15, 16 counted: 3 days); replied Mon 27 Jul.
        Suspended business days, after the request up to the reply: 17 | 21 22 23 24 | 27 = 6
        (20 Jul is a holiday). The due date moves from Tue 4 Aug by 6 business days:
        5 6 | (7 Aug holiday) 10 11 12 13 -> Thu 13 Aug.
        """
        frozen(at(2026, 7, 16, 10))
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta la cédula"
        )
        frozen(at(2026, 7, 27, 15))
        case = case_petitioner_reply(
            case=working,
            text=" Adjunto la cédula. ",
            attachments=(AttachmentData("cedula.pdf", b"%PDF-1.4 id", "application/pdf"),),
        )
        assert case.status == Status.IN_PROGRESS  # back where it was
        assert case.clock_status == "running"
        assert case.suspensions == [["2026-07-16", "2026-07-27"]]
        assert case.due_date == dt.date(2026, 8, 13)
        assert (case.info_request_reason, case.info_request_due) == ("", None)
        state = case_clock(case, dt.date(2026, 8, 3))
        # On 3 Aug: used 14 15 16 Jul + 28 29 30 31 Jul + 3 Aug = 8; left 4 5 6 10 11 12 13 = 7.
        assert (state.status, state.days_elapsed, state.days_left) == ("running", 8, 7)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.PETITIONER_REPLIED
        assert (event.actor, event.actor_label) == (None, "petitioner")
        assert event.data == {"text": "Adjunto la cédula."}
        assert event.before["suspensions"] == [["2026-07-16", None]]
        assert event.before["due_date"] is None
        assert event.after["suspensions"] == [["2026-07-16", "2026-07-27"]]
        assert event.after["due_date"] == "2026-08-13"
        assert event.attachments.get().original_name == "cedula.pdf"
        assert reload(case).due_date == dt.date(2026, 8, 13)

    def test_reply_returns_a_triaged_case_to_triaged(self, case, org, frozen):
        case = case_triage(case=case, actor=org.lead_a, area=org.area_a)
        case_request_information(case=case, actor=org.lead_a, reason="unclear", message="¿Qué?")
        frozen(at(2026, 7, 14, 9))
        # Suspended from the filing day: 14 Jul (the reply day) does not count either.
        case = case_petitioner_reply(case=case, text="Es sobre el predio 12", actor=org.officer_a)
        assert case.status == Status.TRIAGED
        assert last_event(case).actor == org.officer_a
        # 15 business days counted from Wed 15 Jul: one day later than 4 Aug.
        assert case.due_date == dt.date(2026, 8, 5)

    def test_reply_to_a_case_not_waiting(self, working, org):
        with refused("invalid_status"):
            case_petitioner_reply(case=working, text="Hola")

    def test_empty_reply_and_outsiders(self, working, org):
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta"
        )
        with refused("required"):
            case_petitioner_reply(case=working, text="   ")
        for who in ("officer_b", "auditor"):
            with refused("forbidden"):
                case_petitioner_reply(case=working, text="Aquí está", actor=getattr(org, who))


# --- the term -----------------------------------------------------------------------------
class TestExtend:
    def test_lead_extends_once_on_the_last_day_up_to_double(self, working, org, frozen):
        frozen(at(2026, 8, 4, 16))  # the due date itself: the term has not expired yet
        notice = case_extend(
            case=working, actor=org.lead_a, days=15, reasons=" Hay que pedir conceptos. "
        )
        assert notice.kind == Communication.Kind.EXTENSION_NOTICE
        assert notice.number == "S-2026-000001"
        assert notice.body == "Hay que pedir conceptos."
        assert notice.delivered_at == at(2026, 8, 4, 16)
        case = reload(working)
        # 15 more from 4 Aug: 5 6 | 10 11 12 13 14 | 18 19 20 21 | 24 25 26 27 -> Thu 27 Aug
        # (7 and 17 Aug holidays), the same day as 30 business days from filing.
        assert case.due_date == dt.date(2026, 8, 27)
        assert case.extension_days == 15
        assert case.status == Status.IN_PROGRESS
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.EXTENDED
        assert event.actor == org.lead_a
        assert event.is_public
        assert event.before == {"extension_days": 0, "due_date": "2026-08-04"}
        assert event.after == {"extension_days": 15, "due_date": "2026-08-27"}
        assert event.data == {"reasons": "Hay que pedir conceptos.", "communication": notice.number}

    def test_only_one_extension(self, working, org):
        case_extend(case=working, actor=org.lead_a, days=3, reasons="Conceptos")
        with refused("already_extended"):
            case_extend(case=working, actor=org.lead_a, days=3, reasons="Otra vez")

    @pytest.mark.parametrize("days", [0, -1, 16])
    def test_extension_over_the_cap_or_empty(self, working, org, days):
        with refused("invalid_extension") as caught:
            case_extend(case=working, actor=org.lead_a, days=days, reasons="Conceptos")
        assert "15" in caught.value.message

    def test_no_extension_after_the_due_date(self, working, org, frozen):
        frozen(at(2026, 8, 5, 8))
        with refused("too_late"):
            case_extend(case=working, actor=org.lead_a, days=5, reasons="Conceptos")

    def test_reasons_are_required(self, working, org):
        with refused("required"):
            case_extend(case=working, actor=org.lead_a, days=5, reasons=" ")

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor"])
    def test_only_the_lead_extends(self, working, org, who):
        with refused("forbidden"):
            case_extend(case=working, actor=getattr(org, who), days=5, reasons="Conceptos")

    def test_no_extension_while_waiting_or_after_the_answer(self, working, org):
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta"
        )
        with refused("invalid_status"):
            case_extend(case=working, actor=org.lead_a, days=5, reasons="Conceptos")
        answered = bring(file_case(), Status.ANSWERED, org)
        with refused("invalid_status"):
            case_extend(case=answered, actor=org.lead_a, days=5, reasons="Conceptos")

    @pytest.mark.parametrize(
        ("code", "cap", "due", "extended"),
        [
            # Ley 1581 art. 14: consulta 10 + 5. Due 28 Jul; +5: 29 30 31 | 3 4 -> 4 Aug.
            ("datos_consulta", 5, dt.date(2026, 7, 28), dt.date(2026, 8, 4)),
            # Ley 1581 art. 15: reclamo 15 + 8. Due 4 Aug; +8: 5 6 | 10-14 | 18 -> 18 Aug.
            ("datos_reclamo", 8, dt.date(2026, 8, 4), dt.date(2026, 8, 18)),
            # Ley 1755 art. 14: consulta 30, at most 30 more. Due 27 Aug (see TestTriage);
            # +30: 28 31 | 1-4 | 7-11 | 14-18 | 21-25 | 28-30 | 1 2 | 5-8 -> 8 Oct.
            ("consulta", 30, dt.date(2026, 8, 27), dt.date(2026, 10, 8)),
        ],
    )
    def test_each_type_has_its_own_cap(self, org, frozen, code, cap, due, extended):
        frozen(FILED_AT)
        case = bring(file_case(case_type_code=code), Status.IN_PROGRESS, org)
        assert case.due_date == due
        with refused("invalid_extension"):
            case_extend(case=case, actor=org.lead_a, days=cap + 1, reasons="Conceptos")
        case_extend(case=case, actor=org.lead_a, days=cap, reasons="Conceptos")
        case = reload(case)
        assert case.extension_days == cap
        assert case.due_date == extended


# --- transfer to another entity -------------------------------------------------------------
class TestTransfer:
    def transfer(self, case, org):
        return case_transfer(
            case=case,
            actor=org.lead_a,
            entity_name=" Superintendencia de Servicios Públicos ",
            reason="No es de nuestra competencia",
            letter="Remitimos su petición.",
        )

    def test_written_petition_on_the_fifth_business_day_is_on_time(self, case, org, frozen):
        case = case_triage(case=case, actor=org.lead_a, area=org.area_a)
        frozen(at(2026, 7, 21, 12))  # 14 15 16 17 | 21: the 5th business day (art. 21)
        letter = self.transfer(case, org)
        assert letter.kind == Communication.Kind.TRANSFER_LETTER
        assert letter.number == "S-2026-000001"
        assert letter.delivered_at == at(2026, 7, 21, 12)
        case = reload(case)
        assert case.status == Status.TRANSFERRED
        assert case.clock_status == "stopped"
        assert case.closed_at == at(2026, 7, 21, 12)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.TRANSFERRED
        assert event.actor == org.lead_a
        assert event.before == {"status": "triaged", "clock_status": "running", "closed_at": None}
        assert event.after["status"] == "transferred"
        assert event.data == {
            "entity": "Superintendencia de Servicios Públicos",
            "reason": "No es de nuestra competencia",
            "communication": "S-2026-000001",
            "deadline": "2026-07-21",
            "on_time": True,
        }

    def test_the_clock_of_a_transferred_case_stops_on_the_transfer_day(self, working, org, frozen):
        frozen(at(2026, 7, 21, 12))
        self.transfer(working, org)
        frozen(at(2026, 9, 30, 9))  # long after the due date (4 Aug)
        state = case_clock(reload(working), dt.date(2026, 9, 30))
        assert state.status == "stopped"
        assert state.days_elapsed == 5  # 14 15 16 17 | 21
        assert state.due_date == DUE
        assert not state.overdue

    def test_late_transfer_is_made_and_recorded_late(self, working, org, frozen):
        frozen(at(2026, 7, 22, 9))
        self.transfer(working, org)
        assert reload(working).status == Status.TRANSFERRED
        assert last_event(working).data["on_time"] is False

    def test_verbal_petition_must_be_transferred_the_same_day(self, org, frozen):
        frozen(FILED_AT)
        same_day = bring(file_case(channel_code="telefono"), Status.TRIAGED, org)
        self.transfer(same_day, org)
        assert last_event(same_day).data["deadline"] == "2026-07-10"
        assert last_event(same_day).data["on_time"] is True
        later = bring(file_case(channel_code="presencial"), Status.TRIAGED, org)
        frozen(at(2026, 7, 14, 9))
        self.transfer(later, org)
        assert last_event(later).data["on_time"] is False
        assert Communication.objects.filter(kind="transfer_letter").count() == 2

    @pytest.mark.parametrize("blank", ["entity_name", "reason", "letter"])
    def test_entity_reason_and_letter_are_required(self, working, org, blank):
        fields = {"entity_name": "Supersalud", "reason": "Competencia", "letter": "Remitimos"}
        fields[blank] = " "
        with refused("required"):
            case_transfer(case=working, actor=org.lead_a, **fields)

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor"])
    def test_only_the_lead_transfers(self, working, org, who):
        with refused("forbidden"):
            case_transfer(
                case=working,
                actor=getattr(org, who),
                entity_name="Supersalud",
                reason="Competencia",
                letter="Remitimos",
            )

    def test_answered_case_is_not_transferred(self, working, org):
        case = bring(working, Status.ANSWERED, org)
        with refused("invalid_status"):
            self.transfer(case, org)


# --- answer and close ----------------------------------------------------------------------
class TestAnswer:
    def test_answer_gets_an_outgoing_number_and_its_delivery(self, working, org, frozen):
        frozen(at(2026, 7, 30, 11))
        answer = case_answer(case=working, actor=org.officer_a, body=" Se concede lo pedido. ")
        assert answer.kind == Communication.Kind.ANSWER
        assert answer.number == "S-2026-000001"
        assert (answer.number_year, answer.number_sequence) == (2026, 1)
        assert answer.body == "Se concede lo pedido."
        assert answer.delivery_channel == Communication.DeliveryChannel.EMAIL
        assert answer.delivered_at == at(2026, 7, 30, 11)
        assert answer.recipient == working.contact.full_name
        case = reload(working)
        assert case.status == Status.ANSWERED
        assert case.clock_status == "stopped"
        assert case.answered_at == at(2026, 7, 30, 11)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.ANSWERED
        assert event.actor == org.officer_a
        assert event.before == {
            "status": "in_progress",
            "clock_status": "running",
            "answered_at": None,
        }
        assert event.after["status"] == "answered"
        assert event.data == {
            "communication": "S-2026-000001",
            "delivery_channel": "email",
            "on_time": True,
        }

    def test_outgoing_numbers_are_consecutive_across_cases_and_kinds(self, working, org):
        other = bring(file_case(), Status.IN_PROGRESS, org)
        numbers = [
            case_extend(case=working, actor=org.lead_a, days=2, reasons="Conceptos").number,
            case_answer(case=other, actor=org.officer_a, body="Respuesta").number,
            case_answer(case=working, actor=org.officer_a, body="Respuesta").number,
        ]
        assert numbers == ["S-2026-000001", "S-2026-000002", "S-2026-000003"]
        assert NumberCounter.objects.get(series__code="outgoing", year=2026).last_value == 3

    def test_late_answer_and_given_delivery(self, working, org, frozen):
        frozen(at(2026, 8, 5, 9))
        answer = case_answer(
            case=working,
            actor=org.officer_a,
            body="Respuesta",
            delivery_channel="postal",
            delivered_at=at(2026, 8, 6, 15),
            attachments=(AttachmentData("respuesta.pdf", b"%PDF-1.4 r", "application/pdf"),),
        )
        assert (answer.delivery_channel, answer.delivered_at) == ("postal", at(2026, 8, 6, 15))
        event = last_event(working)
        assert event.data["on_time"] is False
        assert event.attachments.get().original_name == "respuesta.pdf"

    def test_anonymous_answer_goes_to_the_tracking_page(self, org):
        case = bring(file_case(contact=None, case_type_code="queja"), Status.IN_PROGRESS, org)
        answer = case_answer(case=case, actor=org.officer_a, body="Respuesta")
        assert (answer.delivery_channel, answer.recipient) == ("portal", "")

    def test_empty_answer_and_unknown_channel(self, working, org):
        with refused("required"):
            case_answer(case=working, actor=org.officer_a, body=" ")
        with refused("invalid_channel"):
            case_answer(case=working, actor=org.officer_a, body="Hola", delivery_channel="fax")

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk"])
    def test_outsiders_cannot_answer(self, working, org, who):
        with refused("forbidden"):
            case_answer(case=working, actor=getattr(org, who), body="Respuesta")

    def test_wrong_status(self, org, working):
        filed = file_case()
        with refused("invalid_status"):  # not triaged yet
            case_answer(case=filed, actor=org.admin, body="Respuesta")
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta"
        )
        with refused("invalid_status"):
            case_answer(case=working, actor=org.officer_a, body="Respuesta")
        answered = bring(file_case(), Status.ANSWERED, org)
        with refused("invalid_status"):
            case_answer(case=answered, actor=org.officer_a, body="Otra")


class TestClose:
    def test_close_after_the_answer(self, working, org, frozen):
        case = bring(working, Status.ANSWERED, org)
        frozen(at(2026, 7, 31, 9))
        case = case_close(case=case, actor=org.officer_a)
        assert case.status == Status.CLOSED
        assert case.closed_at == at(2026, 7, 31, 9)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.CLOSED
        assert event.actor == org.officer_a
        assert event.before == {"status": "answered", "closed_at": None}
        assert event.after["status"] == "closed"

    def test_cannot_close_unanswered(self, working, org):
        with refused("invalid_status"):
            case_close(case=working, actor=org.officer_a)

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor"])
    def test_outsiders_cannot_close(self, working, org, who):
        case = bring(working, Status.ANSWERED, org)
        with refused("forbidden"):
            case_close(case=case, actor=getattr(org, who))


# --- withdrawals, archive ------------------------------------------------------------------
class TestWithdraw:
    def test_petitioner_withdraws_expressly(self, working, org, frozen):
        frozen(at(2026, 7, 20, 19))
        case = case_withdraw(case=working, reason=" Ya me resolvieron ")
        assert case.status == Status.WITHDRAWN
        assert case.clock_status == "stopped"
        assert case.closed_at == at(2026, 7, 20, 19)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.WITHDRAWN
        assert (event.actor, event.actor_label) == (None, "petitioner")
        assert event.data == {"reason": "Ya me resolvieron", "express": True}
        assert event.before == {
            "status": "in_progress",
            "clock_status": "running",
            "closed_at": None,
        }

    def test_staff_record_a_withdrawal_while_waiting(self, working, org):
        case_request_information(
            case=working, actor=org.officer_a, reason="incomplete", message="Falta"
        )
        case = case_withdraw(case=working, actor=org.officer_a, reason="Llamó a desistir")
        assert case.status == Status.WITHDRAWN
        assert last_event(case).actor == org.officer_a

    def test_finished_cases_cannot_be_withdrawn(self, working, org):
        case = case_withdraw(case=working)
        with refused("invalid_status"):
            case_withdraw(case=case)
        answered = bring(file_case(), Status.ANSWERED, org)
        with refused("invalid_status"):
            case_withdraw(case=answered)

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor"])
    def test_outsiders_cannot_record_it(self, working, org, who):
        with refused("forbidden"):
            case_withdraw(case=working, actor=getattr(org, who), reason="x")


class TestTacitWithdraw:
    def test_month_lapsed_without_reply(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        ask(working, org, "incomplete")  # reply due Tue 18 Aug
        frozen(at(2026, 8, 18, 17))
        with refused("too_early"):
            case_tacit_withdraw(case=working)
        frozen(at(2026, 8, 19, 7))
        case = case_tacit_withdraw(case=working)
        assert case.status == Status.WITHDRAWN
        assert case.clock_status == "stopped"
        assert case.closed_at == at(2026, 8, 19, 7)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.TACITLY_WITHDRAWN
        assert (event.actor, event.actor_label) == (None, "system")
        assert event.data == {"reply_due": "2026-08-18"}
        assert event.before["status"] == "waiting_petitioner"

    def test_staff_may_declare_it(self, working, org, frozen):
        ask(working, org, "incomplete")
        frozen(at(2026, 8, 19, 7))
        case = case_tacit_withdraw(case=working, actor=org.officer_a)
        assert last_event(case).actor == org.officer_a

    def test_unclear_requests_are_archived_not_withdrawn(self, working, org, frozen):
        ask(working, org, "unclear")
        frozen(at(2026, 9, 1, 9))
        with refused("invalid_reason"):
            case_tacit_withdraw(case=working)

    def test_case_not_waiting(self, working, org, frozen):
        frozen(at(2026, 9, 1, 9))
        with refused("invalid_status"):
            case_tacit_withdraw(case=working)

    @pytest.mark.parametrize("who", ["officer_b", "auditor"])
    def test_outsiders_cannot_declare_it(self, working, org, frozen, who):
        ask(working, org, "incomplete")
        frozen(at(2026, 8, 19, 7))
        with refused("forbidden"):
            case_tacit_withdraw(case=working, actor=getattr(org, who))


class TestArchive:
    def test_unclear_request_not_clarified_in_ten_days(self, working, org, frozen):
        frozen(at(2026, 7, 16, 10))
        ask(working, org, "unclear")  # reply due Fri 31 Jul
        frozen(at(2026, 7, 31, 18))
        with refused("too_early"):
            case_archive(case=working, actor=org.officer_a)
        frozen(at(2026, 8, 3, 8))
        case = case_archive(case=working, actor=org.officer_a)
        assert case.status == Status.ARCHIVED
        assert case.clock_status == "stopped"
        assert case.closed_at == at(2026, 8, 3, 8)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.ARCHIVED
        assert event.actor == org.officer_a
        assert event.data == {"reply_due": "2026-07-31"}

    def test_incomplete_requests_are_not_archived(self, working, org, frozen):
        ask(working, org, "incomplete")
        frozen(at(2026, 9, 1, 9))
        with refused("invalid_reason"):
            case_archive(case=working, actor=org.officer_a)

    def test_case_not_waiting(self, working, org):
        with refused("invalid_status"):
            case_archive(case=working, actor=org.officer_a)

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor"])
    def test_outsiders_cannot_archive(self, working, org, frozen, who):
        ask(working, org, "unclear")
        frozen(at(2026, 9, 1, 9))
        with refused("forbidden"):
            case_archive(case=working, actor=getattr(org, who))


# --- merge, reopen, notes ------------------------------------------------------------------
class TestMerge:
    def test_duplicate_joins_the_case_that_carries_the_answer(self, working, org, frozen):
        duplicate = bring(file_case(), Status.TRIAGED, org)
        frozen(at(2026, 7, 15, 9))
        case = case_merge(case=duplicate, actor=org.lead_a, into=working, reason=" Duplicado ")
        assert case.status == Status.MERGED
        assert case.merged_into_id == working.pk
        assert case.clock_status == "stopped"
        assert case.closed_at == at(2026, 7, 15, 9)
        event = last_event(case)
        assert event.kind == CaseEvent.Kind.MERGED
        assert event.actor == org.lead_a
        assert event.before["merged_into_id"] is None
        assert event.after["merged_into_id"] == working.pk
        assert event.data == {"into": working.filing_number, "reason": "Duplicado"}
        target = last_event(working)
        assert target.kind == CaseEvent.Kind.MERGE_RECEIVED
        assert (target.before, target.after) == ({}, {})
        assert target.data == {"from": duplicate.filing_number, "reason": "Duplicado"}
        assert not target.is_public
        assert reload(working).status == Status.IN_PROGRESS

    def test_not_into_itself(self, working, org):
        with refused("same_case"):
            case_merge(case=working, actor=org.lead_a, into=working, reason="x")

    def test_not_into_or_from_a_finished_case(self, working, org):
        closed = bring(file_case(), Status.CLOSED, org)
        with refused("invalid_status"):
            case_merge(case=working, actor=org.lead_a, into=closed, reason="Duplicado")
        with refused("invalid_status"):
            case_merge(case=closed, actor=org.lead_a, into=working, reason="Duplicado")

    def test_reason_is_required(self, working, org):
        other = bring(file_case(), Status.TRIAGED, org)
        with refused("required"):
            case_merge(case=other, actor=org.lead_a, into=working, reason="")

    def test_lead_must_be_in_charge_of_both_cases(self, working, org):
        in_b = case_triage(case=file_case(), actor=org.lead_b, area=org.area_b)
        for source, target, lead in [
            (in_b, working, org.lead_a),  # not the lead of the duplicate
            (working, in_b, org.lead_a),  # not the lead of the case it would join
            (working, in_b, org.lead_b),
            (in_b, working, org.lead_b),
        ]:
            with refused("forbidden"):
                case_merge(case=source, actor=lead, into=target, reason="Duplicado")

    @pytest.mark.parametrize("who", ["officer_a", "auditor", "clerk"])
    def test_others_cannot_merge(self, working, org, who):
        other = bring(file_case(), Status.TRIAGED, org)
        with refused("forbidden"):
            case_merge(case=other, actor=getattr(org, who), into=working, reason="Duplicado")


class TestReopen:
    def test_closed_case_continues_as_a_new_linked_case(self, working, org, frozen):
        closed = bring(working, Status.CLOSED, org)
        frozen(at(2026, 9, 1, 10))
        result = case_reopen(
            case=closed, actor=org.lead_a, reason=" Insiste ", text="La respuesta no resolvió."
        )
        new = result.case
        assert result.created
        assert new.pk != closed.pk
        assert new.filing_number == "2026-000002"
        assert new.parent_id == closed.pk
        # Its own copy of the petitioner's snapshot, of the same person.
        assert new.contact_id != closed.contact_id
        assert new.contact.person_id == closed.contact.person_id is not None
        assert new.contact.email == closed.contact.email
        # Followed with the code the petitioner has: no new code to hand to anyone.
        assert result.tracking_code is None
        assert reload(new).tracking_code_hash == closed.tracking_code_hash
        assert new.text == "La respuesta no resolvió."
        assert (new.status, new.area_id) == (Status.TRIAGED, org.area_a.pk)
        # A new term from the new filing (Tue 1 Sep 2026): 15 business days -> Tue 22 Sep.
        assert new.due_date == dt.date(2026, 9, 22)
        assert events_of(new) == ["filed", "triaged"]
        old = reload(closed)
        assert old.status == Status.CLOSED  # never edited
        event = last_event(old)
        assert event.kind == CaseEvent.Kind.REOPENED
        assert event.actor == org.lead_a
        assert (event.before, event.after) == ({}, {})
        assert event.data == {"new_case": "2026-000002", "reason": "Insiste"}

    def test_reopened_case_goes_to_the_old_area_even_when_its_topic_points_there(self, org, frozen):
        frozen(FILED_AT)
        topic = Topic.objects.create(code="predial", name="Predial", default_area=org.area_a)
        closed = bring(file_case(topic_code=topic.code), Status.CLOSED, org)
        new = case_reopen(case=closed, actor=org.lead_a, reason="Insiste").case
        assert (new.status, new.area_id, new.topic_id) == (Status.TRIAGED, org.area_a.pk, topic.pk)
        assert events_of(new) == ["filed", "triaged"]
        assert reload(new).status == Status.TRIAGED

    def test_only_closed_cases_reopen_and_no_number_is_spent(self, working, org):
        with refused("invalid_status"):
            case_reopen(case=working, actor=org.lead_a, reason="Insiste")
        assert file_case().filing_number == "2026-000002"

    def test_reason_is_required(self, working, org):
        closed = bring(working, Status.CLOSED, org)
        with refused("required"):
            case_reopen(case=closed, actor=org.lead_a, reason=" ")

    @pytest.mark.parametrize("who", ["officer_a", "lead_b", "officer_b", "auditor", "clerk"])
    def test_only_the_lead_of_the_area_reopens(self, working, org, who):
        closed = bring(working, Status.CLOSED, org)
        with refused("forbidden"):
            case_reopen(case=closed, actor=getattr(org, who), reason="Insiste")


class TestNote:
    def test_internal_note_is_never_public(self, working, org, frozen):
        frozen(at(2026, 7, 15, 9))
        event = case_add_note(case=working, actor=org.officer_a, text=" Llamé al peticionario ")
        assert event.kind == CaseEvent.Kind.NOTE
        assert event.actor == org.officer_a
        assert event.at == at(2026, 7, 15, 9)
        assert not event.is_public
        assert event.data == {"text": "Llamé al peticionario"}
        assert (event.before, event.after) == ({}, {})
        assert event.seq == reload(working).last_event_seq
        assert reload(working).status == Status.IN_PROGRESS

    def test_notes_on_a_closed_case_add_history_without_editing_it(self, working, org):
        closed = bring(working, Status.CLOSED, org)
        case_add_note(case=closed, actor=org.officer_a, text="Archivado en carpeta 12")
        assert reload(closed).status == Status.CLOSED

    def test_empty_note(self, working, org):
        with refused("required"):
            case_add_note(case=working, actor=org.officer_a, text="  ")

    @pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk"])
    def test_outsiders_cannot_note(self, working, org, who):
        with refused("forbidden"):
            case_add_note(case=working, actor=getattr(org, who), text="Hola")


# --- query counts ---------------------------------------------------------------------------
def test_filing_query_count(org, frozen, django_assert_num_queries):
    """6: type, channel, series, calendar version and new ids (one query); savepoint; the
    person registry upsert (the submission has a document: one statement, never a lookup of
    data on file); the petitioner's snapshot insert; the number with the case, event and
    receipt (one statement); release. Constant whatever the term: the calendar is counted in
    Python, not one query per day."""
    frozen(FILED_AT)
    file_case()  # warms the calendar cache and creates the year's counter
    submission = SubmissionFactory(case_type_code="consulta")
    with django_assert_num_queries(6):
        case_file(submission=submission, actor=org.clerk)


def test_assignment_query_count(case, org, django_assert_num_queries):
    """9: savepoint, case row lock, areas of the lead (memberships, led areas), areas of the
    assignee (same two), case update, event insert, release."""
    case = case_triage(case=case, actor=org.lead_a, area=org.area_a)
    lead = type(org.lead_a).objects.get(pk=org.lead_a.pk)  # no cached areas
    officer = type(org.officer_a).objects.get(pk=org.officer_a.pk)
    with django_assert_num_queries(9):
        case_assign(case=case, actor=lead, assignee=officer)
