"""The desk and the Django admin in Chromium under the Content-Security-Policy (issue 8,
item 8). The browser fixture fails any of these tests on a policy violation."""

from __future__ import annotations

import base64
import re

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "x-Secret-2026"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_the_language_switch_works_without_inline_handlers(org, live_server, page):
    log_in(page, live_server.url, "gestor.a")
    page.wait_for_url(re.compile(r".*/desk/(\?.*)?$"))
    assert page.locator("html").get_attribute("lang") == "es"
    with page.expect_navigation():
        page.select_option("#lang", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav[aria-label=Main] a").first.inner_text() == "Inbox"


def code_for(secret: str) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def test_an_administrator_enrols_a_colleague_through_the_admin(org, live_server, browser, page):
    """The Django admin works under the policy: log-in with the TOTP code, the users' list and
    a user's page, the setup-link action; the colleague pairs an app with the link."""
    from pqrs.accounts.models import Role, User

    from .conftest import confirmed_device, totp_token

    base = live_server.url
    User.objects.filter(pk=org.admin.pk).update(is_staff=True, is_superuser=True)
    device = confirmed_device(org.admin)
    colleague = User.objects.create_user(
        "admin2", password=PASSWORD, role=Role.ADMINISTRATOR, first_name="Ada"
    )

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")  # django-otp then offers the user's devices
    page.select_option("#id_otp_device", label="test")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", totp_token(device))
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/accounts/user/{colleague.pk}/change/")
    assert page.locator("#id_username").input_value() == "admin2"
    page.goto(f"{base}/admin/accounts/user/")
    page.check(f"input[name=_selected_action][value='{colleague.pk}']")
    page.select_option("select[name=action]", "create_otp_setup_link")
    page.click("button[name=index]")
    message = page.locator(".messagelist .success").inner_text()
    link = re.search(r"http\S+/desk/otp/setup/[\w-]+/", message).group(0)

    other = browser.new_context(locale="es-CO")
    tab = other.new_page()
    log_in(tab, base, "admin2")
    tab.wait_for_url(f"{base}/desk/otp/setup/")
    assert "Pida a otro administrador" in tab.locator("[role=alert]").inner_text()
    tab.goto(link)
    tab.wait_for_url(f"{base}/desk/otp/setup/")
    secret = tab.locator("[data-testid=otp-secret]").inner_text()
    tab.fill("#id_token", code_for(secret))
    tab.click("main button[type=submit]")
    tab.wait_for_url(f"{base}/desk/")
    other.close()


def test_a_staff_member_changes_the_password_in_the_browser(org, live_server, page):
    log_in(page, live_server.url, "gestor.a")
    page.wait_for_url(re.compile(r".*/desk/(\?.*)?$"))
    page.click("text=Cambiar contraseña")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "otra-Clave-segura-77")
    page.fill("#id_new_password2", "otra-Clave-segura-77")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/desk/$"))
    assert "Su contraseña fue cambiada" in page.locator(".messages").inner_text()
