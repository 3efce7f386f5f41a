"""Full-text search and inbox indexes for the staff desk (PostgreSQL only).

- ``pqrs_spanish``: the Spanish text search configuration with accents removed first, so
  "peticion" finds "Petición" and "peticiones" (Spanish snowball stemming).
- GIN expression indexes over the case's subject and text and over the body of answers; the
  expressions are built with the same ``SearchVector`` the search selector uses, so the planner
  can match them.
- A trigram index on the petitioner's name for substring search.
- Partial indexes over open cases in queue order, so inbox pages and keyset continuations are
  index range scans even with years of closed cases in the table.

SQLite (the embedded default) gets none of this; its search falls back to substring matching.
"""

from django.db import migrations

OPEN = "('filed', 'triaged', 'assigned', 'in_progress', 'waiting_petitioner')"

SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS pqrs_spanish",
    "CREATE TEXT SEARCH CONFIGURATION pqrs_spanish (COPY = pg_catalog.spanish)",
    "ALTER TEXT SEARCH CONFIGURATION pqrs_spanish "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    "CREATE INDEX IF NOT EXISTS contact_full_name_trgm "
    "ON cases_contact USING gin (UPPER(full_name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS case_filing_number_upper ON cases_case (UPPER(filing_number::text))",
    f"CREATE INDEX IF NOT EXISTS case_open_queue ON cases_case "
    f"(priority DESC, due_date, received_at, id) WHERE status IN {OPEN}",
    f"CREATE INDEX IF NOT EXISTS case_open_area_queue ON cases_case "
    f"(area_id, priority DESC, due_date, received_at, id) WHERE status IN {OPEN}",
    f"CREATE INDEX IF NOT EXISTS case_open_assignee_queue ON cases_case "
    f"(assignee_id, priority DESC, due_date, received_at, id) WHERE status IN {OPEN}",
    f"CREATE INDEX IF NOT EXISTS case_open_due ON cases_case (due_date, id) WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS case_received_id ON cases_case (received_at, id)",
]
REVERSE_SQL = [
    "DROP INDEX IF EXISTS case_received_id",
    "DROP INDEX IF EXISTS case_open_due",
    "DROP INDEX IF EXISTS case_open_assignee_queue",
    "DROP INDEX IF EXISTS case_open_area_queue",
    "DROP INDEX IF EXISTS case_open_queue",
    "DROP INDEX IF EXISTS case_filing_number_upper",
    "DROP INDEX IF EXISTS contact_full_name_trgm",
    "DROP INDEX IF EXISTS case_fulltext",
    "DROP INDEX IF EXISTS communication_fulltext",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS pqrs_spanish",
]


def _indexes():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return [
        ("Case", GinIndex(SearchVector("subject", "text", config="pqrs_spanish"), name="case_fulltext")),
        ("Communication", GinIndex(SearchVector("body", config="pqrs_spanish"), name="communication_fulltext")),
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in SQL:
        schema_editor.execute(statement)
    for model_name, index in _indexes():
        schema_editor.add_index(apps.get_model("cases", model_name), index)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in REVERSE_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_petitioner_preferences")]

    operations = [migrations.RunPython(forwards, backwards)]
