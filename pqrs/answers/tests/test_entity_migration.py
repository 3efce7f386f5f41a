"""The entity's name leaves the answer settings for ``core.Entity`` without losing what an
administrator typed (migration answers 0003)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("answers", "0002_default_templates"), ("core", "0001_entity")]
AFTER = [("answers", "0004_remove_answersettings_entity_name")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Hospital Regional de Duitama", "Hospital Regional de Duitama"),
        ("Entidad", "Personería de Paipa"),  # the shipped default: the setting wins
    ],
)
def test_the_entity_starts_from_the_typed_letter_name_else_from_the_setting(
    settings, typed, expected
):
    settings.PQRS_ENTITY_NAME = "Personería de Paipa"
    try:
        apps = migrate(BEFORE)
        apps.get_model("core", "Entity").objects.all().delete()
        apps.get_model("answers", "AnswerSettings").objects.update_or_create(
            pk=1, defaults={"entity_name": typed}
        )
        apps = migrate(AFTER)
        assert apps.get_model("core", "Entity").objects.get().name == expected
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
