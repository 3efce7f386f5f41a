"""Fixtures for the portal tests: a clean cache (rate limits), eager Celery, files to upload,
and, for the browser tests, Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery(eager_celery) -> None:  # type: ignore[no-untyped-def]
    """Every test here sends what it queues."""


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="es-CO",
        viewport={"width": 412, "height": 915},
        accept_downloads=True,
        base_url=live_server.url,
    )
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()
