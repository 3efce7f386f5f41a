"""The receipt e-mail through a real SMTP server (aiosmtpd on 127.0.0.1), and its retries."""

from __future__ import annotations

import email
import io
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from pqrs.cases.models import Case
from pqrs.notifications.models import Delivery
from pqrs.notifications.tasks import MAX_RETRIES, backoff, resend_pending
from pqrs.portal.tests.helpers import form_token, identified

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_real_smtp_server_receives_the_receipt_with_the_pdf(
    defaults, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/", identified(form_token(client), email="Maria@Example.com"))
    assert response.status_code == 302
    case = Case.objects.get()
    (message,) = smtp_server.messages
    assert message["To"] == "maria@example.com"
    assert case.filing_number in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert case.filing_number in body
    html = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code">([0-9A-Z]+)<', html).group(1)
    assert code in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"constancia-{case.filing_number}.pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert case.filing_number in text
    assert code in text
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.message_id == message["Message-ID"]
    assert delivery.tracking_code == ""


def test_no_email_no_delivery(defaults, client, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/", identified(form_token(client), email="", answer_channel="postal"))
    assert Case.objects.count() == 1
    assert Delivery.objects.count() == 0
    assert smtp_server.messages == []


def test_unreachable_server_is_retried_then_recorded_as_failed(
    defaults, client, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/", identified(form_token(client)))
    # The filing is not lost because the mail failed.
    assert response.status_code == 302
    assert Case.objects.count() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == MAX_RETRIES + 1
    assert "Connection refused" in delivery.last_error or "ConnectionRefused" in delivery.last_error
    assert delivery.tracking_code == ""
    assert "gave up" in caplog.text


def test_backoff_grows_and_is_capped():
    waits = [backoff(n) for n in range(10)]
    assert waits[:3] == [30, 60, 120]
    assert waits == sorted(waits)
    assert max(waits) == 3600


def test_sweep_resends_what_never_reached_the_broker(defaults, client, smtp_server, frozen):
    from conftest import at

    frozen(at(2026, 3, 2, 9))
    # Filed without running on-commit hooks: as if the broker had been down.
    client.post("/", identified(form_token(client)))
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    assert resend_pending() == 0  # too recent: its own task may still be on its way
    frozen(at(2026, 3, 2, 10))
    assert resend_pending() == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert len(smtp_server.messages) == 1


def test_broker_outage_after_commit_does_not_break_the_filing(
    defaults, client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from pqrs.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.send_filing_receipt, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/", identified(form_token(client)))
    assert response.status_code == 302
    assert Case.objects.count() == 1
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    assert "the periodic sweep will resend it" in caplog.text


def test_a_receipt_that_cannot_be_built_fails_for_good_and_is_not_resent(
    defaults, client, smtp_server, frozen
):
    """A broken receipt (here: its case lost the constancia row it is built from) is not a
    mail server problem: no retry, no endless sweep, and the tracking code is erased."""
    from conftest import at
    from pqrs.cases.models import FilingReceipt
    from pqrs.notifications.tasks import send_filing_receipt

    frozen(at(2026, 3, 2, 9))
    client.post("/", identified(form_token(client)))
    delivery = Delivery.objects.get()
    FilingReceipt.objects.filter(case_id=delivery.case_id).delete()
    with pytest.raises(Exception, match="receipt"):
        send_filing_receipt.apply(args=[delivery.pk]).get()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.tracking_code == ""
    frozen(at(2026, 3, 2, 10))
    assert resend_pending() == 0
    assert smtp_server.messages == []
