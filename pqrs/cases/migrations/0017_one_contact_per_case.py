"""Petitioner identity (issue 8): every case gets a petitioner row of its own, and the person
registry links the rows filed with one identity document.

Until now a staff filing with a known document number reused the petitioner row of that
person's earlier cases, and overwrote it. Here, set-based (no query per row, so a database of a
million cases migrates in seconds):

1. a row shared by several cases stays with the earliest of them (reception time, then id);
   every other case gets a copy. The case row's ``contact_id`` changes, so an internal
   ``petitioner_separated`` event records it and the history still replays to the row (the
   events are append-only: nothing earlier is rewritten);
2. one ``Person`` per document (type + number without spaces, dots and hyphens, upper-case:
   ``pqrs.cases.models.normalize_id_number``), linked to every row filed with one.

Going back keeps the copies (the earlier code reads them like any row) and the events.
"""

from django.db import migrations
from django.utils import timezone

# The characters ``normalize_id_number`` strips (pqrs/cases/models.py): keep both equal.
SEPARATORS = (" ", ".", "-", "\t", "\u00a0")


def _normalized(column):
    """``normalize_id_number`` in SQL that PostgreSQL and SQLite both run, and its params."""
    sql = column
    for _char in SEPARATORS:
        sql = f"replace({sql}, %s, '')"
    return f"upper({sql})", list(SEPARATORS)


def separate_shared_contacts(apps, schema_editor):
    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    Contact = apps.get_model("cases", "Contact")
    contacts = Contact._meta.db_table
    cases = apps.get_model("cases", "Case")._meta.db_table
    events = apps.get_model("cases", "CaseEvent")._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    copied = [f.column for f in Contact._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if postgres:
            new_id, id_params = f"nextval(pg_get_serial_sequence('{contacts}', 'id'))", []
            as_json = "jsonb_build_object"
        else:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {contacts}")  # noqa: S608
            new_id, id_params = "%s + ROW_NUMBER() OVER (ORDER BY case_id)", [cursor.fetchone()[0]]
            as_json = "json_object"
        cursor.execute(
            "CREATE TEMPORARY TABLE pqrs_contact_split "
            "(case_id bigint PRIMARY KEY, old_id bigint NOT NULL, new_id bigint NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO pqrs_contact_split (case_id, old_id, new_id) "  # noqa: S608
            f"SELECT case_id, contact_id, {new_id} FROM ("
            f"  SELECT id AS case_id, contact_id, ROW_NUMBER() OVER ("
            f"    PARTITION BY contact_id ORDER BY received_at, id) AS position"
            f"  FROM {cases} WHERE contact_id IS NOT NULL"
            f") ranked WHERE position > 1",
            id_params,
        )
        if postgres:
            cursor.execute("ANALYZE pqrs_contact_split")
        columns = ", ".join(quote(c) for c in copied)
        cursor.execute(
            f"INSERT INTO {contacts} (id, {columns}) "  # noqa: S608
            f"SELECT s.new_id, {', '.join(f'k.{quote(c)}' for c in copied)} "
            f"FROM pqrs_contact_split s JOIN {contacts} k ON k.id = s.old_id"
        )
        cursor.execute(
            f"UPDATE {cases} SET contact_id = s.new_id, "  # noqa: S608
            f"last_event_seq = {cases}.last_event_seq + 1 "
            f"FROM pqrs_contact_split s WHERE {cases}.id = s.case_id"
        )
        event_columns = ", ".join(
            quote(c)
            for c in (
                "case_id",
                "seq",
                "kind",
                "at",
                "actor_id",
                "actor_label",
                "before",
                "after",
                "data",
                "is_public",
            )
        )
        cursor.execute(
            f"INSERT INTO {events} ({event_columns}) "  # noqa: S608
            f"SELECT s.case_id, c.last_event_seq, 'petitioner_separated', %s, NULL, 'system', "
            f"{as_json}('contact_id', s.old_id), {as_json}('contact_id', s.new_id), "
            f"{as_json}(), %s "
            f"FROM pqrs_contact_split s JOIN {cases} c ON c.id = s.case_id",
            [now, False],
        )
        cursor.execute("DROP TABLE pqrs_contact_split")


def register_persons(apps, schema_editor):
    connection = schema_editor.connection
    contacts = apps.get_model("cases", "Contact")._meta.db_table
    persons = apps.get_model("cases", "Person")._meta.db_table
    number, params = _normalized("id_number")
    linked, linked_params = _normalized(f"{contacts}.id_number")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {persons} (id_type, id_number, created_at) "  # noqa: S608
            f"SELECT id_type, number, MIN(created_at) FROM ("
            f"  SELECT id_type, {number} AS number, created_at FROM {contacts}"
            f"  WHERE id_type <> ''"
            f") keyed WHERE number <> '' GROUP BY id_type, number",
            params,
        )
        cursor.execute(
            f"UPDATE {contacts} SET person_id = p.id FROM {persons} p "  # noqa: S608
            f"WHERE {contacts}.id_type <> '' AND p.id_type = {contacts}.id_type "
            f"AND p.id_number = {linked}",
            linked_params,
        )
        if connection.vendor == "postgresql":
            # Every row of both tables changed: without fresh statistics the planner takes a
            # person for thousands of rows and walks all cases to list their other cases.
            cursor.execute(f"ANALYZE {contacts}, {persons}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_caseevent_petitioner_separated"),
    ]

    operations = [
        migrations.RunPython(separate_shared_contacts, migrations.RunPython.noop),
        migrations.RunPython(register_persons, migrations.RunPython.noop),
    ]
