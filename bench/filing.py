"""Filing throughput: ``case_file`` against bare inserts of the same rows, at 1, 8 and 32 workers.

Run (PostgreSQL only; the database is created and migrated if missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pqrs_bench .venv/bin/python bench/filing.py

Workers are **processes** (fork), each with its own connection: a Django filing is mostly
CPU-bound Python, and threads would measure the GIL rather than the database.

Three kinds of transaction are timed at each worker count, in the same run and on the same
tables, alternating so all see tables of the same size:

- ``service``: ``pqrs.cases.services.case_file``, the filing service every channel calls
  (validation, idempotency check, the person registry upsert, the petitioner's snapshot, the
  gap-free radicado, case, first event, receipt);
- ``web``: ``portal_file`` as the portal's form calls it: the same, plus an idempotency key
  and the receipt e-mail owed in the same transaction (one more row);
- ``bare``: one transaction that writes the same five rows (person upsert, contact, case, first
  event, receipt) through the ORM with a plain unique value instead of the counter: no lookups,
  no numbering. It is the floor the service is measured against.

The ratio service/bare is the figure in force (design.md, "Targets"): machines differ, ratios
travel. ``number + commit ms`` is the mean time per filing from queueing the statement that
takes the radicado to reading its reply after the COMMIT sent with it: the wait for the counter
row lock held by other filers, the statement and the commit; ``cpu ms`` is user+system CPU per
filing, per worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: no query log kept per connection (DEBUG would add its cost to every query),
# and a Redis broker for the receipt e-mails the ``web`` kind queues (the embedded default's
# file-system broker lists its whole folder on every message). Purged when the bench ends.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")

# Bare rows live in a year no real filing can have, so they never meet the real counter.
BARE_YEAR = 9999
WORKER_COUNTS = (1, 8, 32)


@dataclass(frozen=True)
class Point:
    kind: str
    workers: int
    filings: int
    seconds: float
    latencies: list[float]
    numbering_seconds: float
    cpu_seconds: float
    busy: float

    @property
    def rate(self) -> float:
        return self.filings / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def ensure_database(url: str) -> str:
    """Create the benchmark database if it does not exist; the bench needs no hand setup."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("bench/filing.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    name = config["NAME"]
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    return name


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from pqrs.cases.defaults import defaults_load

    call_command("migrate", verbosity=0, interactive=False)
    defaults_load()
    # Imported once here, as a web server imports at start-up, not in each worker's timed loop:
    # the receipt task's module brings WeasyPrint, seconds of CPU per process.
    import pqrs.notifications.tasks  # noqa: F401


# --- what each worker does --------------------------------------------------------------------
def _submissions(worker: int, count: int) -> list[Any]:
    from pqrs.cases.services.filing import ContactData, Submission

    run = uuid.uuid4().hex[:8]
    return [
        Submission(
            case_type_code=("peticion", "queja", "reclamo", "peticion_informacion")[i % 4],
            channel_code="web",
            subject=f"Solicitud de prueba {run}-{worker}-{i}",
            text="Solicito información sobre el estado del trámite de mi predio. " * 4,
            contact=ContactData(
                full_name="Persona de Prueba",
                id_type="CC",
                id_number=f"{run}{worker:02d}{i:05d}",
                email=f"p{run}{worker}{i}@example.com",
                phone="3001234567",
                address="Calle 10 # 5-20",
                city="Tunja",
                data_consent=True,
                consent_policy_version="2026-1",
            ),
        )
        for i in range(count)
    ]


def _file_service(submission: Any) -> None:
    from pqrs.cases.services import case_file

    case_file(submission=submission, actor=None)


def _file_web(submission: Any) -> None:
    """As the portal's form files: with an idempotency key, and owing the receipt e-mail in the
    same transaction (one more row, the delivery)."""
    from dataclasses import replace

    from pqrs.portal.services import portal_file

    portal_file(
        submission=replace(submission, idempotency_key=f"web:{uuid.uuid4().hex}"),
        language="es",
        client="127.0.0.1",
    )


class _Bare:
    """The same rows as a filing, written with no lookup and no counter."""

    def __init__(self, first_sequence: int) -> None:
        from pqrs.cases.models import CaseType, Channel
        from pqrs.core import clock
        from pqrs.deadlines.clock import ClockStatus

        self.sequence = first_sequence
        self.types = {t.code: t for t in CaseType.objects.all()}
        self.channel = Channel.objects.get(code="web")
        self.running = ClockStatus.RUNNING.value
        self.clock = clock

    def __call__(self, submission: Any) -> None:
        from django.db import transaction

        from pqrs.cases.models import Case, CaseEvent, Contact, FilingReceipt, Person
        from pqrs.cases.projection import snapshot

        case_type = self.types[submission.case_type_code]
        now = self.clock.now()
        data = submission.contact
        self.sequence += 1
        with transaction.atomic():
            person = Person(id_type=data.id_type, id_number=data.id_number)
            Person.objects.bulk_create(
                [person],
                update_conflicts=True,
                unique_fields=["id_number", "id_type"],
                update_fields=["id_number"],
            )
            contact = Contact.objects.create(
                person=person,
                id_type=data.id_type,
                id_number=data.id_number,
                full_name=data.full_name,
                email=data.email,
                phone=data.phone,
                address=data.address,
                city=data.city,
                data_consent=True,
                consent_policy_version=data.consent_policy_version,
                consent_at=now,
            )
            case = Case.objects.create(
                filing_number=f"BARE-{self.sequence}",
                filing_year=BARE_YEAR,
                filing_sequence=self.sequence,
                case_type=case_type,
                channel=self.channel,
                subject=submission.subject,
                text=submission.text,
                contact=contact,
                received_at=now,
                received_on=now.date(),
                term_value=case_type.term_value,
                term_unit=case_type.term_unit,
                due_date=now.date() + dt.timedelta(days=21),
                clock_status=self.running,
                tracking_code_hash=uuid.uuid4().hex,
                last_event_seq=1,
            )
            CaseEvent.objects.create(
                case=case,
                seq=1,
                kind=CaseEvent.Kind.FILED,
                at=now,
                actor_label="petitioner",
                after=snapshot(case),
                data={"channel": self.channel.code, "attachments": 0},
            )
            FilingReceipt.objects.create(
                case=case,
                filing_number=case.filing_number,
                filed_at=now,
                case_type_name=case_type.name,
                channel_name=self.channel.name,
                due_date=case.due_date,
            )


def _worker(
    kind: str, worker: int, count: int, first_sequence: int, barrier: Any, results: Any
) -> None:
    from django.db import connection

    from pqrs.cases.services import filing, numbering
    from pqrs.deadlines.selectors import calendar_snapshot

    # Time from queueing the numbering statement to reading its reply after the pipelined
    # COMMIT: the wait for the counter row lock, the statement and the commit together.
    numbering_time = [0.0]
    insert_numbered = filing.insert_numbered
    take = numbering.PendingNumber.take

    def timed_insert_numbered(**kwargs: Any) -> Any:
        pending = insert_numbered(**kwargs)
        pending.bench_started = time.perf_counter()
        return pending

    def timed_take(pending: Any) -> Any:
        try:
            return take(pending)
        finally:
            numbering_time[0] += time.perf_counter() - pending.bench_started

    # Measuring only: the same functions, timed.
    filing.insert_numbered = timed_insert_numbered
    numbering.PendingNumber.take = timed_take  # type: ignore[method-assign]
    submissions = _submissions(worker, count)
    calendar_snapshot()  # the calendar is loaded once per process; not part of a filing
    actions = {"service": _file_service, "web": _file_web}
    action = actions[kind] if kind in actions else _Bare(first_sequence)
    latencies: list[float] = []
    barrier.wait()
    cpu_start = os.times()
    start = time.monotonic()
    for submission in submissions:
        began = time.perf_counter()
        action(submission)
        latencies.append(time.perf_counter() - began)
    end = time.monotonic()
    cpu_end = os.times()
    cpu = (cpu_end.user - cpu_start.user) + (cpu_end.system - cpu_start.system)
    connection.close()
    results.put((start, end, latencies, numbering_time[0], cpu))


def run_point(kind: str, workers: int, filings: int, first_sequence: int) -> Point:
    from django.db import connections

    # Children must open their own connections, never share the parent's socket.
    connections.close_all()
    context = mp.get_context("fork")
    barrier = context.Barrier(workers)
    results = context.Queue()
    cpu_before = _cpu_ticks()
    share = [filings // workers + (1 if i < filings % workers else 0) for i in range(workers)]
    processes = [
        context.Process(
            target=_worker,
            args=(kind, i, share[i], first_sequence + sum(share[:i]), barrier, results),
        )
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    busy = _cpu_busy(cpu_before)
    for process in processes:
        process.join()
        if process.exitcode != 0:
            sys.exit(f"a {kind} worker failed (exit code {process.exitcode})")
    start = min(o[0] for o in outcomes)
    end = max(o[1] for o in outcomes)
    return Point(
        kind=kind,
        workers=workers,
        filings=filings,
        seconds=end - start,
        latencies=[latency for o in outcomes for latency in o[2]],
        numbering_seconds=sum(o[3] for o in outcomes),
        cpu_seconds=sum(o[4] for o in outcomes),
        busy=busy,
    )


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _cpu_busy(before: tuple[int, int]) -> float:
    busy, total = _cpu_ticks()
    return (busy - before[0]) / max(1, total - before[1])


def _next_bare_sequence() -> int:
    from django.db.models import Max

    from pqrs.cases.models import Case

    last = Case.objects.filter(filing_year=BARE_YEAR).aggregate(m=Max("filing_sequence"))["m"]
    return last or 0


def _purge_broker() -> None:
    """Drop the receipt e-mails the ``web`` filings queued: nobody is to receive them."""
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--filings", type=int, default=1200, help="filings per point (default 1200)"
    )
    parser.add_argument(
        "--workers", type=int, nargs="+", default=list(WORKER_COUNTS), help="worker counts"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the best round is kept")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    name = ensure_database(url)
    setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"database {name} (PostgreSQL {version}), {os.cpu_count()} CPUs, load {_load()}")
    print(f"{args.filings} filings per point, workers are processes, best of {args.repeat}")

    best: dict[tuple[str, int], Point] = {}
    for _round in range(args.repeat):
        for workers in args.workers:
            for kind in ("service", "bare", "web"):
                point = run_point(kind, workers, args.filings, _next_bare_sequence())
                key = (kind, workers)
                if key not in best or point.rate > best[key].rate:
                    best[key] = point
                print(
                    f"  {kind:7} {workers:>2} workers: {point.rate:7.1f} filings/s "
                    f"({point.seconds:.2f} s)",
                    flush=True,
                )

    print()
    print(
        "| workers | service filings/s | bare filings/s | service/bare | service p50 / p95 ms "
        "| bare p50 / p95 ms | number + commit ms | client cpu ms (service, bare) "
        "| machine busy (service, bare) | web form filings/s (of bare) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        service, bare = best[("service", workers)], best[("bare", workers)]
        web = best[("web", workers)]
        print(
            f"| {workers} | {service.rate:.1f} | {bare.rate:.1f} | {service.rate / bare.rate:.0%} "
            f"| {service.percentile(0.5):.1f} / {service.percentile(0.95):.1f} "
            f"| {bare.percentile(0.5):.1f} / {bare.percentile(0.95):.1f} "
            f"| {service.numbering_seconds / service.filings * 1000:.2f} "
            f"| {service.cpu_seconds / service.filings * 1000:.1f}, "
            f"{bare.cpu_seconds / bare.filings * 1000:.1f} "
            f"| {service.busy:.0%}, {bare.busy:.0%} "
            f"| {web.rate:.1f} ({web.rate / bare.rate:.0%}) |"
        )
    _purge_broker()
    print()
    print(f"load after: {_load()}")
    mean_latency = statistics.mean(best[("service", args.workers[0])].latencies) * 1000
    print(f"mean service latency at {args.workers[0]} worker(s): {mean_latency:.1f} ms")


if __name__ == "__main__":
    main()
