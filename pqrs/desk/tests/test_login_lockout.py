"""Log-in lock-out by user name *and* client address, behind a reverse proxy (issue 8, item 3).

The live server's REMOTE_ADDR (127.0.0.1) plays the proxy; each client's address arrives in
X-Forwarded-For, as nginx sends it with ``$proxy_add_x_forwarded_for``.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

PASSWORD = "x-Secret-2026"


def attempt(client: Client, username: str, password: str, forwarded: str) -> int:
    response = client.post(
        "/desk/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


def test_wrong_passwords_from_one_client_do_not_lock_the_user_out_from_another(org, settings):
    settings.PQRS_TRUSTED_PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for _ in range(6):
        attempt(attacker, "gestor.a", "wrong", "203.0.113.7")
    assert attempt(attacker, "gestor.a", PASSWORD, "203.0.113.7") == 429
    assert attempt(colleague, "gestor.a", PASSWORD, "198.51.100.9") == 302


def test_a_forged_header_does_not_escape_the_lock_out(org, settings):
    """The client writes what it likes left of the proxy's entry: only the proxy's entry counts,
    and without a trusted proxy the header is not read at all."""
    settings.PQRS_TRUSTED_PROXY_COUNT = 1
    client = Client()
    for index in range(6):
        attempt(client, "gestor.a", "wrong", f"192.0.2.{index}, 203.0.113.7")
    assert attempt(client, "gestor.a", PASSWORD, "192.0.2.99, 203.0.113.7") == 429

    settings.PQRS_TRUSTED_PROXY_COUNT = 0
    for index in range(6):
        attempt(client, "jefe.a", "wrong", f"192.0.2.{index}")
    assert attempt(client, "jefe.a", PASSWORD, "192.0.2.99") == 429


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_browser_behind_a_proxy_locks_only_the_failing_client(org, settings, live_server, browser):
    settings.PQRS_TRUSTED_PROXY_COUNT = 1
    base = live_server.url

    def client_at(address: str):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            locale="es-CO", extra_http_headers={"X-Forwarded-For": address}
        )
        context.set_default_timeout(15_000)
        return context, context.new_page()

    def log_in(tab, password: str):  # type: ignore[no-untyped-def]
        tab.goto(f"{base}/desk/login/")
        tab.fill("#id_username", "gestor.a")
        tab.fill("#id_password", password)
        with tab.expect_navigation() as navigation:
            tab.click("button[type=submit]")
        return navigation.value

    context_a, tab_a = client_at("203.0.113.7")
    for _ in range(6):
        log_in(tab_a, "wrong-password")
    locked = log_in(tab_a, PASSWORD)
    assert locked.status == 429
    assert "Hubo demasiados intentos fallidos" in tab_a.locator("[role=alert]").inner_text()

    context_b, tab_b = client_at("198.51.100.9")
    log_in(tab_b, PASSWORD)
    tab_b.wait_for_url(re.compile(r".*/desk/(\?.*)?$"))
    assert tab_b.locator("h1, h2").first.is_visible()
    assert "/login/" not in tab_b.url
    context_a.close()
    context_b.close()
