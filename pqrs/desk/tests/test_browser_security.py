"""The desk and the Django admin in Chromium under the Content-Security-Policy (issue 8,
item 8). The browser fixture fails any of these tests on a policy violation."""

from __future__ import annotations

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
