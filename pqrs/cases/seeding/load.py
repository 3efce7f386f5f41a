"""Loading the history: the organization it needs, the worker processes, ``COPY``, indexes
and foreign keys, the counters."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from pqrs.accounts.models import Area, AreaMembership, Role, User
from pqrs.accounts.selectors import confidential_area
from pqrs.cases.defaults import defaults_load
from pqrs.cases.models import (
    Case,
    CaseEvent,
    Communication,
    Contact,
    FilingReceipt,
    Person,
    Topic,
)
from pqrs.core import clock

from .catalog import (
    AREAS,
    TOPICS,
)
from .history import Builder, ChunkResult, Job, Numberer, Org

SEEDED_MODELS: tuple[type[models.Model], ...] = (
    Person,
    Contact,
    Case,
    FilingReceipt,
    Communication,
    CaseEvent,
)


def _seeded_tables() -> list[str]:
    return [m._meta.db_table for m in SEEDED_MODELS]


REFUSAL = (
    "Cases already exist: seed_cases only seeds an empty register, so that filing numbers "
    "keep following the order of reception. Use a new database."
)
CHUNK = 10_000  # cases per job for a worker process


_WORKER: Builder | None = None


def _run_chunk(job: Job) -> ChunkResult:
    assert _WORKER is not None  # noqa: S101 - set before the pool forks
    return _WORKER.chunk(job)


class SeedCasesCommand(BaseCommand):
    help = "Seed many realistic cases on PostgreSQL with COPY (refuses if cases exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--years", type=int, default=3, help="spread over this many years")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable)")
        parser.add_argument(
            "--workers", type=int, default=0, help="processes that build rows (default: CPUs)"
        )
        parser.add_argument("--chunk", type=int, default=CHUNK, help="cases per worker job")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_cases needs PostgreSQL (it loads with COPY).")
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be positive.")
        if Case.objects.exists():
            raise CommandError(REFUSAL)
        started = time.monotonic()
        defaults_load()
        org = self._organization()
        builder = Builder(
            rng=random.Random(options["seed"]), org=org, now=clock.now(), years=options["years"]
        )
        builder.moments = builder.draw_moments(count)
        workers = options["workers"] or max(2, os.cpu_count() or 1)
        # The workers only compute (no query: everything they read is loaded here) and never
        # touch the connection they inherit; they end by os._exit, which sends nothing on it.
        global _WORKER
        _WORKER = builder
        pool = multiprocessing.get_context("fork").Pool(workers)
        try:
            with transaction.atomic():
                self._seed(builder, pool, options["seed"], options["chunk"], started)
                self.stdout.write(f"committing ({time.monotonic() - started:.0f} s so far)")
        finally:
            pool.terminate()
            _WORKER = None
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {count:,} cases in {elapsed:.0f} s ({count / elapsed:,.0f} cases/s)."
            )
        )

    # --- organization ---------------------------------------------------------------------
    def _organization(self) -> Org:
        with transaction.atomic():
            areas = {}
            for code, name in AREAS:
                areas[code] = Area.objects.get_or_create(code=code, defaults={"name": name})[0]
            # Denuncias go to the area that receives confidential reports (defaults_load made
            # it, unless an administrator chose another), which needs people like any other.
            control = confidential_area()
            if control is None:
                raise CommandError(
                    "No active area receives confidential reports: designate one in the admin."
                )
            areas[control.code] = control
            topics = []
            for code, name, area_code, weight, texts in TOPICS:
                topic = Topic.objects.get_or_create(
                    code=code, defaults={"name": name, "default_area": areas[area_code]}
                )[0]
                area_id = topic.default_area_id or areas[area_code].pk
                topics.append((topic.pk, area_id, texts, weight))
            leads: dict[int, int] = {}
            officers: dict[int, list[int]] = {}
            for code, area in areas.items():
                lead = self._user(f"seed.jefe.{code}", Role.AREA_LEAD, area)
                if area.lead_id is None:
                    Area.objects.filter(pk=area.pk).update(lead=lead)
                leads[area.pk] = area.lead_id or lead.pk
                officers[area.pk] = [
                    self._user(f"seed.gestor{i}.{code}", Role.OFFICER, area).pk for i in (1, 2, 3)
                ]
            clerks = [self._user(f"seed.radicador{i}", Role.FILING_CLERK).pk for i in (1, 2)]
            admin = self._user("seed.admin", Role.ADMINISTRATOR).pk
        return Org(
            topics=[(t, a, texts) for t, a, texts, _w in topics],
            topic_cum=list(itertools.accumulate(w for *_rest, w in topics)),
            leads=leads,
            officers=officers,
            clerks=clerks,
            admin=admin,
            confidential_area=control.pk,
        )

    @staticmethod
    def _user(username: str, role: str, area: Area | None = None) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=None, role=role)
        if area is not None:
            AreaMembership.objects.get_or_create(user=user, area=area)
        return user

    # --- the load -------------------------------------------------------------------------
    def _seed(self, builder: Builder, pool: Any, seed: int, chunk: int, started: float) -> None:
        count = len(builder.moments)
        with connection.cursor() as cursor:
            # Nobody files while the history is written under the numbers they would take.
            cursor.execute(f'LOCK TABLE "{Case._meta.db_table}" IN EXCLUSIVE MODE')
            if Case.objects.exists():
                raise CommandError(REFUSAL)
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            dropped = self._drop_secondary_indexes(cursor)
            case_base = self._reserve_ids(cursor, Case, count)
            contact_base = self._reserve_ids(cursor, Contact, count)
            person_base = self._reserve_ids(cursor, Person, count)
            bulk = self._bulk_mode(cursor)
            jobs = []
            incoming: dict[int, int] = {}
            for start in range(0, count, chunk):
                end = min(count, start + chunk)
                jobs.append(
                    Job(start, end, case_base, contact_base, person_base, seed, dict(incoming))
                )
                for moment in builder.moments[start:end]:
                    year = builder.local(moment).year
                    incoming[year] = incoming.get(year, 0) + 1
            numberer = Numberer(builder)
            totals: dict[str, int] = {}
            tables = {t.name: t for t in builder.tables}

            def load(name: str, rows: int, data: bytes) -> None:
                tables[name].copy(cursor, data)
                totals[name] = totals.get(name, 0) + rows

            for number, result in enumerate(pool.imap(_run_chunk, jobs), 1):
                for name, (rows, data) in result.tables.items():
                    load(name, rows, data)
                numberer.add(result)
                following = jobs[number].start if number < len(jobs) else None
                for name, (rows, data) in numberer.release(
                    builder.moments[following] if following is not None else None
                ).items():
                    load(name, rows, data)
                done = jobs[number - 1].end
                if number % 5 == 0 or done == count:
                    elapsed = time.monotonic() - started
                    self.stdout.write(
                        f"  {done:>9,} cases  {elapsed:6.0f} s  {done / elapsed:7,.0f} cases/s"
                    )
            self.stdout.write(
                "loaded "
                + ", ".join(f"{rows:,} {name}" for name, rows in totals.items())
                + f" in {time.monotonic() - started:.0f} s"
            )
            began = time.monotonic()
            if bulk:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
                self._check_foreign_keys(cursor)
            else:
                # Checked now, all at once: PostgreSQL builds no index over pending checks.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.stdout.write(f"foreign keys checked in {time.monotonic() - began:.0f} s")
            self.stdout.write(f"rebuilding {len(dropped)} indexes")
            began = time.monotonic()
            for definition in dropped:
                cursor.execute(definition)
            self.stdout.write(f"indexes rebuilt in {time.monotonic() - began:.0f} s")
            builder.set_counters(incoming, numberer.outgoing)
            for name in tables:
                cursor.execute(f'ANALYZE "{name}"')

    def _bulk_mode(self, cursor: Any) -> bool:
        """Load without per-row foreign-key triggers when the role may (superuser) and no
        other insert trigger exists on these tables (it would be skipped too); the keys are
        then checked set-wise after the load, which is much faster than one check per row."""
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) "
            "AND NOT tgisinternal AND tgtype & 4 <> 0",  # 4: fires on INSERT
            [_seeded_tables()],
        )
        if cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    @staticmethod
    def _check_foreign_keys(cursor: Any) -> None:
        for model in SEEDED_MODELS:
            for f in model._meta.concrete_fields:
                if not isinstance(f, models.ForeignKey):
                    continue
                parent = f.related_model._meta
                cursor.execute(
                    f'SELECT count(*) FROM "{model._meta.db_table}" c '  # noqa: S608 - our names
                    f'WHERE c."{f.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM '
                    f'"{parent.db_table}" p WHERE p."{f.target_field.column}" = c."{f.column}")'
                )
                broken = cursor.fetchone()[0]
                if broken:
                    raise CommandError(
                        f"{broken} rows of {model._meta.db_table}.{f.column} point nowhere."
                    )

    @staticmethod
    def _reserve_ids(cursor: Any, model: type[models.Model], count: int) -> int:
        """Take ``count`` ids from the table's sequence in one step, so rows can reference
        each other before they are written."""
        table = model._meta.db_table
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return int(first)

    @staticmethod
    def _drop_secondary_indexes(cursor: Any) -> list[str]:
        """Indexes that back no constraint are rebuilt once at the end, which is several
        times faster than maintaining them row by row (unique constraints stay, and check
        every row as it arrives)."""
        tables = _seeded_tables()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in found]
