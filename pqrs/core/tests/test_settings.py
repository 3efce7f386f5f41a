"""Production settings: no default secret, and Django's deploy checks are clean."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PQRS_"))}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# A complete production environment; each refusal test leaves one setting out.
PRODUCTION = {
    "PQRS_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Q!" * 12,
    "DJANGO_ALLOWED_HOSTS": "pqrs.example.gov.co",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/pqrs",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "PQRS_PUBLIC_BASE_URL": "https://pqrs.example.gov.co",
}


@pytest.mark.slow
def test_deploy_checks_are_clean_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set in production"),
        ("CACHE_URL", "CACHE_URL (a shared Redis cache) must be set in production"),
        ("PQRS_PUBLIC_BASE_URL", "PQRS_PUBLIC_BASE_URL (the portal's public address) must be set"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.slow
def test_the_shared_cache_is_the_real_redis():
    """Rate limits counted by one web process are seen by another through Redis."""
    env = {"CACHE_URL": "redis://127.0.0.1:6379/1"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", _django_snippet("cache.set('pqrs-test-key', 'seen', 30)")],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    reader = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _django_snippet("print(cache.get('pqrs-test-key'))")],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert reader.stdout.strip() == "seen"


def _django_snippet(statement: str) -> str:
    return (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        f"django.setup(); from django.core.cache import cache; {statement}"
    )


@pytest.mark.slow
def test_production_sends_the_security_headers_and_limits_staff_sessions():
    """Content-Security-Policy, Permissions-Policy and Cache-Control as production serves
    them, and the staff session limits it runs with (issue 8, item 8)."""
    snippet = (
        "import json; from django.conf import settings; from django.test import Client;"
        "r = Client().get('/desk/login/', secure=True, HTTP_HOST='pqrs.example.gov.co');"
        "print(json.dumps({'status': r.status_code, 'csp': r.get('Content-Security-Policy'),"
        " 'pp': r.get('Permissions-Policy'), 'cache': r.get('Cache-Control'),"
        " 'idle': settings.PQRS_STAFF_IDLE_MINUTES, 'hours': settings.PQRS_STAFF_SESSION_HOURS,"
        " 'cookie_age': settings.SESSION_COOKIE_AGE, 'axes_ip': settings.AXES_CLIENT_IP_CALLABLE,"
        " 'proxies': settings.PQRS_TRUSTED_PROXY_COUNT}))"
    )
    result = _manage(
        "shell", "--no-imports", "-c", snippet, **PRODUCTION, PQRS_TRUSTED_PROXY_COUNT="1"
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert "script-src 'self'" in seen["csp"]
    assert "style-src 'self'" in seen["csp"]
    assert "frame-ancestors 'none'" in seen["csp"]
    assert "unsafe-inline" not in seen["csp"]
    assert "camera=()" in seen["pp"]
    assert "geolocation=()" in seen["pp"]
    assert {"private", "no-store"} <= {part.strip() for part in seen["cache"].split(",")}
    assert (seen["idle"], seen["hours"]) == (30, 10)
    assert seen["cookie_age"] == 10 * 60 * 60
    assert seen["axes_ip"] == "pqrs.core.net.client_ip"
    assert seen["proxies"] == 1
