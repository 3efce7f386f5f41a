"""Fixtures shared by every app's tests. The suite runs on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pqrs.accounts.models import Area, AreaMembership, Role, User
from pqrs.cases.defaults import defaults_load
from pqrs.core import clock
from pqrs.core.models import Entity
from pqrs.core.selectors import entity, entity_cache_clear
from pqrs.core.services import entity_save
from pqrs.deadlines.selectors import calendar_cache_clear

BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture(autouse=True)
def _fresh_entity() -> Iterator[None]:
    """The entity is cached across requests; a test's rolled-back edit must not outlive it."""
    entity_cache_clear()
    yield
    entity_cache_clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    """Users are made in most tests; argon2 spends ~0.2 s on each password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Debian's Chromium, never a downloaded browser (scripts/ensure-browser installs it). Without
# the background-networking flags it keeps dialing Google on this closed network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """A missing browser fails the browser tests; a skip would hide a missing install step."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser")


# Every page reports the Content-Security-Policy violations it meets on the console, where the
# browser fixture collects them (Chromium also logs its own "Refused to ..." lines there).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.effectiveDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or "Content Security Policy" in text


class CspWatchedBrowser:
    """The Playwright browser; each context it opens records CSP violations in ``violations``,
    so a page that needs an inline script, handler or style fails its browser test."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.violations: list[str] = []

    def _record(self, message: Any) -> None:
        if is_csp_violation(message.text):
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def watch(self, context: Any) -> Any:
        context.add_init_script(CSP_REPORTER)
        context.on("console", self._record)
        return context

    def new_context(self, **options: Any) -> Any:
        return self.watch(self._browser.new_context(**options))

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Headless Debian Chromium, started per test: a Playwright kept alive across tests leaves
    its event loop running on this thread, and the next one in the same worker refuses to
    start. A Content-Security-Policy violation on any page fails the test."""
    require_chromium()
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM calls from this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        watched = CspWatchedBrowser(instance)
        yield watched
        # ORM calls made while Playwright's event loop ran opened their own connection (Django
        # keys connections by context there); close it or the test database cannot be dropped.
        connections.close_all()
        instance.close()
        if watched.violations:
            pytest.fail("Content-Security-Policy violations:\n" + "\n".join(watched.violations))


@pytest.fixture
def set_entity(db, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """``set_entity(name=..., nit=...)`` saves the entity's identity as the admin does."""

    def save(**fields: str) -> Entity:
        row = entity()
        for name, value in fields.items():
            setattr(row, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            return entity_save(entity=row)

    return save


@pytest.fixture
def defaults(db) -> None:  # type: ignore[no-untyped-def]
    defaults_load()


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware moment in Bogotá."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


@pytest.fixture
def frozen() -> Iterator[object]:
    """``frozen(moment)`` freezes the clock until the test ends or the next call."""
    stack: list = []

    def freeze(moment: dt.datetime) -> None:
        while stack:
            stack.pop().__exit__(None, None, None)
        ctx = clock.freeze(moment)
        ctx.__enter__()
        stack.append(ctx)

    yield freeze
    while stack:
        stack.pop().__exit__(None, None, None)


class Org:
    """A small organization: two areas, one person per role."""

    def __init__(self) -> None:
        self.area_a = Area.objects.create(code="hacienda", name="Hacienda")
        self.area_b = Area.objects.create(code="salud", name="Salud")
        self.admin = self._user("admin", Role.ADMINISTRATOR)
        self.clerk = self._user("radicador", Role.FILING_CLERK)
        self.lead_a = self._user("jefe.a", Role.AREA_LEAD, self.area_a)
        self.officer_a = self._user("gestor.a", Role.OFFICER, self.area_a)
        self.officer_a2 = self._user("gestor.a2", Role.OFFICER, self.area_a)
        self.lead_b = self._user("jefe.b", Role.AREA_LEAD, self.area_b)
        self.officer_b = self._user("gestor.b", Role.OFFICER, self.area_b)
        self.auditor = self._user("auditor", Role.AUDITOR)
        Area.objects.filter(pk=self.area_a.pk).update(lead=self.lead_a)
        Area.objects.filter(pk=self.area_b.pk).update(lead=self.lead_b)

    @staticmethod
    def _user(username: str, role: str, area: Area | None = None) -> User:
        user = User.objects.create_user(username=username, password="x-Secret-2026", role=role)
        if area is not None:
            AreaMembership.objects.create(user=user, area=area)
        return user


@pytest.fixture
def org(defaults) -> Org:  # type: ignore[no-untyped-def]
    return Org()


class Control:
    """The area that receives confidential reports (made by the defaults), with its people."""

    def __init__(self) -> None:
        self.area = Area.objects.get(receives_confidential=True)
        self.lead = Org._user("jefe.control", Role.AREA_LEAD, self.area)
        self.officer = Org._user("gestor.control", Role.OFFICER, self.area)
        Area.objects.filter(pk=self.area.pk).update(lead=self.lead)


@pytest.fixture
def control(org) -> Control:  # type: ignore[no-untyped-def]
    return Control()


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Celery tasks run in the test's process when queued (after the commit that queues them)."""
    from config.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
