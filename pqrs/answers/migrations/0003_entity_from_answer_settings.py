"""The entity's name moves to ``core.Entity``, the one source every document reads.

The row starts from the name an administrator typed in the answer settings, if they changed
the shipped "Entidad"; otherwise from the PQRS_ENTITY_NAME setting (what the portal and the
constancia showed until now). One row: no batching needed."""

from django.conf import settings
from django.db import migrations

SHIPPED_ANSWER_ENTITY_NAME = "Entidad"


def forwards(apps, schema_editor):
    AnswerSettings = apps.get_model("answers", "AnswerSettings")
    Entity = apps.get_model("core", "Entity")
    typed = (
        AnswerSettings.objects.filter(pk=1).values_list("entity_name", flat=True).first() or ""
    ).strip()
    name = typed if typed and typed != SHIPPED_ANSWER_ENTITY_NAME else settings.PQRS_ENTITY_NAME
    Entity.objects.get_or_create(pk=1, defaults={"name": name})


def backwards(apps, schema_editor):
    AnswerSettings = apps.get_model("answers", "AnswerSettings")
    Entity = apps.get_model("core", "Entity")
    name = Entity.objects.filter(pk=1).values_list("name", flat=True).first()
    if name:
        AnswerSettings.objects.filter(pk=1).update(entity_name=name)


class Migration(migrations.Migration):
    dependencies = [("answers", "0002_default_templates"), ("core", "0001_entity")]

    operations = [migrations.RunPython(forwards, backwards)]
