"""Search by radicado, petitioner and words, on PostgreSQL with Spanish stemming and accents
ignored (migration 0004), always inside what the user may see."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from pqrs.cases.models import Case
from pqrs.cases.selectors import case_search, text_matches
from pqrs.cases.services import case_answer, case_assign, case_start, case_triage
from pqrs.cases.tests.factories import ContactDataFactory, file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(org):
    predial = file_case(
        subject="Cobro doble del impuesto predial",
        text="Me llegaron dos facturas; solicito la devolución del pago.",
        contact=ContactDataFactory(full_name="María Gómez", id_number="40111222", email="mg@x.co"),
    )
    vacunas = file_case(
        subject="Horario de vacunación",
        text="¿Cuáles son los horarios de las jornadas de vacunación infantil?",
        contact=ContactDataFactory(full_name="Jorge Ramírez", id_number="7999888"),
    )
    for case in (predial, vacunas):
        case_triage(case=case, actor=org.admin, area=org.area_a)
    return predial, vacunas


def found(user, text) -> set[str]:
    return set(case_search(user, text).values_list("filing_number", flat=True))


def test_words_match_with_spanish_stemming_and_without_accents(org, cases):
    predial, vacunas = cases
    assert found(org.admin, "vacunacion") == {vacunas.filing_number}
    assert found(org.admin, "VACUNACIÓN jornada") == {vacunas.filing_number}
    assert found(org.admin, "devolucion pagos") == {predial.filing_number}
    assert found(org.admin, "factura") == {predial.filing_number}
    assert found(org.admin, "semaforo") == set()


def test_radicado_petitioner_id_and_email(org, cases):
    predial, vacunas = cases
    assert found(org.admin, predial.filing_number) == {predial.filing_number}
    assert found(org.admin, " 40111222 ") == {predial.filing_number}
    assert found(org.admin, "MG@X.CO") == {predial.filing_number}
    assert found(org.admin, "ramírez") == {vacunas.filing_number}
    assert found(org.admin, "") == set()


def test_words_of_the_answer_are_searched(org, cases):
    _predial, vacunas = cases
    vacunas = case_start(
        case=case_assign(case=vacunas, actor=org.lead_a, assignee=org.officer_a),
        actor=org.officer_a,
    )
    case_answer(case=vacunas, actor=org.officer_a, body="Los biológicos llegan el martes.")
    assert found(org.admin, "biologico") == {vacunas.filing_number}


def test_search_respects_the_visibility_rule(org, cases):
    predial, _ = cases
    Case.objects.filter(pk=predial.pk).update(area=org.area_b)
    assert found(org.officer_a, "predial") == set()
    assert found(org.officer_a, predial.filing_number) == set()
    assert found(org.officer_b, "predial") == {predial.filing_number}


def test_substring_fallback_used_on_sqlite(org, cases):
    _predial, vacunas = cases
    ids = set()
    for queryset in text_matches("vacunación", "sqlite"):
        ids |= set(queryset.values_list(queryset.query.values_select[0], flat=True))
    assert ids == {vacunas.pk}


def test_full_text_query_uses_the_expression_index(org, cases):
    queryset = case_search(org.admin, "vacunacion")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_document" in plan
    assert "communication_fulltext" in plan


def test_search_page_lists_results(org, cases, as_user):
    predial, _ = cases
    response = as_user(org.lead_a).get("/desk/search/", {"q": "predial"})
    assert re.findall(r'data-case="([^"]+)"', response.content.decode()) == [predial.filing_number]


def test_newest_results_merge_words_answers_and_petitioners(org, frozen):
    from conftest import at
    from pqrs.cases.selectors import case_search_newest

    frozen(at(2026, 7, 20, 9))
    by_name = file_case(
        subject="Otro asunto",
        contact=ContactDataFactory(full_name="Ana Predial Ruiz"),
        received_at=at(2026, 7, 1, 9),
    )
    by_words = [
        file_case(subject=f"Impuesto predial {day}", received_at=at(2026, 7, day, 9))
        for day in (2, 3, 6)
    ]
    answered = case_start(
        case=case_assign(
            case=case_triage(
                case=file_case(subject="Consulta", received_at=at(2026, 7, 7, 9)),
                actor=org.admin,
                area=org.area_a,
            ),
            actor=org.lead_a,
            assignee=org.officer_a,
        ),
        actor=org.officer_a,
    )
    case_answer(case=answered, actor=org.officer_a, body="Sobre el predial le informamos...")
    newest = [c.pk for c in case_search_newest(org.admin, "predial", 3)]
    assert newest == [answered.pk, by_words[2].pk, by_words[1].pk]
    everything = [c.pk for c in case_search_newest(org.admin, "predial", 10)]
    assert everything == [answered.pk, *[c.pk for c in reversed(by_words)], by_name.pk]
    assert case_search_newest(org.officer_b, "predial") == []
