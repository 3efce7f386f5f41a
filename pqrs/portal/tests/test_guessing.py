"""Issue 8 item 4: strangers cannot lock a petitioner out of /consulta/; guessing patterns are
limited per client and reported to the administrators (real SMTP server, eager Celery)."""

from __future__ import annotations

import re

import pytest

from pqrs.accounts.models import Role, User
from pqrs.cases.models import Case
from pqrs.cases.services import case_file
from pqrs.cases.tests.factories import SubmissionFactory
from pqrs.notifications.tests import test_receipt_email

from .helpers import form_token, identified

pytestmark = pytest.mark.django_db

# A real SMTP server on 127.0.0.1 (aiosmtpd), as the receipt e-mail tests use.
smtp_server = test_receipt_email.smtp_server


def file_two(client) -> tuple[list[Case], list[str]]:
    """Two cases filed through the form, and their tracking codes."""
    cases, codes = [], []
    for subject in ("Primera solicitud", "Segunda solicitud"):
        response = client.post("/", identified(form_token(client), subject=subject))
        html = client.get(response["Location"]).content.decode()
        codes.append(re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1))
        cases.append(Case.objects.get(subject=subject))
        client.post("/consulta/salir/")
    return cases, codes


def look_up(client, case: Case, code: str, address: str):
    data = {"filing_number": case.filing_number, "code": code}
    return client.post("/consulta/", data, REMOTE_ADDR=address)


def test_a_strangers_wrong_codes_never_lock_the_petitioner_out(defaults, client):
    (case, _other), (code, _other_code) = file_two(client)
    for _ in range(12):
        assert look_up(client, case, "ZZZZZZZZZZ", "203.0.113.7").status_code == 400
    # The petitioner, from their own connection, is let in at once.
    assert look_up(client, case, code, "198.51.100.20").status_code == 302
    assert client.get("/consulta/solicitud/").status_code == 200


def test_a_client_over_its_limit_is_refused_for_every_radicado_until_the_window_ends(
    defaults, client, settings
):
    settings.PQRS_RATE_TRACKING = "5/900"
    (first, second), (first_code, second_code) = file_two(client)
    for _ in range(5):
        assert look_up(client, first, "ZZZZZZZZZZ", "203.0.113.7").status_code == 400
    refused = look_up(client, second, second_code, "203.0.113.7")
    assert refused.status_code == 429
    assert "desde su conexión" in refused.content.decode()
    assert look_up(client, second, second_code, "198.51.100.20").status_code == 302
    assert look_up(client, first, first_code, "198.51.100.21").status_code == 302


def test_people_behind_one_shared_address_who_mistype_still_get_in(defaults, client):
    """A library or an office: a dozen petitioners on one address, each mistyping once."""
    filed = [case_file(submission=SubmissionFactory(), actor=None) for _ in range(12)]
    for result in filed:
        assert look_up(client, result.case, "ZZZZZZZZZZ", "192.0.2.50").status_code == 400
        assert look_up(client, result.case, result.tracking_code, "192.0.2.50").status_code == 302


def admins_and_others() -> User:
    active = User.objects.create_user(
        username="admin.seguridad",
        email="seguridad@entidad.gov.co",
        role=Role.ADMINISTRATOR,
        password="x-Secret-2026",
    )
    User.objects.create_user(
        username="admin.retirado",
        email="retirado@entidad.gov.co",
        role=Role.ADMINISTRATOR,
        is_active=False,
        password="x-Secret-2026",
    )
    User.objects.create_user(
        username="gestor.correo",
        email="gestor@entidad.gov.co",
        role=Role.OFFICER,
        password="x-Secret-2026",
    )
    return active


def test_many_wrong_codes_for_one_radicado_alert_the_administrators_once(
    defaults,
    client,
    settings,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    settings.PQRS_TRACKING_ALERT_PER_CASE = "10/3600"
    (case, _second), _codes = file_two(client)
    admins_and_others()
    with django_capture_on_commit_callbacks(execute=True):
        for attempt in range(25):  # from many addresses, as a botnet would
            response = look_up(client, case, f"ZZZZZZZZ{attempt:02d}", f"203.0.113.{attempt}")
            assert response.status_code == 400
    (message,) = smtp_server.messages
    assert message["To"] == "seguridad@entidad.gov.co"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert case.filing_number in body
    from pqrs.portal.models import SecurityAlert

    (alert,) = SecurityAlert.objects.all()
    assert alert.kind == SecurityAlert.Kind.CODES_FOR_ONE_CASE
    assert alert.subject == case.filing_number
    assert alert.count == 25
    assert alert.client == "203.0.113.24"
    assert alert.notified_at is not None
    assert f"/admin/portal/securityalert/{alert.pk}/change/" in body


def test_one_client_walking_radicados_alerts_the_administrators_once(
    defaults,
    client,
    settings,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    settings.PQRS_RATE_TRACKING = "100/900"
    settings.PQRS_TRACKING_ALERT_PER_CLIENT = "5/3600"
    admins_and_others()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(1, 13):
            data = {"filing_number": f"2026-{number:06d}", "code": "ZZZZZZZZZZ"}
            assert client.post("/consulta/", data, REMOTE_ADDR="203.0.113.9").status_code == 400
            # The same radicado again is not a new one walked.
            client.post("/consulta/", data, REMOTE_ADDR="203.0.113.9")
    (message,) = smtp_server.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "203.0.113.9" in body
    from pqrs.portal.models import SecurityAlert

    (alert,) = SecurityAlert.objects.all()
    assert alert.kind == SecurityAlert.Kind.CASES_FROM_ONE_CLIENT
    assert alert.subject == "203.0.113.9"
    assert alert.count == 12


def test_the_alert_waits_for_the_commit_and_is_not_sent_from_the_request(
    defaults,
    client,
    settings,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    settings.PQRS_TRACKING_ALERT_PER_CASE = "2/3600"
    (case, _second), _codes = file_two(client)
    admins_and_others()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for attempt in range(3):
            look_up(client, case, "ZZZZZZZZZZ", f"203.0.113.{attempt}")
        # Nothing was sent while the requests ran; the send is queued for after the commit.
        assert smtp_server.messages == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(smtp_server.messages) == 1


def test_administrators_see_the_alert_in_the_admin(org, client, settings):
    from pqrs.desk.tests.conftest import confirmed_device, totp_token

    settings.PQRS_TRACKING_ALERT_PER_CASE = "3/3600"
    for attempt in range(4):
        data = {"filing_number": "2026-000077", "code": "ZZZZZZZZZZ"}
        client.post("/consulta/", data, REMOTE_ADDR=f"203.0.113.{attempt}")
    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    device = confirmed_device(org.admin)
    client.post("/desk/login/", {"username": "admin", "password": "x-Secret-2026"})
    client.post("/desk/otp/", {"token": totp_token(device)})
    listing = client.get("/admin/portal/securityalert/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "2026-000077" in html
    assert "Muchos códigos equivocados para un mismo radicado" in html
