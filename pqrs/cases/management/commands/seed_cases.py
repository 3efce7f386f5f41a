"""``python manage.py seed_cases``: a large, realistic history of cases on PostgreSQL, fast.

What it writes and the rules it keeps: ``pqrs.cases.seeding``.
"""

from pqrs.cases.seeding.load import SeedCasesCommand as Command

__all__ = ["Command"]
