"""Seed a large, realistic history of cases on PostgreSQL (default: one million), fast.

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
- nothing happens after "now", and each case only reaches the state its age allows.

It refuses to run when any case exists (it never mixes with real filings: the numbers would
no longer follow reception order), and it runs in one transaction with the case table locked,
so an interrupted run leaves nothing behind and can simply be started again.
Areas, topics and staff users it needs are created when missing (users without a usable
password: they exist to be actors of the history, not to log in).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import multiprocessing
import operator
import os
import random
import secrets
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from pqrs.accounts.models import Area, AreaMembership, Role, User
from pqrs.cases.defaults import defaults_load
from pqrs.cases.models import (
    Case,
    CaseEvent,
    CaseType,
    Channel,
    Communication,
    Contact,
    FilingReceipt,
    InfoRequestReason,
    NumberCounter,
    NumberSeries,
    Status,
    Topic,
)
from pqrs.cases.projection import PROJECTED_FIELDS
from pqrs.cases.projection import to_json as _to_json
from pqrs.cases.services import filing as filing_service
from pqrs.core import clock
from pqrs.deadlines.calendar import BusinessCalendar, Suspension
from pqrs.deadlines.clock import ClockStatus, Term, TermUnit, due_date, reception_date
from pqrs.deadlines.selectors import calendar_snapshot

Kind = CaseEvent.Kind
Comm = Communication.Kind
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# Ley 1755 art. 17 and 21 (see pqrs.cases.services.lifecycle).
INFO_REQUEST_WINDOW_DAYS = 10
TRANSFER_WINDOW_DAYS = 5

# fmt: off
AREAS = [
    ("atencion", "Atención al Ciudadano"),
    ("hacienda", "Secretaría de Hacienda"),
    ("salud", "Secretaría de Salud"),
    ("movilidad", "Secretaría de Movilidad"),
    ("educacion", "Secretaría de Educación"),
    ("planeacion", "Secretaría de Planeación"),
    ("gobierno", "Secretaría de Gobierno"),
    ("juridica", "Oficina Jurídica"),
]
# (code, name, area, weight, [(subject, text), ...])
TOPICS: list[tuple[str, str, str, int, list[tuple[str, str]]]] = [
    ("impuesto-predial", "Impuesto predial", "hacienda", 14, [
        ("Cobro doble del impuesto predial", "Me llegó dos veces la factura del predial de este año y ya pagué la primera."),
        ("Paz y salvo del predial", "Solicito el paz y salvo del impuesto predial de mi inmueble para una venta."),
    ]),
    ("industria-comercio", "Industria y comercio", "hacienda", 6, [
        ("Certificado de industria y comercio", "Solicito certificado de pago de ICA del año anterior para una licitación."),
        ("Sanción de ICA injusta", "Me impusieron una sanción por no declarar ICA pero cerré el negocio hace dos años."),
    ]),
    ("citas-medicas", "Citas médicas", "salud", 11, [
        ("Demora en asignación de citas", "Llevo un mes esperando una cita de medicina general en el centro de salud."),
        ("Cancelación de cita sin aviso", "Me cancelaron la cita con el especialista el mismo día y no me dieron otra fecha."),
    ]),
    ("vacunacion", "Vacunación", "salud", 4, [
        ("Horario del punto de vacunación", "¿Cuál es el horario del punto de vacunación del barrio y qué documentos llevo?"),
        ("Falta de vacunas", "Fui tres veces al puesto de vacunación y no había vacuna para mi hijo."),
    ]),
    ("comparendos", "Comparendos de tránsito", "movilidad", 12, [
        ("Comparendo que no cometí", "Me llegó un comparendo de un vehículo que vendí hace años; adjunto el traspaso."),
        ("Curso para descuento de comparendo", "Solicito información para hacer el curso y obtener el descuento del comparendo."),
    ]),
    ("semaforos", "Semáforos y señalización", "movilidad", 4, [
        ("Semáforo dañado", "El semáforo de la calle 10 con carrera 5 lleva una semana apagado y hay accidentes."),
        ("Falta de señalización escolar", "Frente al colegio no hay señales de zona escolar ni reductores de velocidad."),
    ]),
    ("cupos-escolares", "Cupos escolares", "educacion", 7, [
        ("Cupo escolar para mi hija", "Solicito un cupo en grado sexto en un colegio oficial cercano a mi casa."),
        ("Traslado de colegio", "Pido el traslado de mi hijo a otra sede porque nos mudamos de barrio."),
    ]),
    ("alimentacion-escolar", "Alimentación escolar (PAE)", "educacion", 3, [
        ("Mala calidad del refrigerio", "El refrigerio del colegio llega en mal estado varios días de la semana."),
        ("Niños sin almuerzo escolar", "En la sede rural los niños llevan dos semanas sin almuerzo escolar."),
    ]),
    ("licencias-construccion", "Licencias de construcción", "planeacion", 5, [
        ("Estado de licencia de construcción", "Radiqué la solicitud de licencia hace tres meses y no tengo respuesta."),
        ("Construcción sin licencia", "El vecino está construyendo un tercer piso sin licencia y afecta mi casa."),
    ]),
    ("uso-suelo", "Uso del suelo", "planeacion", 3, [
        ("Certificado de uso del suelo", "Solicito el certificado de uso del suelo para abrir un local comercial."),
        ("Concepto de norma urbana", "¿Qué altura máxima permite la norma para un lote en el barrio centro?"),
    ]),
    ("espacio-publico", "Espacio público", "gobierno", 6, [
        ("Invasión del andén", "Un negocio ocupa todo el andén con mesas y los peatones deben bajar a la calle."),
        ("Ruido de establecimiento", "El bar de la esquina pone música a alto volumen hasta la madrugada."),
    ]),
    ("convivencia", "Convivencia y seguridad", "gobierno", 5, [
        ("Riñas en el parque", "Todas las noches hay riñas en el parque del barrio y no llega la policía."),
        ("Solicitud de más alumbrado", "La calle está oscura y han robado a varios vecinos; pedimos alumbrado."),
    ]),
    ("atencion-servidores", "Atención de servidores", "atencion", 8, [
        ("Mala atención en ventanilla", "El funcionario de la ventanilla 3 me trató mal y no me recibió los documentos."),
        ("Felicitación a una funcionaria", "Quiero felicitar a la funcionaria de ventanilla por su amabilidad y paciencia."),
    ]),
    ("tramites-generales", "Trámites y servicios", "atencion", 7, [
        ("Requisitos de un trámite", "¿Qué requisitos necesito para el certificado de residencia?"),
        ("Página web sin servicio", "La página de trámites en línea no carga desde hace dos días."),
    ]),
    ("contratacion", "Contratación pública", "juridica", 3, [
        ("Información de un contrato", "Solicito copia del contrato de obra de la vía principal y sus adiciones."),
        ("Irregularidades en un contrato", "La obra del parque lleva un año parada y el contratista ya cobró el anticipo."),
    ]),
    ("datos-personales", "Datos personales", "juridica", 1, [
        ("Consulta de mis datos personales", "Quiero saber qué datos personales míos tiene la entidad y para qué los usa."),
        ("Supresión de mis datos", "Solicito suprimir mis datos de la base de beneficiarios porque ya no aplico."),
    ]),
]
TYPE_WEIGHTS = {
    "peticion": 44, "peticion_informacion": 15, "consulta": 4, "queja": 12, "reclamo": 15,
    "sugerencia": 3, "denuncia": 3, "felicitacion": 2, "datos_consulta": 1, "datos_reclamo": 1,
}
# Channels by weight; the staff-entered ones only when the office is open.
CHANNEL_WEIGHTS = {
    "web": 38, "email": 24, "presencial": 13, "telefono": 9, "correspondencia": 8, "redes": 4,
    "buzon": 2, "api": 2,
}
STAFF_CHANNELS = frozenset({"presencial", "telefono", "correspondencia", "buzon"})
ANONYMOUS_SHARE = {"denuncia": 0.4, "sugerencia": 0.25, "queja": 0.08}
FIRST_NAMES = [
    "María", "José", "Luis", "Ana", "Carlos", "Luz", "Jorge", "Diana", "Pedro", "Claudia",
    "Andrés", "Sandra", "Juan", "Paola", "Camilo", "Marta", "Felipe", "Gloria", "Óscar",
    "Natalia", "Julián", "Carolina", "Édgar", "Yolanda", "Sebastián", "Adriana",
]
LAST_NAMES = [
    "Gómez", "Pérez", "Rodríguez", "Díaz", "Torres", "Ramírez", "Castro", "Morales", "Herrera",
    "Rojas", "Martínez", "López", "García", "Sánchez", "Moreno", "Jiménez", "Vargas", "Muñoz",
    "Ortiz", "Suárez", "Romero", "Gutiérrez", "Cárdenas", "Niño",
]
CITIES = ("Tunja", "Tunja", "Tunja", "Duitama", "Sogamoso", "Paipa", "Bogotá")
ID_TYPES = (("CC", 90), ("CE", 3), ("TI", 2), ("PPT", 2), ("NIT", 3))
ENTITIES = ("Gobernación de Boyacá", "Superintendencia de Servicios Públicos", "Policía Nacional")
# fmt: on


def _weighted(pairs: Iterable[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    items = list(pairs)
    return [k for k, _ in items], list(itertools.accumulate(w for _, w in items))


# --- rows, in the shape of the current models -------------------------------------------------
_MISSING = object()
_encode = json.JSONEncoder(ensure_ascii=False).encode
_PLAIN = frozenset({str, int, bool, type(None)})


def _dumps(value: Any) -> str:
    return _encode(value) if value else ("{}" if isinstance(value, dict) else "[]")


def to_json(value: Any) -> Any:
    """``projection.to_json``, skipped for the values it leaves alone (most of them)."""
    return value if type(value) in _PLAIN else _to_json(value)


class _Table:
    """Rows for one model's table, columns taken from the model so new fields get their
    defaults instead of breaking the COPY."""

    def __init__(self, model: type[models.Model], *, with_pk: bool, now: dt.datetime) -> None:
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.name = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.defaults = [self._default(f, now) for f in fields]
        self._filled = {
            a: d for a, d in zip(self.attnames, self.defaults, strict=True) if d is not _MISSING
        }
        self._row = operator.itemgetter(*self.attnames)
        self.lines: list[str] = []
        self._checked = False

    @staticmethod
    def _default(f: models.Field[Any, Any], now: dt.datetime) -> Any:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        if f.has_default() or f.empty_strings_allowed or f.null:
            value = f.get_default()
            if isinstance(f, models.JSONField):
                return json.dumps(value)
            if value is not None or f.null:
                return value
        return _MISSING

    def add(self, values: dict[str, Any]) -> None:
        if not self._checked:
            missing = [
                a
                for a, d in zip(self.attnames, self.defaults, strict=True)
                if d is _MISSING and a not in values
            ]
            if missing:
                raise CommandError(f"seed_cases does not fill {self.name}.{', '.join(missing)}")
            self._checked = True
        self.lines.append("\t".join(map(_copy_text, self._row({**self._filled, **values}))))

    def take(self) -> tuple[int, bytes]:
        """The rows so far, in COPY text format, and forget them."""
        count, data = len(self.lines), "\n".join(self.lines)
        self.lines.clear()
        return count, (data + "\n").encode() if count else b""

    def copy(self, cursor: Any, data: bytes) -> None:
        if not data:
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f'COPY "{self.name}" ({columns}) FROM STDIN') as copy:
            copy.write(data)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (formatted in the worker processes, so the
    single connection only forwards bytes)."""
    if isinstance(value, str):
        # Scanning for the four characters is much faster than translating every string.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.date):  # datetimes too: ISO 8601 with their offset
        return value.isoformat()
    return str(value)


# --- one case's history, built in memory until it is complete --------------------------------
@dataclass
class _Comm:
    at: dt.datetime
    key: tuple[int, int]  # (case id, ordinal within the case)
    values: dict[str, Any]


@dataclass
class _Event:
    at: dt.datetime
    kind: str
    actor_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    data: dict[str, Any]
    is_public: bool = True
    actor_label: str = ""
    comm: _Comm | None = None


@dataclass
class _Story:
    row: dict[str, Any]
    topic_id: int
    area_id: int
    recipient: str  # the petitioner's name, as the service writes it on communications
    email: str
    events: list[_Event] = field(default_factory=list)
    # When the case stopped (answered, transferred, withdrawn, archived, merged), if it did.
    stopped_at: dt.datetime | None = None
    merged: bool = False

    def record(
        self,
        at: dt.datetime,
        kind: str,
        actor_id: int | None,
        changes: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        *,
        is_public: bool = True,
        actor_label: str = "",
        comm: _Comm | None = None,
    ) -> None:
        """What ``lifecycle._record`` does: fields before and after, in one event."""
        changes = changes or {}
        before = {k: to_json(self.row[k]) for k in changes}
        self.row.update(changes)
        after = {k: to_json(self.row[k]) for k in changes}
        label = actor_label or ("" if actor_id else "system")
        self.events.append(
            _Event(at, kind, actor_id, before, after, data or {}, is_public, label, comm)
        )


@dataclass(frozen=True)
class _Org:
    topics: list[tuple[int, int, list[tuple[str, str]]]]  # (topic id, area id, texts)
    topic_cum: list[int]
    leads: dict[int, int]
    officers: dict[int, list[int]]
    clerks: list[int]
    admin: int


class Command(BaseCommand):
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
        builder = _Builder(
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
    def _organization(self) -> _Org:
        with transaction.atomic():
            areas = {}
            for code, name in AREAS:
                areas[code] = Area.objects.get_or_create(code=code, defaults={"name": name})[0]
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
        return _Org(
            topics=[(t, a, texts) for t, a, texts, _w in topics],
            topic_cum=list(itertools.accumulate(w for *_rest, w in topics)),
            leads=leads,
            officers=officers,
            clerks=clerks,
            admin=admin,
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
    def _seed(self, builder: _Builder, pool: Any, seed: int, chunk: int, started: float) -> None:
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
            bulk = self._bulk_mode(cursor)
            jobs = []
            incoming: dict[int, int] = {}
            for start in range(0, count, chunk):
                end = min(count, start + chunk)
                jobs.append(_Job(start, end, case_base, contact_base, seed, dict(incoming)))
                for moment in builder.moments[start:end]:
                    year = builder.local(moment).year
                    incoming[year] = incoming.get(year, 0) + 1
            numberer = _Numberer(builder)
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


SEEDED_MODELS: tuple[type[models.Model], ...] = (
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


@dataclass(frozen=True)
class _Job:
    start: int
    end: int
    case_base: int  # case id of moments[0]; ids follow reception order
    contact_base: int
    seed: int
    incoming: dict[int, int]  # filing numbers already given per year before this chunk


@dataclass
class _ChunkResult:
    tables: dict[str, tuple[int, bytes]]
    comms: list[tuple[dt.datetime, tuple[int, int], dict[str, Any]]]
    deferred: list[tuple[tuple[int, int], dict[str, Any]]]


_WORKER: _Builder | None = None


def _run_chunk(job: _Job) -> _ChunkResult:
    assert _WORKER is not None  # noqa: S101 - set before the pool forks
    return _WORKER.chunk(job)


class _Numberer:
    """Outgoing numbers in order of creation across all chunks, as the service gives them:
    a communication is numbered once no later chunk can hold an earlier one."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.format = builder.series[NumberSeries.OUTGOING]
        self.heap: list[tuple[dt.datetime, tuple[int, int], dict[str, Any]]] = []
        self.events: dict[tuple[int, int], dict[str, Any]] = {}
        self.outgoing: dict[int, int] = {}

    def add(self, result: _ChunkResult) -> None:
        for item in result.comms:
            heapq.heappush(self.heap, item)
        self.events.update(result.deferred)

    def release(self, until: dt.datetime | None) -> dict[str, tuple[int, bytes]]:
        comms, events = self.builder.comms, self.builder.events
        while self.heap and (until is None or self.heap[0][0] < until):
            at, key, values = heapq.heappop(self.heap)
            year = self.builder.local(at).year
            sequence = self.outgoing[year] = self.outgoing.get(year, 0) + 1
            number = self.format.format(year=year, number=sequence)
            comms.add(values | {"number": number, "number_year": year, "number_sequence": sequence})
            event = self.events.pop(key)
            event["data"] = _dumps({**event["data"], "communication": number})
            events.add(event)
        return {comms.name: comms.take(), events.name: events.take()}


class _Builder:
    """Draws receptions over the period and plays each case forward to where its age lets
    it be, the way the services would have."""

    def __init__(self, *, rng: random.Random, org: _Org, now: dt.datetime, years: int) -> None:
        self.rng = rng
        self.org = org
        self.now = now
        self.years = years
        snapshot = calendar_snapshot()
        self.cal: BusinessCalendar = snapshot.calendar
        self.policy = snapshot.policy
        self.tz = clock.local_tz()
        self.types = {t.code: t for t in CaseType.objects.filter(code__in=TYPE_WEIGHTS)}
        self.channels = {c.code: c for c in Channel.objects.filter(code__in=CHANNEL_WEIGHTS)}
        missing = (set(TYPE_WEIGHTS) - set(self.types)) | (
            set(CHANNEL_WEIGHTS) - set(self.channels)
        )
        if missing:
            raise CommandError(f"Missing case types or channels: {', '.join(sorted(missing))}")
        self.type_keys, self.type_cum = _weighted(TYPE_WEIGHTS.items())
        self.channel_keys, self.channel_cum = _weighted(CHANNEL_WEIGHTS.items())
        self.online_keys, self.online_cum = _weighted(
            (k, w) for k, w in CHANNEL_WEIGHTS.items() if k not in STAFF_CHANNELS
        )
        self.id_keys, self.id_cum = _weighted(ID_TYPES)
        self.series = {s.code: s.format for s in NumberSeries.objects.all()}
        self.review_types: frozenset[str] = getattr(
            filing_service, "CREDIBILITY_REVIEW_TYPES", frozenset()
        )
        self.tables = [
            _Table(Contact, with_pk=True, now=now),
            _Table(Case, with_pk=True, now=now),
            _Table(FilingReceipt, with_pk=False, now=now),
            _Table(Communication, with_pk=False, now=now),
            _Table(CaseEvent, with_pk=False, now=now),
        ]
        self.contacts, self.cases, self.receipts, self.comms, self.events = self.tables
        self._due_memo: dict[tuple[dt.date, int, str], dt.date | None] = {}
        self._business: dict[dt.date, bool] = {}
        self.moments: list[dt.datetime] = []
        # Per chunk (see chunk()).
        self.incoming: dict[int, int] = {}
        self._comms: list[_Comm] = []
        self._deferred: list[tuple[tuple[int, int], dict[str, Any]]] = []
        self._recent_by_area: dict[int, deque[_Story]] = {}
        self._stories: dict[int, _Story] = {}
        self._contact_pool: list[tuple[int | None, str, str]] = []
        self._contact_base = 0
        self.types_by_pk = {t.pk: t for t in self.types.values()}
        self.channels_by_pk = {c.pk: c for c in self.channels.values()}

    # --- calendar helpers, memoized: a million cases share about a thousand days ----------
    def is_business(self, day: dt.date) -> bool:
        known = self._business.get(day)
        if known is None:
            known = self._business[day] = self.cal.is_business_day(day)
        return known

    def due(self, received_on: dt.date, value: int, unit: str) -> dt.date | None:
        key = (received_on, value, unit)
        if key not in self._due_memo:
            self._due_memo[key] = due_date(received_on, Term(value, TermUnit(unit)), self.cal)
        return self._due_memo[key]

    def local(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def office(self, moment: dt.datetime) -> dt.datetime:
        """Staff act on business days, 8:00 to 17:00 (Bogotá)."""
        local = moment.astimezone(self.tz)
        if self.is_business(local.date()) and 8 <= local.hour < 17:
            return moment
        day = local.date() if local.hour < 8 else local.date() + DAY
        while not self.is_business(day):
            day += DAY
        minutes = _between(self.rng, 0, 150)
        return dt.datetime.combine(day, dt.time(8), self.tz) + dt.timedelta(minutes=minutes)

    def end_of(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(16, 30), self.tz)

    # --- receptions -----------------------------------------------------------------------
    def draw_moments(self, count: int) -> list[dt.datetime]:
        """Reception moments, sorted: business days busier than weekends and holidays,
        office hours busier than nights, and a volume that grows over the period."""
        rng = self.rng
        today = self.local(self.now)
        first = today.replace(year=today.year - self.years) + DAY
        days = [first + dt.timedelta(days=i) for i in range((today - first).days + 1)]
        span = len(days)
        weights = [
            (1.0 if self.is_business(d) else 0.12 if d.weekday() == 5 else 0.06)
            * (0.8 + 0.4 * i / span)
            for i, d in enumerate(days)
        ]
        chosen = rng.choices(days, weights=weights, k=count)
        hours = list(range(24))
        # fmt: off
        hour_weights = [1, 1, 1, 1, 1, 2, 4, 10, 16, 18, 18, 16, 10, 12, 16, 16, 12, 8, 6, 5, 4, 3, 2, 1]
        # fmt: on
        picked = rng.choices(hours, weights=hour_weights, k=count)
        out = []
        for day, hour in zip(chosen, picked, strict=True):
            moment = dt.datetime.combine(
                day, dt.time(hour, _below(rng, 60), _below(rng, 60)), self.tz
            )
            if moment >= self.now:
                moment = self.now - dt.timedelta(seconds=_between(rng, 60, 6 * 3600))
            out.append(moment)
        out.sort()
        return out

    # --- one chunk of consecutive receptions, in a worker process ---------------------------
    def chunk(self, job: _Job) -> _ChunkResult:
        """Every row of the cases received in ``moments[job.start:job.end]``, in COPY format,
        except the communications and the events that cite their number: those are numbered
        by the parent, which alone sees all chunks (outgoing numbers follow creation time
        across cases of every chunk)."""
        self.rng = random.Random(f"{job.seed}-{job.start}")
        self.incoming = dict(job.incoming)
        self._comms, self._deferred = [], []
        self._recent_by_area, self._stories, self._contact_pool = {}, {}, []
        self._contact_base = job.contact_base
        for index in range(job.start, job.end):
            story = self.file(job.case_base + index, index, self.moments[index])
            self.play(story)
        for story in list(self._stories.values()):
            self.write(story)
        return _ChunkResult(
            tables={
                t.name: t.take() for t in (self.contacts, self.cases, self.receipts, self.events)
            },
            comms=[(c.at, c.key, c.values) for c in self._comms],
            deferred=self._deferred,
        )

    def write(self, story: _Story) -> None:
        story.events.sort(key=lambda e: e.at)
        case_id = story.row["id"]
        for seq, event in enumerate(story.events, 1):
            values = {
                "case_id": case_id,
                "seq": seq,
                "kind": event.kind,
                "at": event.at,
                "actor_id": event.actor_id,
                "actor_label": event.actor_label,
                "before": _dumps(event.before),
                "after": _dumps(event.after),
                "data": event.data,
                "is_public": event.is_public,
            }
            if event.comm is not None:
                self._deferred.append((event.comm.key, values))
            else:
                values["data"] = _dumps(event.data)
                self.events.add(values)
        row = story.row
        row["last_event_seq"] = len(story.events)
        row["updated_at"] = story.events[-1].at
        row["suspensions"] = _dumps(row["suspensions"])
        self.cases.add(row)
        del self._stories[case_id]

    @staticmethod
    def set_counters(incoming: dict[int, int], outgoing: dict[int, int]) -> None:
        series = {s.code: s for s in NumberSeries.objects.all()}
        for code, values in (
            (NumberSeries.INCOMING, incoming),
            (NumberSeries.OUTGOING, outgoing),
        ):
            for year, last in values.items():
                NumberCounter.objects.update_or_create(
                    series=series[code], year=year, defaults={"last_value": last}
                )

    # --- filing -------------------------------------------------------------------------
    def file(self, case_id: int, index: int, received_at: dt.datetime) -> _Story:
        rng = self.rng
        local = received_at.astimezone(self.tz)
        office_open = self.is_business(local.date()) and 7 <= local.hour < 17
        if office_open:
            channel_code = self.channel_keys[_pick(rng, self.channel_cum)]
        else:
            channel_code = self.online_keys[_pick(rng, self.online_cum)]
        type_code = self.type_keys[_pick(rng, self.type_cum)]
        case_type, channel = self.types[type_code], self.channels[channel_code]
        topic_id, area_id, texts = self.org.topics[_pick(rng, self.org.topic_cum)]
        subject, text = texts[_below(rng, len(texts))]
        year = local.year
        sequence = self.incoming[year] = self.incoming.get(year, 0) + 1
        number = self.series[NumberSeries.INCOMING].format(year=year, number=sequence)
        received_on = reception_date(received_at, self.cal, self.policy, self.tz)
        due = self.due(received_on, case_type.term_value, case_type.term_unit)
        clerk = _choice(rng, self.org.clerks) if channel_code in STAFF_CHANNELS else None
        contact_id, contact_name, contact_email = self.contact(type_code, index, received_at)
        legal_priority = "fundamental_right" if rng.random() < 0.003 else ""
        row: dict[str, Any] = {
            "id": case_id,
            "filing_number": number,
            "filing_year": year,
            "filing_sequence": sequence,
            "case_type_id": case_type.pk,
            "channel_id": channel.pk,
            "topic_id": None,
            "subject": subject,
            "text": text,
            "contact_id": contact_id,
            "is_anonymous": contact_id is None,
            "needs_credibility_review": contact_id is None and type_code in self.review_types,
            "answer_channel": "",
            "area_id": None,
            "assignee_id": None,
            "priority": 2 if legal_priority else 0,
            "legal_priority": legal_priority,
            "status": Status.FILED.value,
            "received_at": received_at,
            "received_on": received_on,
            "term_value": case_type.term_value,
            "term_unit": case_type.term_unit,
            "due_date": due,
            "clock_status": ClockStatus.RUNNING.value,
            "suspensions": [],
            "extension_days": 0,
            "info_request_reason": "",
            "info_request_due": None,
            "parent_id": None,
            "merged_into_id": None,
            "answered_at": None,
            "closed_at": None,
            "idempotency_key": None,
            "tracking_code_hash": secrets.token_hex(32),  # the hash of a code nobody knows
            "created_by_id": clerk,
        }
        story = _Story(
            row=row, topic_id=topic_id, area_id=area_id, recipient=contact_name, email=contact_email
        )
        after = {name: to_json(row.get(name)) for name in PROJECTED_FIELDS}
        story.events.append(
            _Event(
                received_at,
                Kind.FILED,
                clerk,
                {},
                after,
                {"channel": channel_code, "attachments": 0},
                True,
                "" if clerk else "petitioner",
            )
        )
        self.receipts.add(
            {
                "case_id": case_id,
                "filing_number": number,
                "filed_at": received_at,
                "case_type_name": case_type.name,
                "channel_name": channel.name,
                "due_date": due,
                "verbal_answer": "",
            }
        )
        self._stories[case_id] = story
        return story

    def contact(self, type_code: str, index: int, at: dt.datetime) -> tuple[int | None, str, str]:
        """A new petitioner, or (one time in five) someone who filed before."""
        rng = self.rng
        if rng.random() < ANONYMOUS_SHARE.get(type_code, 0.03):
            return None, "", ""
        pool = self._contact_pool
        if pool and rng.random() < 0.2:
            return pool[_below(rng, len(pool))]
        contact_id = self._contact_base + index  # at most one new petitioner per case
        name = f"{_choice(rng, FIRST_NAMES)} {_choice(rng, LAST_NAMES)} {_choice(rng, LAST_NAMES)}"
        email = f"{name.split()[0].lower()}.{contact_id}@example.com" if rng.random() < 0.75 else ""
        id_type = self.id_keys[_pick(rng, self.id_cum)]
        self.contacts.add(
            {
                "id": contact_id,
                "id_type": id_type,
                "id_number": str(10_000_000 + contact_id * 7 % 1_090_000_000),
                "full_name": name,
                "email": email,
                "phone": f"3{_between(rng, 100_000_000, 229_999_999)}"
                if rng.random() < 0.8
                else "",
                "address": f"Calle {_between(rng, 1, 80)} # {_between(rng, 1, 40)}-{_between(rng, 1, 99)}",
                "city": _choice(rng, CITIES),
                "data_consent": True,
                "consent_policy_version": "2024-1",
                "consent_at": at,
                "created_at": at,
            }
        )
        if len(pool) < 50_000:
            pool.append((contact_id, name, email))
        else:
            pool[_below(rng, len(pool))] = (contact_id, name, email)
        return contact_id, name, email

    # --- the rest of the life of a case ---------------------------------------------------
    def play(self, story: _Story) -> None:
        rng, now, row = self.rng, self.now, story.row
        topic_id, area_id = story.topic_id, story.area_id
        lead = self.org.leads[area_id]
        officer = _choice(rng, self.org.officers[area_id])
        # lifecycle._default_delivery: by e-mail when there is one, else the tracking page.
        delivery = "email" if story.email else "portal"
        recipient = story.recipient

        def comm(at: dt.datetime, kind: str, body: str, actor: int) -> _Comm:
            made = _Comm(
                at,
                (row["id"], len(self._comms)),
                {
                    "case_id": row["id"],
                    "kind": kind,
                    "body": body,
                    "recipient": recipient,
                    "delivery_channel": delivery,
                    "created_at": at,
                    "delivered_at": at,
                    "created_by_id": actor,
                },
            )
            self._comms.append(made)
            return made

        def stop(at: dt.datetime) -> None:
            story.stopped_at = at

        t = self.office(row["received_at"] + rng.uniform(1, 30) * HOUR)
        if t >= now:
            return
        story.record(
            t,
            Kind.TRIAGED,
            self.org.admin if rng.random() < 0.5 else lead,
            {"topic_id": topic_id, "area_id": area_id, "status": Status.TRIAGED.value},
            is_public=False,
        )
        recent = self._recent_by_area.setdefault(area_id, deque(maxlen=30))
        path = rng.random()
        if path < 0.03:  # not ours: forward within 5 business days (art. 21)
            t = self.office(t + rng.uniform(2, 70) * HOUR)
            if t >= now:
                recent.append(story)
                return
            deadline = (
                row["received_on"]
                if self.channels_by_pk[row["channel_id"]].is_verbal
                else self.cal.add_business_days(row["received_on"], TRANSFER_WINDOW_DAYS)
            )
            letter = comm(
                t, Comm.TRANSFER_LETTER, "Remitimos su petición a la entidad competente.", lead
            )
            story.record(
                t,
                Kind.TRANSFERRED,
                lead,
                {"status": Status.TRANSFERRED.value, "clock_status": ClockStatus.STOPPED.value},
                {
                    "entity": _choice(rng, ENTITIES),
                    "reason": "El asunto es competencia de otra entidad.",
                    "deadline": deadline.isoformat(),
                    "on_time": self.local(t) <= deadline,
                },
                comm=letter,
            )
            stop(t)
            return
        if path < 0.042:  # a duplicate of an open case of the same area
            t = self.office(t + rng.uniform(1, 48) * HOUR)
            target = next(
                (
                    s
                    for s in reversed(recent)
                    if not s.merged
                    and s.stopped_at is not None
                    and s.stopped_at > t
                    and s.row["id"] in self._stories
                ),
                None,
            )
            if target is not None and t < now:
                reason = "La misma solicitud se radicó dos veces."
                story.record(
                    t,
                    Kind.MERGED,
                    lead,
                    {
                        "status": Status.MERGED.value,
                        "merged_into_id": target.row["id"],
                        "clock_status": ClockStatus.STOPPED.value,
                        "closed_at": t,
                    },
                    {"into": target.row["filing_number"], "reason": reason},
                )
                target.events.append(
                    _Event(
                        t,
                        Kind.MERGE_RECEIVED,
                        lead,
                        {},
                        {},
                        {"from": row["filing_number"], "reason": reason},
                        False,
                    )
                )
                story.merged = True
                stop(t)
                return
        recent.append(story)
        t = self.office(t + rng.uniform(1, 24) * HOUR)
        if t >= now:
            return
        story.record(
            t,
            Kind.ASSIGNED,
            lead,
            {"assignee_id": officer, "status": Status.ASSIGNED.value},
            is_public=False,
        )
        t = self.office(t + rng.uniform(1, 30) * HOUR)
        if t >= now:
            return
        story.record(t, Kind.STARTED, officer, {"status": Status.IN_PROGRESS.value})
        if 0.042 <= path < 0.057:  # the petitioner withdraws (art. 18)
            t = t + rng.uniform(4, 200) * HOUR
            if t >= now:
                return
            story.record(
                t,
                Kind.WITHDRAWN,
                None,
                {
                    "status": Status.WITHDRAWN.value,
                    "clock_status": ClockStatus.STOPPED.value,
                    "closed_at": t,
                },
                {"reason": "Ya me solucionaron.", "express": True},
                actor_label="petitioner",
            )
            stop(t)
            return
        term = Term(row["term_value"], TermUnit(row["term_unit"]))
        if 0.057 <= path < 0.117:  # incomplete or unclear: ask the petitioner (arts. 17, 19)
            t = self.office(t + rng.uniform(2, 60) * HOUR)
            today = self.local(t)
            case_type = self.types_by_pk[row["case_type_id"]]
            unclear = rng.random() < 0.2
            # As case_request_information: the type's window and months for an incomplete
            # request (Ley 1755 art. 17; Ley 1581 art. 15), ten days for an unclear one.
            days = INFO_REQUEST_WINDOW_DAYS if unclear else case_type.completion_request_days
            window = self.cal.add_business_days(row["received_on"], days)
            if today <= window:
                if t >= now:
                    return
                reason = InfoRequestReason.UNCLEAR if unclear else InfoRequestReason.INCOMPLETE
                reply_due = (
                    self.cal.add_business_days(today, 10)
                    if unclear
                    else self.cal.add_months(today, case_type.completion_reply_months)
                )
                notice = comm(t, Comm.INFO_REQUEST, "Por favor complete su solicitud.", officer)
                story.record(
                    t,
                    Kind.INFO_REQUESTED,
                    officer,
                    {
                        "status": Status.WAITING_PETITIONER.value,
                        "clock_status": ClockStatus.SUSPENDED.value,
                        "suspensions": [[today.isoformat(), None]],
                        "due_date": None,
                        "info_request_reason": reason.value,
                        "info_request_due": reply_due,
                    },
                    {
                        "message": "Por favor complete su solicitud.",
                        "previous_status": Status.IN_PROGRESS.value,
                    },
                    comm=notice,
                )
                if rng.random() < 0.35:  # no reply: the sweep closes it after the deadline
                    t = self.end_of(reply_due) + rng.uniform(12, 72) * HOUR
                    if t >= now:
                        return
                    changes = {
                        "status": (Status.ARCHIVED if unclear else Status.WITHDRAWN).value,
                        "clock_status": ClockStatus.STOPPED.value,
                        "closed_at": t,
                    }
                    story.record(
                        t,
                        Kind.ARCHIVED if unclear else Kind.TACITLY_WITHDRAWN,
                        officer if unclear else None,
                        changes,
                        {"reply_due": reply_due.isoformat()},
                    )
                    stop(t)
                    return
                reply = t + rng.uniform(2, 24 * 20) * HOUR
                if self.local(reply) > reply_due:
                    reply = self.end_of(reply_due)
                if reply >= now:
                    return
                pairs = [[today.isoformat(), self.local(reply).isoformat()]]
                new_due = due_date(
                    row["received_on"],
                    term,
                    self.cal,
                    [Suspension(today, self.local(reply))],
                )
                story.record(
                    reply,
                    Kind.PETITIONER_REPLIED,
                    None,
                    {
                        "status": Status.IN_PROGRESS.value,
                        "clock_status": ClockStatus.RUNNING.value,
                        "suspensions": pairs,
                        "due_date": new_due,
                        "info_request_reason": "",
                        "info_request_due": None,
                    },
                    {"text": "Adjunto la información solicitada."},
                    actor_label="petitioner",
                )
                t = reply
        due = row["due_date"]
        if rng.random() < 0.04 and self.local(t) < due:  # one extension, before the term ends
            moment = self.office(t + rng.uniform(2, 48) * HOUR)
            if self.local(moment) < due:
                if moment >= now:
                    return
                cap = self.types_by_pk[row["case_type_id"]].max_extension_days
                days = _between(rng, min(3, cap), cap)
                new_due = due_date(
                    row["received_on"],
                    term,
                    self.cal,
                    [Suspension(*_pair(p)) for p in row["suspensions"]],
                    days,
                )
                reasons = "Se requiere concepto de otra dependencia."
                notice = comm(moment, Comm.EXTENSION_NOTICE, reasons, lead)
                story.record(
                    moment,
                    Kind.EXTENDED,
                    lead,
                    {"extension_days": days, "due_date": new_due},
                    {"reasons": reasons},
                    comm=notice,
                )
                t, due = moment, new_due
        if rng.random() < 0.007:  # the backlog: never answered
            return
        if rng.random() < 0.12:  # late
            answer = self.office(self.end_of(due) + rng.uniform(14, 24 * 20) * HOUR)
        else:
            last = self.end_of(due)
            answer = t + (last - t) * rng.random() ** 0.7 if last > t else t + HOUR
            answer = self.office(answer)
        if answer >= now:
            return
        on_time = self.local(answer) <= due
        body = "Cordial saludo. En atención a su solicitud le informamos lo siguiente."
        letter = comm(answer, Comm.ANSWER, body, officer)
        story.record(
            answer,
            Kind.ANSWERED,
            officer,
            {
                "status": Status.ANSWERED.value,
                "clock_status": ClockStatus.STOPPED.value,
                "answered_at": answer,
            },
            {"delivery_channel": delivery, "on_time": on_time},
            comm=letter,
        )
        stop(answer)
        if rng.random() < 0.93:
            closed = self.office(answer + rng.uniform(2, 24 * 7) * HOUR)
            if closed < now:
                story.record(
                    closed,
                    Kind.CLOSED,
                    officer,
                    {"status": Status.CLOSED.value, "closed_at": closed},
                )


# random.choice and randint are several times slower than one random(); a million cases call
# them tens of millions of times.
def _below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _choice(rng: random.Random, items: Any) -> Any:
    return items[int(rng.random() * len(items))]


def _pick(rng: random.Random, cumulative: list[int]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def _pair(pair: list[str | None]) -> tuple[dt.date, dt.date | None]:
    start, end = pair
    return dt.date.fromisoformat(start or ""), dt.date.fromisoformat(end) if end else None
