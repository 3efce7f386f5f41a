"""Colombian default templates for the answer and the notices; administrators edit them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from pqrs.answers.defaults import templates_load

    templates_load(apps.get_model("answers", "AnswerTemplate"), apps.get_model("answers", "AnswerSettings"))


class Migration(migrations.Migration):
    dependencies = [("answers", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
