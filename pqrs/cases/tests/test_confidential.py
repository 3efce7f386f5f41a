"""Corruption denuncias are confidential inside the entity (Ley 1474 de 2011 art. 76): filed into
the area that receives confidential reports, seen only by its people and by auditors, routed and
closed only by them, never moved to another area; the reporter's identity is revealed only on a
logged request."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from conftest import at
from pqrs.accounts.checks import confidential_area_check
from pqrs.accounts.models import Area
from pqrs.cases import projection
from pqrs.cases.confidential import case_accesses, identity_reserved
from pqrs.cases.models import CaseAccess, CaseEvent, CaseType, Status
from pqrs.cases.selectors import cases_visible_to
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_assign,
    case_close,
    case_identity_reveal,
    case_merge,
    case_move,
    case_reopen,
    case_start,
    case_transfer,
    case_triage,
    case_withdraw,
)
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import bring, last_event, refused, reload

pytestmark = pytest.mark.django_db


def visible(user, case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


@pytest.fixture
def denuncia(org, control, frozen):
    frozen(at(2026, 7, 10, 9))
    return file_case(case_type_code="denuncia", subject="Cobro por agilizar licencias")


@pytest.mark.parametrize("actor", ["public", "clerk"])
def test_a_denuncia_is_filed_confidential_into_the_confidential_area(org, control, actor):
    case = file_case(case_type_code="denuncia", actor=None if actor == "public" else org.clerk)
    assert case.is_confidential
    assert case.area == control.area
    assert last_event(case).after["is_confidential"] is True
    assert projection.replay(case.events.all()) == projection.snapshot(reload(case))


def test_who_sees_a_denuncia(org, control, denuncia):
    for who in (control.lead, control.officer, org.auditor):
        assert visible(who, denuncia), who
    for who in (org.admin, org.clerk, org.lead_a, org.officer_a, org.lead_b, org.officer_b):
        assert not visible(who, denuncia), who


@pytest.mark.parametrize("who", ["admin", "clerk", "lead_a", "officer_a", "lead_b", "auditor"])
def test_nobody_outside_the_area_acts_on_a_denuncia(org, control, denuncia, who):
    actor = getattr(org, who)
    with refused("forbidden"):
        case_triage(case=denuncia, actor=actor, area=org.area_a)
    with refused("forbidden"):
        case_assign(case=denuncia, actor=actor, assignee=control.officer)
    with refused("forbidden"):
        case_withdraw(case=denuncia, actor=actor, reason="Desiste")
    with refused("forbidden"):
        case_add_note(case=denuncia, actor=actor, text="Visto")
    if who != "auditor":  # auditors read, and may ask to see the reporter
        with refused("forbidden"):
            case_identity_reveal(case=denuncia, actor=actor, reason="Curiosidad")
    assert not CaseAccess.objects.exists()


def test_the_confidential_area_routes_answers_and_closes_it(org, control, denuncia, frozen):
    frozen(at(2026, 7, 13, 10))
    case = case_triage(case=denuncia, actor=control.lead, priority=1)
    assert case.area == control.area
    with refused("invalid_assignee"):
        case_assign(case=case, actor=control.lead, assignee=org.officer_a)
    case = case_assign(case=case, actor=control.lead, assignee=control.officer)
    case = case_start(case=case, actor=control.officer)
    case_add_note(case=case, actor=control.officer, text="Se pidió el expediente.")
    case_answer(case=case, actor=control.officer, body="Se abrió indagación disciplinaria.")
    case = case_close(case=reload(case), actor=control.lead)
    assert case.status == Status.CLOSED
    assert projection.replay(case.events.order_by("seq")) == projection.snapshot(reload(case))


def test_it_leaves_the_entity_by_transfer(org, control, denuncia):
    case = case_triage(case=denuncia, actor=control.lead)
    case_transfer(
        case=case,
        actor=control.lead,
        entity_name="Procuraduría General de la Nación",
        reason="Conducta de un servidor de elección popular.",
        letter="Remitimos su denuncia a la Procuraduría.",
    )
    assert reload(case).status == Status.TRANSFERRED


def test_a_confidential_case_never_goes_to_another_area(org, control, denuncia):
    case = case_triage(case=denuncia, actor=control.lead)
    with refused("confidential_area"):
        case_move(case=case, actor=control.lead, area=org.area_a, reason="Es de Hacienda")
    with refused("confidential_area"):
        case_triage(case=case, actor=control.lead, area=org.area_b)
    # A new type does not make it ordinary again.
    peticion = CaseType.objects.get(code="peticion")
    case = case_triage(case=case, actor=control.lead, case_type=peticion)
    assert (case.is_confidential, case.area_id) == (True, control.area.pk)


def test_merges_do_not_cross_confidentiality(org, control, denuncia):
    # An ordinary case the confidential area also handles.
    ordinary = case_triage(case=file_case(), actor=control.lead, area=control.area)
    with refused("confidential_merge"):
        case_merge(case=denuncia, actor=control.lead, into=ordinary, reason="Duplicado")
    with refused("confidential_merge"):
        case_merge(case=ordinary, actor=control.lead, into=denuncia, reason="Duplicado")
    other = file_case(case_type_code="denuncia")
    merged = case_merge(case=other, actor=control.lead, into=denuncia, reason="Duplicado")
    assert merged.status == Status.MERGED


def test_triage_to_a_confidential_type_sends_the_case_to_the_confidential_area(
    org, control, frozen
):
    frozen(at(2026, 7, 10, 9))
    case = bring(file_case(subject="Un funcionario pidió dinero"), Status.IN_PROGRESS, org)
    denuncia_type = CaseType.objects.get(code="denuncia")
    case = case_triage(case=case, actor=org.lead_a, case_type=denuncia_type, area=org.area_a)
    assert (case.is_confidential, case.area_id, case.assignee_id) == (True, control.area.pk, None)
    assert case.status == Status.TRIAGED
    event = last_event(case)
    assert event.kind == CaseEvent.Kind.TRIAGED
    assert event.after["is_confidential"] is True
    assert event.after["area_id"] == control.area.pk
    assert projection.replay(case.events.order_by("seq")) == projection.snapshot(reload(case))
    assert not visible(org.lead_a, case)
    assert not visible(org.officer_a, case)
    assert visible(control.lead, case)


def test_a_reopened_denuncia_stays_confidential(org, control, denuncia):
    case = case_triage(case=denuncia, actor=control.lead)
    case = case_assign(case=case, actor=control.lead, assignee=control.officer)
    case = case_start(case=case, actor=control.officer)
    case_answer(case=case, actor=control.officer, body="Respuesta")
    case = case_close(case=reload(case), actor=control.lead)
    new = case_reopen(case=case, actor=control.lead, reason="Hay hechos nuevos").case
    assert (new.is_confidential, new.area_id) == (True, control.area.pk)
    assert not visible(org.admin, new)


def test_reveal_is_logged_and_lasts_fifteen_minutes(org, control, denuncia, frozen):
    assert identity_reserved(control.officer, denuncia)
    with refused("required"):
        case_identity_reveal(case=denuncia, actor=control.officer, reason="  ")
    frozen(at(2026, 7, 10, 10))
    access = case_identity_reveal(
        case=denuncia, actor=control.officer, reason="Citar al denunciante a ampliar la denuncia"
    )
    assert (access.user, access.at, access.kind) == (
        control.officer,
        at(2026, 7, 10, 10),
        CaseAccess.Kind.IDENTITY_REVEALED,
    )
    assert not identity_reserved(control.officer, denuncia)
    assert identity_reserved(control.lead, denuncia)  # a reveal is personal
    frozen(at(2026, 7, 10, 10, 16))
    assert identity_reserved(control.officer, denuncia)
    case_identity_reveal(case=denuncia, actor=org.auditor, reason="Auditoría del canal")
    assert [(a.user, a.reason) for a in case_accesses(denuncia)] == [
        (control.officer, "Citar al denunciante a ampliar la denuncia"),
        (org.auditor, "Auditoría del canal"),
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseAccess.objects.filter(pk=access.pk).update(reason="Otra cosa")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseAccess.objects.filter(pk=access.pk).delete()


def test_without_a_confidential_area_only_auditors_see_denuncias_until_one_is_designated(
    org, frozen
):
    frozen(at(2026, 7, 10, 9))
    Area.objects.update(receives_confidential=False)
    assert [w.id for w in confidential_area_check()] == ["pqrs.W001"]
    case = file_case(case_type_code="denuncia")
    assert (case.is_confidential, case.area_id) == (True, None)
    assert visible(org.auditor, case)
    for who in (org.admin, org.clerk, org.lead_a, org.lead_b):
        assert not visible(who, case), who
    with refused("forbidden"):
        case_triage(case=case, actor=org.admin, area=org.area_a)
    ordinary = bring(file_case(), Status.TRIAGED, org)
    with refused("no_confidential_area"):  # nor can a case be made confidential meanwhile
        case_triage(
            case=ordinary, actor=org.lead_a, case_type=CaseType.objects.get(code="denuncia")
        )

    Area.objects.filter(pk=org.area_b.pk).update(receives_confidential=True)
    assert confidential_area_check() == []
    lead_b = type(org.lead_b).objects.get(pk=org.lead_b.pk)  # no cached areas
    assert visible(lead_b, case)
    with refused("confidential_area"):
        case_triage(case=case, actor=lead_b, area=org.area_a)
    case = case_triage(case=case, actor=lead_b)
    assert case.area_id == org.area_b.pk
    assert visible(org.officer_b, case)
    assert not visible(org.lead_a, case)


def test_check_warns_when_the_confidential_area_has_nobody(org):
    assert [w.id for w in confidential_area_check()] == ["pqrs.W002"]


def test_check_is_quiet_when_the_area_has_people(org, control):
    assert confidential_area_check() == []


def test_check_is_quiet_on_a_new_installation(defaults):
    """Before anyone has an account (``make run`` migrating a new database) there is nobody to
    warn, and nobody who could read a denuncia."""
    Area.objects.update(receives_confidential=False)
    assert confidential_area_check() == []
