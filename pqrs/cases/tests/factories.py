"""Builders for tests: a submission with sensible defaults, and a case filed through the real
service (never inserted behind its back)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from pqrs.accounts.models import User
from pqrs.cases.models import Case
from pqrs.cases.services import case_file
from pqrs.cases.services.filing import ContactData, Submission


class ContactDataFactory(factory.Factory):
    class Meta:
        model = ContactData

    full_name = factory.Faker("name", locale="es_CO")
    id_type = "CC"
    id_number = factory.Sequence(lambda n: str(1_000_000 + n))
    email = factory.Sequence(lambda n: f"persona{n}@example.com")
    phone = "3001234567"
    address = "Calle 10 # 5-20"
    city = "Tunja"
    data_consent = True
    consent_policy_version = "2026-1"


class SubmissionFactory(factory.Factory):
    class Meta:
        model = Submission

    case_type_code = "peticion"
    channel_code = "web"
    subject = factory.Sequence(lambda n: f"Solicitud número {n}")
    text = "Solicito información sobre el trámite de mi predio."
    contact = factory.SubFactory(ContactDataFactory)


def file_case(
    *, actor: User | None = None, received_at: dt.datetime | None = None, **fields: Any
) -> Case:
    submission = SubmissionFactory(received_at=received_at, **fields)
    return case_file(submission=submission, actor=actor).case
