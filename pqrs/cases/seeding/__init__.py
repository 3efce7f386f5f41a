"""Seeding a large, realistic history of cases on PostgreSQL (default: one million), fast.

Why not through the services: ``case_file`` and the lifecycle services give about a hundred
cases a second here, so a million would take hours. This command writes the same rows the
services would write, with PostgreSQL ``COPY``, and is held to the same rules:

- filing numbers are consecutive per year in order of reception, starting at 1, and the
  counters end at the last number given, so the next real filing continues the series;
  outgoing numbers (answers, notices, letters) likewise, in order of creation;
- every change of a case is an event with the fields before and after, so
  ``projection.replay(events) == projection.snapshot(case)`` for every seeded case;
- due dates come from ``pqrs.deadlines`` over the entity's real business calendar, including
  suspensions (Ley 1755 art. 17) and extensions (art. 14 parágrafo);
- nothing happens after "now", and each case only reaches the state its age allows;
- every identified case has a petitioner snapshot of its own, and one petitioner in five files
  again, with a new snapshot linked to the same ``Person`` (as ``case_file`` does).

It refuses to run when any case exists (it never mixes with real filings: the numbers would
no longer follow reception order), and it runs in one transaction with the case table locked,
so an interrupted run leaves nothing behind and can simply be started again.
Areas, topics and staff users it needs are created when missing (users without a usable
password: they exist to be actors of the history, not to log in).
"""
