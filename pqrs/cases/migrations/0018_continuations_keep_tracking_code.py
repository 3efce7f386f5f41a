"""A reopened case is followed with the tracking code of the case it continues (issue 8).

Until now each continuation got a new code that was never shown or sent to anyone, so its
petitioner could not follow it. Every continuation takes the code hash of the first case of its
chain (a continuation of a continuation too), in one set-based statement. Nothing is lost: the
replaced codes were never known to anyone. Going back keeps the hashes.
"""

from django.db import migrations


def follow_with_the_first_code(apps, schema_editor):
    cases = apps.get_model("cases", "Case")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE chain (id, code_hash) AS ("  # noqa: S608
            f"  SELECT c.id, p.tracking_code_hash FROM {cases} c"
            f"  JOIN {cases} p ON p.id = c.parent_id WHERE p.parent_id IS NULL"
            f"  UNION ALL"
            f"  SELECT c.id, chain.code_hash FROM {cases} c JOIN chain ON c.parent_id = chain.id"
            f") "
            f"UPDATE {cases} SET tracking_code_hash = chain.code_hash FROM chain "
            f"WHERE {cases}.id = chain.id AND {cases}.tracking_code_hash <> chain.code_hash"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_one_contact_per_case"),
    ]

    operations = [
        migrations.RunPython(follow_with_the_first_code, migrations.RunPython.noop),
    ]
