"""CaseEvent is append-only: the database itself refuses UPDATE and DELETE on PostgreSQL, so
not even a bug or a hand-typed SQL session can rewrite a case's legal history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION pqrs_case_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_event_append_only
    BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION pqrs_case_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS case_event_append_only ON cases_caseevent;
DROP FUNCTION IF EXISTS pqrs_case_event_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON cases_caseevent
BEGIN SELECT RAISE(ABORT, 'cases_caseevent is append-only'); END;
"""
SQLITE_CREATE_2 = """
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON cases_caseevent
BEGIN SELECT RAISE(ABORT, 'cases_caseevent is append-only'); END;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute(SQLITE_CREATE_2)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS case_event_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS case_event_no_delete")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
