"""Demo data for the embedded default: areas, one user per role, and cases in every state,
all made through the real services (so their histories and clocks are genuine).

Running it again adds nothing: it stops when the demo users exist.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pqrs.accounts.models import Area, AreaMembership, Role, User
from pqrs.accounts.selectors import confidential_area
from pqrs.accounts.services import otp_setup_link_create
from pqrs.cases import services
from pqrs.cases.defaults import defaults_load
from pqrs.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseType,
    Channel,
    Communication,
    InfoRequestReason,
    Topic,
)
from pqrs.cases.services.filing import ContactData, Submission
from pqrs.core import clock
from pqrs.core.models import Entity
from pqrs.core.services import entity_save

DEMO_PASSWORD = "pqrs-demo-2026"  # noqa: S105 - printed on purpose: demo log-ins only

# The one demo identity: the portal, receipts and letters all print it. Its cases are
# transferred to the Gobernación de Boyacá, so it is a municipality of Boyacá. The e-mail and
# web addresses use the reserved .example domain.
DEMO_ENTITY = Entity(
    name="Alcaldía de Tunja (demostración)",
    nit="800.123.456-7",
    postal_address="Calle 20 # 9-90",
    city="Tunja, Boyacá",
    phone="(608) 742 0000",
    email="pqrsd@alcaldia.example",
    website="https://alcaldia.example",
)

AREAS = [
    ("atencion", "Atención al Ciudadano"),
    ("hacienda", "Secretaría de Hacienda"),
    ("salud", "Secretaría de Salud"),
    ("movilidad", "Secretaría de Movilidad"),
    ("juridica", "Oficina Jurídica"),
]
TOPICS = [
    ("impuesto-predial", "Impuesto predial", "hacienda"),
    ("industria-comercio", "Industria y comercio", "hacienda"),
    ("citas-medicas", "Citas médicas", "salud"),
    ("vacunacion", "Vacunación", "salud"),
    ("comparendos", "Comparendos de tránsito", "movilidad"),
    ("semaforos", "Semáforos y señalización", "movilidad"),
    ("atencion-servidores", "Atención de servidores", "atencion"),
    ("contratacion", "Contratación pública", "juridica"),
]
# The area that receives corruption denuncias (load_defaults designates it).
CONTROL = "control-interno"
USERS = [
    ("admin", "Ana", "Administradora", Role.ADMINISTRATOR, []),
    ("radicador", "Raúl", "Radicador", Role.FILING_CLERK, ["atencion"]),
    ("jefe.hacienda", "Julia", "Jefe de Hacienda", Role.AREA_LEAD, ["hacienda"]),
    ("gestor.hacienda", "Germán", "Gestor de Hacienda", Role.OFFICER, ["hacienda"]),
    ("jefe.salud", "Sofía", "Jefe de Salud", Role.AREA_LEAD, ["salud"]),
    ("gestor.salud", "Gloria", "Gestora de Salud", Role.OFFICER, ["salud"]),
    ("jefe.movilidad", "Mario", "Jefe de Movilidad", Role.AREA_LEAD, ["movilidad", "juridica"]),
    ("gestor.movilidad", "Manuel", "Gestor de Movilidad", Role.OFFICER, ["movilidad"]),
    ("gestor.atencion", "Alba", "Gestora de Atención", Role.OFFICER, ["atencion", "juridica"]),
    ("jefe.control", "Camila", "Jefe de Control Interno", Role.AREA_LEAD, [CONTROL]),
    ("gestor.control", "Carlos", "Gestor de Control Interno", Role.OFFICER, [CONTROL]),
    ("auditor", "Aurora", "Auditora", Role.AUDITOR, []),
]
NAMES = [
    "María Gómez",
    "Juan Pérez",
    "Luz Marina Rodríguez",
    "Carlos Andrés Díaz",
    "Ana Lucía Torres",
    "Jorge Ramírez",
    "Diana Castro",
    "Pedro Morales",
    "Claudia Herrera",
    "Andrés Rojas",
]
SUBJECTS = {
    "impuesto-predial": (
        "Cobro doble del impuesto predial",
        "Me llegó dos veces la factura del predial de este año.",
    ),
    "industria-comercio": (
        "Certificado de industria y comercio",
        "Solicito certificado de pago de ICA.",
    ),
    "citas-medicas": (
        "Demora en asignación de citas",
        "Llevo un mes esperando una cita de medicina general.",
    ),
    "vacunacion": (
        "Horario del punto de vacunación",
        "¿Cuál es el horario del punto de vacunación del barrio?",
    ),
    "comparendos": (
        "Comparendo que no cometí",
        "Me llegó un comparendo de un vehículo que vendí hace años.",
    ),
    "semaforos": (
        "Semáforo dañado",
        "El semáforo de la calle 10 con carrera 5 lleva una semana apagado.",
    ),
    "atencion-servidores": (
        "Mala atención en ventanilla",
        "El funcionario de la ventanilla 3 me trató mal.",
    ),
    "contratacion": (
        "Información de un contrato",
        "Solicito copia del contrato de obra de la vía principal.",
    ),
}
# The states to reach, in proportion.
PLAN = [
    "filed",
    "triaged",
    "assigned",
    "in_progress",
    "waiting",
    "answered",
    "closed",
    "closed",
    "closed",
    "extended",
    "transferred",
    "withdrawn",
    "tacit",
    "archived",
    "merged",
]


class Command(BaseCommand):
    help = "Create demo areas, users (one per role) and cases in every state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PQRS_ENV == "production":
            # Demo users share a published password: they must never exist in production.
            raise CommandError(
                "seed_demo creates demo users with a published password; it does not run with "
                "PQRS_ENV=production."
            )
        defaults_load()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Demo data already present; nothing added.")
        else:
            with transaction.atomic():
                self._organization()
            self._cases(options["cases"])
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, areas in USERS:
            where = ", ".join(areas) or "todas"
            self.stdout.write(f"  {username:18} {Role(role).label} ({where})")
        self._admin_setup_link()

    def _admin_setup_link(self) -> None:
        """The demo administrator enrols an authenticator app through a one-time link, as any
        administrator must; a new run prints a new link (the earlier one stops working)."""
        admin = User.objects.get(username="admin")
        if TOTPDevice.objects.filter(user=admin, confirmed=True).exists():
            return
        _link, token = otp_setup_link_create(user=admin, actor=None)
        url = settings.PQRS_PUBLIC_BASE_URL + reverse("desk:otp_setup_link", args=[token])
        self.stdout.write("")
        hours = settings.PQRS_OTP_SETUP_LINK_HOURS
        self.stdout.write("Second factor of the administrator: open this link, log in as admin and")
        self.stdout.write(f"scan the code with any authenticator app (valid once, for {hours} h):")
        self.stdout.write(f"  {url}")

    def _organization(self) -> None:
        entity_save(entity=DEMO_ENTITY)
        areas = {code: Area.objects.create(code=code, name=name) for code, name in AREAS}
        areas[CONTROL] = confidential_area() or Area.objects.create(
            code=CONTROL, name="Control Interno Disciplinario", receives_confidential=True
        )
        for code, name, area in TOPICS:
            Topic.objects.create(code=code, name=name, default_area=areas[area])
        for username, first, last, role, area_codes in USERS:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.pqrs.local",
                role=role,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            for code in area_codes:
                AreaMembership.objects.create(user=user, area=areas[code])
                if role == Role.AREA_LEAD:
                    Area.objects.filter(pk=areas[code].pk).update(lead=user)

    def _cases(self, count: int) -> None:
        rng = random.Random(2026)  # same demo every time
        types = list(CaseType.objects.filter(is_active=True).exclude(code__startswith="datos"))
        channels = list(Channel.objects.all())
        topics = list(Topic.objects.select_related("default_area"))
        users = {u.username: u for u in User.objects.all()}
        now = clock.now()
        for index in range(count):
            target = PLAN[index % len(PLAN)]
            topic = rng.choice(topics)
            subject, text = SUBJECTS[topic.code]
            days_ago = (
                rng.randint(0, 8)
                if target in {"filed", "triaged", "assigned"}
                else rng.randint(3, 60)
            )
            if target in {"tacit", "archived"}:
                days_ago = rng.randint(50, 90)
            moment = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 8))
            anonymous = rng.random() < 0.1
            name = rng.choice(NAMES)
            contact = (
                None
                if anonymous
                else ContactData(
                    full_name=name,
                    id_type="CC",
                    id_number=str(rng.randint(10_000_000, 1_099_999_999)),
                    email=name.split()[0].lower() + f"{index}@example.com",
                    phone="3001234567",
                    address="Calle 1 # 2-3",
                    city="Tunja",
                    data_consent=True,
                    consent_policy_version="2026-1",
                )
            )
            with clock.freeze(moment):
                result = services.case_file(
                    submission=Submission(
                        case_type_code=rng.choice(types).code,
                        channel_code=rng.choice(channels).code,
                        subject=subject,
                        text=text,
                        contact=contact,
                        topic_code=topic.code,
                    ),
                    actor=users["radicador"],
                )
            self._advance(result.case, target, moment, users, topic, rng)

    def _advance(
        self,
        case: Any,
        target: str,
        moment: dt.datetime,
        users: dict[str, User],
        topic: Topic,
        rng: random.Random,
    ) -> None:
        if target == "filed":
            return
        # A denuncia is filed into the confidential area, and only its people route it.
        area = case.area if case.is_confidential else topic.default_area
        assert area is not None  # noqa: S101 - every demo topic has one
        lead = area.lead or users["admin"]
        officer = area.members.filter(role=Role.OFFICER).first() or lead
        triager = lead if case.is_confidential else users["admin"]
        step = [moment]

        def at() -> Any:
            step[0] += dt.timedelta(hours=rng.randint(2, 20))
            return clock.freeze(min(step[0], clock.now()))

        with at():
            case = services.case_triage(
                case=case, actor=triager, area=area, priority=rng.choice([0, 0, 0, 1])
            )
        if target == "triaged":
            return
        if target == "transferred":
            with at():
                services.case_transfer(
                    case=case,
                    actor=lead,
                    entity_name="Gobernación de Boyacá",
                    reason="El asunto es competencia del departamento.",
                    letter="Remitimos su petición a la Gobernación, entidad competente.",
                )
            return
        with at():
            case = services.case_assign(case=case, actor=lead, assignee=officer)
        if target == "assigned":
            return
        with at():
            case = services.case_start(case=case, actor=officer)
        if target == "withdrawn":
            with at():
                services.case_withdraw(case=case, reason="Ya me solucionaron.")
            return
        if target in {"waiting", "tacit", "archived"}:
            reason = (
                InfoRequestReason.UNCLEAR if target == "archived" else InfoRequestReason.INCOMPLETE
            )
            with at():
                services.case_request_information(
                    case=case,
                    actor=officer,
                    reason=reason,
                    message="Por favor indique el número de la factura.",
                )
            if target == "tacit":
                with clock.freeze(clock.now()):
                    services.case_tacit_withdraw(case=case)
            elif target == "archived":
                with clock.freeze(clock.now()):
                    services.case_archive(case=case, actor=officer)
            return
        if target == "merged":
            other = (
                Case.objects.filter(
                    area=area, status__in=OPEN_STATUSES, is_confidential=case.is_confidential
                )
                .exclude(pk=case.pk)
                .first()
            )
            if other is not None:
                with at():
                    services.case_merge(
                        case=case,
                        actor=lead,
                        into=other,
                        reason="La misma solicitud se radicó dos veces.",
                    )
            return
        if target == "extended":
            with at():
                services.case_extend(
                    case=case,
                    actor=lead,
                    days=rng.randint(3, 10),
                    reasons="Se requiere concepto de otra dependencia.",
                )
            return
        with at():
            services.case_add_note(case=case, actor=officer, text="Revisado el expediente.")
        with at():
            services.case_answer(
                case=case,
                actor=officer,
                body="Cordial saludo. En atención a su solicitud le informamos que ...",
                delivery_channel=Communication.DeliveryChannel.EMAIL,
            )
        if target == "closed":
            with at():
                services.case_close(case=case, actor=officer)
