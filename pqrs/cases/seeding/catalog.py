"""What the seeded history is made of: areas and topics with their request texts, the mix of
types and channels, names and places of Boyacá."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from pqrs.cases.models import (
    CaseEvent,
    Communication,
)

Kind = CaseEvent.Kind
Comm = Communication.Kind
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

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


def weighted(pairs: Iterable[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    items = list(pairs)
    return [k for k, _ in items], list(itertools.accumulate(w for _, w in items))
