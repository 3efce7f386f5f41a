"""Fixtures for desk tests: log-in (with the second factor when the user needs one), Celery
tasks run eagerly, and a browser for the Playwright tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.celery import app as celery_app
from pqrs.accounts.models import User
from pqrs.desk.access import needs_second_factor


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def totp_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login(client: Client, user: User) -> Client:
    """Log in as the desk does it: password form, then the TOTP code when required."""
    response = client.post("/desk/login/", {"username": user.username, "password": "x-Secret-2026"})
    assert response.status_code == 302, response.content[:500]
    if needs_second_factor(user):
        device = confirmed_device(user)
        response = client.post("/desk/otp/", {"token": totp_token(device)})
        assert response.status_code == 302
    return client


@pytest.fixture
def as_user(client: Client) -> Any:
    def log_in(user: User) -> Client:
        client.logout()
        return login(client, user)

    return log_in


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="es-CO", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


@pytest.fixture
def filing_day(frozen) -> None:
    """The day ``test_staff_filing.form_data`` is filled in (it dates the reception Fri 10 Jul
    2026, 08:15): a reception time must lie within the window staff may backdate to."""
    from conftest import at

    frozen(at(2026, 7, 10, 9, 30))
